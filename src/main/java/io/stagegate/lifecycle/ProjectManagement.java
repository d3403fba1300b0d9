package io.stagegate.lifecycle;

import io.stagegate.lifecycle.LifecycleEvents.ApproachChosen;
import io.stagegate.lifecycle.LifecycleEvents.ProjectAmended;
import io.stagegate.lifecycle.LifecycleEvents.ProjectCreated;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating, amending and ending projects. Every write locks the project's row first and runs in one transaction
 * with the engine, so the project view never disagrees with the process.
 */
@Service
public class ProjectManagement {

    private final ProjectRepository projects;
    private final EngineActions engine;
    private final RuntimeService runtime;
    private final ApplicationEventPublisher events;
    private final List<PolicyReevaluation> reevaluations;

    ProjectManagement(
            ProjectRepository projects,
            EngineActions engine,
            RuntimeService runtime,
            ApplicationEventPublisher events,
            List<PolicyReevaluation> reevaluations) {
        this.projects = projects;
        this.engine = engine;
        this.runtime = runtime;
        this.events = events;
        this.reevaluations = reevaluations;
    }

    /** What a new project starts with. */
    public record NewProject(String name, ProjectProfile profile, List<Kpi> kpis, Team team) {}

    /** An amendment; null fields stay as they are. */
    public record Amendment(
            String name,
            List<Kpi> kpis,
            Team team,
            ProjectProfile.Audience audience,
            List<ProjectProfile.Jurisdiction> jurisdictions,
            ProjectProfile.EuRiskClass euRiskClass,
            ProjectProfile.PrivacyLevel privacyLevel,
            String reason) {}

    @Transactional
    public Project create(NewProject command, Actor actor) {
        if (!actor.isMember(Actor.PMO) && !actor.isMember(Actor.CONTRIBUTOR) && !actor.isMember(Actor.INTEGRATION)) {
            throw Refusal.forbidden("Projects are created by the PMO, the project team or an integrating system");
        }
        Project project = Project.create(
                UUID.randomUUID().toString(),
                command.name(),
                command.profile(),
                command.team(),
                command.kpis(),
                actor.userId(),
                Instant.now());
        projects.insert(project);
        events.publishEvent(new ProjectCreated(
                project.id(), actor.userId(), project.name(), project.profile(), project.kpis(), project.team()));
        ProcessInstance instance = engine.asSystemFor(
                actor.userId(),
                actor.groups(),
                () -> runtime.startProcessInstanceByKey(LifecycleProcess.PROCESS_KEY, project.id()));
        Project started = projects.findById(project.id()).orElseThrow();
        projects.attachProcessInstance(started, instance.getProcessInstanceId());
        return started;
    }

    @Transactional
    public Project amend(String projectId, Amendment amendment, Actor actor) {
        requirePmo(actor, "amends a project");
        Project project = lockOpen(projectId);
        ProjectProfile p = project.profile();
        ProjectProfile profile = new ProjectProfile(
                p.industry(),
                amendment.privacyLevel() == null ? p.privacyLevel() : amendment.privacyLevel(),
                p.processComplexity(),
                p.domainSpecialization(),
                amendment.audience() == null ? p.audience() : amendment.audience(),
                amendment.jurisdictions() == null ? p.jurisdictions() : amendment.jurisdictions(),
                amendment.euRiskClass() == null ? p.euRiskClass() : amendment.euRiskClass());
        project.amend(
                amendment.name() == null ? project.name() : amendment.name(),
                profile,
                amendment.team() == null ? project.team() : amendment.team(),
                amendment.kpis() == null ? project.kpis() : amendment.kpis());
        projects.save(project);
        reevaluations.forEach(r -> r.reevaluate(project));
        events.publishEvent(new ProjectAmended(
                projectId,
                actor.userId(),
                amendment.reason(),
                project.name(),
                project.profile(),
                project.kpis(),
                project.team()));
        return project;
    }

    @Transactional
    public Project chooseApproach(
            String projectId, DeploymentMode mode, List<String> techniques, String justification, Actor actor) {
        if (!actor.isMember(Actor.CONTRIBUTOR)) {
            throw Refusal.forbidden("The approach is chosen by the project team (group contributor)");
        }
        Project project = lockOpen(projectId);
        if (!project.acceptsContributor(actor.userId())) {
            throw Refusal.forbidden("User " + actor.userId() + " is not a member of this project's team");
        }
        if (project.currentPhase() != Phase.ARCHITECTURE || project.phaseState() != PhaseState.IN_PREPARATION) {
            throw Refusal.conflict("The approach is chosen while ARCHITECTURE is in preparation (project is at "
                    + project.currentPhase() + " / " + project.phaseState() + ")");
        }
        boolean deviates = ApproachPolicy.deviates(project.recommendation(), mode, techniques);
        if (deviates && (justification == null || justification.isBlank())) {
            throw Refusal.badRequest(
                    "justification", "an approach that deviates from the recommendation needs a justification");
        }
        project.choose(new Approach(mode, techniques, justification, deviates));
        projects.save(project);
        reevaluations.forEach(r -> r.reevaluate(project));
        events.publishEvent(new ApproachChosen(projectId, actor.userId(), project.approach()));
        return project;
    }

    @Transactional
    public Project cancel(String projectId, String reason, Actor actor) {
        requirePmo(actor, "cancels a project");
        Project project = projects.lock(projectId).orElseThrow(() -> Refusal.notFound("No project " + projectId));
        if (project.status() != ProjectStatus.ACTIVE) {
            throw Refusal.conflict("Only an ACTIVE project can be cancelled; this one is " + project.status());
        }
        correlate(
                project,
                LifecycleProcess.MESSAGE_CANCELLATION,
                Map.of("cancellationReason", reason == null ? "" : reason),
                actor);
        return projects.findById(projectId).orElseThrow();
    }

    @Transactional
    public Project retire(String projectId, String reason, Actor actor) {
        requirePmo(actor, "retires a project");
        Project project = projects.lock(projectId).orElseThrow(() -> Refusal.notFound("No project " + projectId));
        if (project.status() != ProjectStatus.OPERATING) {
            throw Refusal.conflict("Only an OPERATING project can be retired; this one is " + project.status());
        }
        correlate(
                project,
                LifecycleProcess.MESSAGE_RETIREMENT,
                Map.of("retirementReason", reason == null ? "" : reason),
                actor);
        return projects.findById(projectId).orElseThrow();
    }

    @Transactional(readOnly = true)
    public Project get(String projectId) {
        return projects.findById(projectId).orElseThrow(() -> Refusal.notFound("No project " + projectId));
    }

    private void correlate(Project project, String message, Map<String, Object> variables, Actor actor) {
        engine.asSystemFor(actor.userId(), actor.groups(), () -> runtime.createMessageCorrelation(message)
                .processInstanceId(project.processInstanceId())
                .setVariables(variables)
                .correlateWithResult());
    }

    private Project lockOpen(String projectId) {
        Project project = projects.lock(projectId).orElseThrow(() -> Refusal.notFound("No project " + projectId));
        if (!project.status().isOpen()) {
            throw Refusal.conflict("Project is " + project.status());
        }
        return project;
    }

    private static void requirePmo(Actor actor, String what) {
        if (!actor.isMember(Actor.PMO)) {
            throw Refusal.forbidden("Only the PMO " + what);
        }
    }

    /** Told when a project's profile or approach changed, so that current and later gates follow the policy. */
    public interface PolicyReevaluation {
        void reevaluate(Project project);
    }
}
