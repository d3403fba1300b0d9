package io.stagegate.lifecycle;

import java.util.List;

/** The lifecycle module's events, in the past tense. */
public final class LifecycleEvents {

    private LifecycleEvents() {}

    public record ProjectCreated(
            String projectId, String actor, String name, ProjectProfile profile, List<Kpi> kpis, Team team)
            implements ProjectEvent {}

    public record ProjectAmended(
            String projectId,
            String actor,
            String reason,
            String name,
            ProjectProfile profile,
            List<Kpi> kpis,
            Team team)
            implements ProjectEvent {}

    public record ApproachRecommended(String projectId, String actor, Recommendation recommendation)
            implements ProjectEvent {}

    public record ApproachChosen(String projectId, String actor, Approach approach) implements ProjectEvent {
        @Override
        public Phase phase() {
            return Phase.ARCHITECTURE;
        }
    }

    public record PhaseEntered(
            String projectId,
            String actor,
            Phase phase,
            int iteration,
            List<String> requiredChecks,
            List<String> requiredSignoffs,
            String policy)
            implements ProjectEvent {}

    public record PhaseSubmitted(String projectId, String actor, Phase phase, int iteration) implements ProjectEvent {}

    public record PhaseReturnedToPreparation(String projectId, String actor, Phase phase, int iteration, String cause)
            implements ProjectEvent {}

    public record ProjectLaunched(String projectId, String actor) implements ProjectEvent {
        @Override
        public Phase phase() {
            return Phase.OPERATION;
        }
    }

    public record ProjectCancelled(String projectId, String actor, Phase phase, String reason)
            implements ProjectEvent {}

    public record ProjectRetired(String projectId, String actor, String reason) implements ProjectEvent {}
}
