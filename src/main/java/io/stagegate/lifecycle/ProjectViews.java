package io.stagegate.lifecycle;

import io.stagegate.lifecycle.ProjectView.ApproachView;
import io.stagegate.lifecycle.ProjectView.PhaseView;
import io.stagegate.lifecycle.ProjectView.RecommendationView;
import io.stagegate.lifecycle.ProjectView.TaskView;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Builds the project view from the read model: the project row, its phases, its open tasks, its gate and, once
 * launched, its operation.
 */
@Component
public class ProjectViews {

    private final ProjectRepository projects;
    private final OpenTaskRepository tasks;
    private final GateSummaryProvider gates;
    private final OperationSummaryProvider operations;
    private final Catalogue catalogue;

    ProjectViews(
            ProjectRepository projects,
            OpenTaskRepository tasks,
            GateSummaryProvider gates,
            OperationSummaryProvider operations,
            Catalogue catalogue) {
        this.projects = projects;
        this.tasks = tasks;
        this.gates = gates;
        this.operations = operations;
        this.catalogue = catalogue;
    }

    public ProjectView view(Project project, Locale locale) {
        List<PhaseProgress> phases = projects.phases(project.id());
        PhaseProgress current = phases.stream()
                .filter(p -> p.phase() == project.currentPhase())
                .findFirst()
                .orElseThrow();
        boolean working = project.status().isOpen()
                && current.state() != PhaseState.PASSED
                && current.state() != PhaseState.NOT_STARTED;
        ProjectProfile profile = project.profile();
        Recommendation r = project.recommendation();
        Approach a = project.approach();
        return new ProjectView(
                project.id(),
                project.name(),
                profile.industry(),
                profile.privacyLevel(),
                profile.processComplexity(),
                profile.domainSpecialization(),
                profile.audience(),
                profile.jurisdictions(),
                profile.euRiskClass(),
                project.kpis(),
                project.team(),
                project.status(),
                project.currentPhase(),
                project.phaseState(),
                current.iteration(),
                project.validationLoops(),
                r == null ? null : new RecommendationView(r.deploymentMode(), r.techniques(), r.policy()),
                a == null
                        ? null
                        : new ApproachView(a.deploymentMode(), a.techniques(), a.justification(), a.deviates()),
                working ? gates.summarize(project, current) : null,
                phases.stream()
                        .map(p -> new PhaseView(
                                p.phase(),
                                Catalogue.localized(catalogue.phase(p.phase()).name(), locale),
                                p.state(),
                                p.iteration(),
                                p.revalidationRequired()))
                        .toList(),
                tasks.ofProject(project.id()).stream()
                        .map(t -> new TaskView(
                                t.id(),
                                t.key(),
                                t.name(),
                                t.phase(),
                                t.function(),
                                t.candidateGroups(),
                                t.due(),
                                t.overdueAt() != null))
                        .toList(),
                operations.summarize(project),
                project.processInstanceId(),
                project.createdBy(),
                project.createdAt(),
                project.updatedAt());
    }
}
