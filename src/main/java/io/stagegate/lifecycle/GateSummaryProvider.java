package io.stagegate.lifecycle;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Tells the project view what the current gate lacks; implemented by the gate module. */
public interface GateSummaryProvider {

    GateSummary summarize(Project project, PhaseProgress progress);

    /**
     * The summaries of several projects' current gates, keyed by project id; {@code current} holds each project's
     * phase being worked. Implementations read them together, so that a list costs the same queries as one view.
     */
    default Map<String, GateSummary> summarizeAll(List<Project> projects, Map<String, PhaseProgress> current) {
        Map<String, GateSummary> summaries = new HashMap<>();
        projects.forEach(p -> summaries.put(p.id(), summarize(p, current.get(p.id()))));
        return summaries;
    }

    record GateSummary(
            Phase phase,
            List<String> missingDeliverables,
            List<String> pendingChecks,
            List<String> pendingSignoffs,
            List<String> unmetKpis) {}
}
