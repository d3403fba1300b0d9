package io.stagegate.lifecycle;

import io.stagegate.lifecycle.GateSummaryProvider.GateSummary;
import io.stagegate.lifecycle.OperationSummaryProvider.OperationSummary;
import io.stagegate.lifecycle.ProjectProfile.Audience;
import io.stagegate.lifecycle.ProjectProfile.DomainSpecialization;
import io.stagegate.lifecycle.ProjectProfile.EuRiskClass;
import io.stagegate.lifecycle.ProjectProfile.Industry;
import io.stagegate.lifecycle.ProjectProfile.Jurisdiction;
import io.stagegate.lifecycle.ProjectProfile.PrivacyLevel;
import io.stagegate.lifecycle.ProjectProfile.ProcessComplexity;
import java.time.Instant;
import java.util.List;

/** The project as the API shows it. */
public record ProjectView(
        String id,
        String name,
        Industry industry,
        PrivacyLevel privacyLevel,
        ProcessComplexity processComplexity,
        DomainSpecialization domainSpecialization,
        Audience audience,
        List<Jurisdiction> jurisdictions,
        EuRiskClass euRiskClass,
        List<Kpi> kpis,
        Team team,
        ProjectStatus status,
        Phase currentPhase,
        PhaseState phaseState,
        int iteration,
        int validationLoops,
        RecommendationView recommendation,
        ApproachView approach,
        GateSummary gate,
        List<PhaseView> phases,
        List<TaskView> openTasks,
        OperationSummary operation,
        String processInstanceId,
        String createdBy,
        Instant createdAt,
        Instant updatedAt) {

    public record RecommendationView(DeploymentMode deploymentMode, List<String> techniques, String policy) {}

    public record ApproachView(
            DeploymentMode deploymentMode, List<String> techniques, String justification, boolean deviates) {}

    public record PhaseView(Phase key, String name, PhaseState state, int iterations, boolean revalidationRequired) {}

    public record TaskView(
            String id,
            String key,
            String name,
            Phase phase,
            String function,
            List<String> candidateGroups,
            Instant due,
            boolean overdue) {}
}
