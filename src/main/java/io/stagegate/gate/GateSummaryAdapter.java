package io.stagegate.gate;

import io.stagegate.lifecycle.GateSummaryProvider;
import io.stagegate.lifecycle.PhaseProgress;
import io.stagegate.lifecycle.Project;
import org.springframework.stereotype.Component;

@Component
class GateSummaryAdapter implements GateSummaryProvider {

    private final GateInspection inspection;

    GateSummaryAdapter(GateInspection inspection) {
        this.inspection = inspection;
    }

    @Override
    public GateSummary summarize(Project project, PhaseProgress progress) {
        GateStatus status = inspection.status(project, progress);
        return new GateSummary(
                status.phase(),
                status.missingDeliverables(),
                status.pendingChecks(),
                status.pendingSignoffs(),
                status.unmetKpis());
    }
}
