package io.stagegate.lifecycle;

import java.util.List;

/** Tells the project view what the current gate lacks; implemented by the gate module. */
public interface GateSummaryProvider {

    GateSummary summarize(Project project, PhaseProgress progress);

    record GateSummary(
            Phase phase,
            List<String> missingDeliverables,
            List<String> pendingChecks,
            List<String> pendingSignoffs,
            List<String> unmetKpis) {}
}
