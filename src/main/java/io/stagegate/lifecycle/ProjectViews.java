package io.stagegate.lifecycle;

import io.stagegate.lifecycle.GateSummaryProvider.GateSummary;
import io.stagegate.lifecycle.OperationSummaryProvider.OperationSummary;
import io.stagegate.lifecycle.ProjectView.ApproachView;
import io.stagegate.lifecycle.ProjectView.PhaseView;
import io.stagegate.lifecycle.ProjectView.RecommendationView;
import io.stagegate.lifecycle.ProjectView.TaskView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Builds the project view from the read model: the project row, its phases, its open tasks, its gate and, once
 * launched, its operation. One view and a page of views cost the same queries (see docs/performance.md).
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
        return views(List.of(project), locale).get(0);
    }

    /**
     * The views of several projects with a fixed number of queries, whatever their number (the project list): each
     * part of the view is read for all of them at once.
     */
    public List<ProjectView> views(List<Project> projects, Locale locale) {
        if (projects.isEmpty()) {
            return List.of();
        }
        List<String> ids = projects.stream().map(Project::id).toList();
        Map<String, List<PhaseProgress>> phases = this.projects.phasesOf(ids);
        Map<String, List<OpenTask>> openTasks = tasks.ofProjects(ids);
        Map<String, PhaseProgress> current = new HashMap<>();
        List<Project> working = new ArrayList<>();
        for (Project project : projects) {
            PhaseProgress progress = phases.getOrDefault(project.id(), List.of()).stream()
                    .filter(p -> p.phase() == project.currentPhase())
                    .findFirst()
                    .orElseThrow();
            current.put(project.id(), progress);
            if (project.status().isOpen()
                    && progress.state() != PhaseState.PASSED
                    && progress.state() != PhaseState.NOT_STARTED) {
                working.add(project);
            }
        }
        Map<String, GateSummary> gateSummaries = working.isEmpty() ? Map.of() : gates.summarizeAll(working, current);
        Map<String, OperationSummary> operationSummaries = operations.summarizeAll(projects);
        return projects.stream()
                .map(project -> view(
                        project,
                        current.get(project.id()),
                        gateSummaries.get(project.id()),
                        phases.get(project.id()),
                        openTasks.getOrDefault(project.id(), List.of()),
                        operationSummaries.get(project.id()),
                        locale))
                .toList();
    }

    private ProjectView view(
            Project project,
            PhaseProgress current,
            GateSummary gate,
            List<PhaseProgress> phases,
            List<OpenTask> openTasks,
            OperationSummary operation,
            Locale locale) {
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
                gate,
                phases.stream()
                        .map(p -> new PhaseView(
                                p.phase(),
                                Catalogue.localized(catalogue.phase(p.phase()).name(), locale),
                                p.state(),
                                p.iteration(),
                                p.revalidationRequired()))
                        .toList(),
                openTasks.stream()
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
                operation,
                project.processInstanceId(),
                project.createdBy(),
                project.createdAt(),
                project.updatedAt());
    }
}
