package io.stagegate.gate;

import io.stagegate.lifecycle.GateSummaryProvider;
import io.stagegate.lifecycle.PhaseProgress;
import io.stagegate.lifecycle.Project;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

@Component
class GateSummaryAdapter implements GateSummaryProvider {

    private final GateInspection inspection;

    GateSummaryAdapter(GateInspection inspection) {
        this.inspection = inspection;
    }

    @Override
    public GateSummary summarize(Project project, PhaseProgress progress) {
        return summary(inspection.status(project, progress));
    }

    @Override
    public Map<String, GateSummary> summarizeAll(List<Project> projects, Map<String, PhaseProgress> current) {
        Map<String, GateSummary> summaries = new HashMap<>();
        if (!projects.isEmpty()) {
            inspection.statuses(projects, current).forEach((id, status) -> summaries.put(id, summary(status)));
        }
        return summaries;
    }

    private static GateSummary summary(GateStatus status) {
        return new GateSummary(
                status.phase(),
                status.missingDeliverables(),
                status.pendingChecks(),
                status.pendingSignoffs(),
                status.unmetKpis());
    }
}
