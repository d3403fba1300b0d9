package io.stagegate.gate;

import io.stagegate.lifecycle.Phase;
import io.stagegate.lifecycle.ProjectEvent;
import java.util.List;

/** The gate module's events, in the past tense. */
public final class GateEvents {

    private GateEvents() {}

    public record CheckConfirmed(
            String projectId,
            String actor,
            Phase phase,
            int iteration,
            String checkKey,
            boolean confirmed,
            String evidence)
            implements ProjectEvent {}

    public record SignoffGiven(
            String projectId,
            String actor,
            Phase phase,
            int iteration,
            String function,
            String decision,
            String comment)
            implements ProjectEvent {}

    public record GateDecided(
            String projectId,
            String actor,
            Phase phase,
            int iteration,
            String decision,
            String loopTo,
            String comment,
            String decisionId,
            List<String> unmetKpis)
            implements ProjectEvent {}

    public record RiskAccepted(String projectId, String actor, Phase phase, List<String> unmetKpis, String reason)
            implements ProjectEvent {}

    public record ValidationLooped(String projectId, String actor, Phase phase, String loopTo, int loops)
            implements ProjectEvent {}

    public record RevalidationAcknowledged(String projectId, String actor, Phase phase, String comment)
            implements ProjectEvent {}
}
