package io.stagegate.gate;

import io.stagegate.gate.GateEvents.CheckConfirmed;
import io.stagegate.gate.GateRecords.CheckConfirmation;
import io.stagegate.lifecycle.Actor;
import io.stagegate.lifecycle.Catalogue;
import io.stagegate.lifecycle.EngineActions;
import io.stagegate.lifecycle.LifecycleProcess;
import io.stagegate.lifecycle.OpenTask;
import io.stagegate.lifecycle.OpenTaskRepository;
import io.stagegate.lifecycle.Phase;
import io.stagegate.lifecycle.PhaseProgress;
import io.stagegate.lifecycle.PhaseState;
import io.stagegate.lifecycle.Project;
import io.stagegate.lifecycle.ProjectManagement.PolicyReevaluation;
import io.stagegate.lifecycle.ProjectRepository;
import io.stagegate.lifecycle.Refusal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.TaskService;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The API side of the gates. Each action locks the project row, checks the rules to answer precisely (403, 409,
 * 422 with what is missing), then completes the engine task as the calling user; the task's listeners check the
 * same rules again and record the outcome, so the rules hold for every channel and the loser of two concurrent
 * decisions waits on the lock and gets 409.
 */
@Service
public class GateManagement implements PolicyReevaluation {

    private final ProjectRepository projects;
    private final OpenTaskRepository tasks;
    private final GateKeeper keeper;
    private final GateRepository records;
    private final GatePolicies policies;
    private final Catalogue catalogue;
    private final TaskService taskService;
    private final EngineActions engine;
    private final ApplicationEventPublisher events;

    GateManagement(
            ProjectRepository projects,
            OpenTaskRepository tasks,
            GateKeeper keeper,
            GateRepository records,
            GatePolicies policies,
            Catalogue catalogue,
            TaskService taskService,
            EngineActions engine,
            ApplicationEventPublisher events) {
        this.projects = projects;
        this.tasks = tasks;
        this.keeper = keeper;
        this.records = records;
        this.policies = policies;
        this.catalogue = catalogue;
        this.taskService = taskService;
        this.engine = engine;
        this.events = events;
    }

    @Transactional
    public Project confirmCheck(
            String projectId, Phase phase, String checkKey, boolean confirmed, String evidence, Actor actor) {
        Project project = lock(projectId);
        keeper.checkContributor(project, actor);
        if (catalogue.check(checkKey).isEmpty()) {
            throw Refusal.notFound("No check '" + checkKey + "' in the catalogue");
        }
        keeper.checkState(project, phase, PhaseState.IN_PREPARATION);
        PhaseProgress progress = projects.phase(projectId, phase);
        if (!progress.requiredChecks().contains(checkKey)) {
            throw Refusal.unprocessable(
                    "Check '" + checkKey + "' does not apply to the " + phase + " gate of this project");
        }
        records.insert(new CheckConfirmation(
                UUID.randomUUID().toString(),
                projectId,
                phase,
                progress.iteration(),
                checkKey,
                confirmed,
                evidence,
                actor.userId(),
                Instant.now()));
        events.publishEvent(new CheckConfirmed(
                projectId, actor.userId(), phase, progress.iteration(), checkKey, confirmed, evidence));
        return project;
    }

    @Transactional
    public Project submit(String projectId, Phase phase, Actor actor) {
        Project project = lock(projectId);
        keeper.checkState(project, phase, PhaseState.IN_PREPARATION);
        keeper.checkSubmission(project, projects.phase(projectId, phase), actor);
        complete(task(projectId, LifecycleProcess.TASK_PREPARE, null), Map.of(), actor);
        return reread(projectId);
    }

    @Transactional
    public Project signoff(
            String projectId, Phase phase, String function, String decision, String comment, Actor actor) {
        Project project = lock(projectId);
        keeper.checkState(project, phase, PhaseState.AWAITING_SIGNOFF);
        keeper.checkSignoff(project, projects.phase(projectId, phase), function, decision, comment, actor);
        Map<String, Object> variables = new HashMap<>();
        variables.put(GateTaskListeners.DECISION, decision);
        variables.put(GateTaskListeners.COMMENT, comment);
        complete(task(projectId, LifecycleProcess.TASK_SIGNOFF, function), variables, actor);
        return reread(projectId);
    }

    @Transactional
    public Project decide(
            String projectId, Phase phase, GateDecision decision, Phase loopTo, String comment, Actor actor) {
        Project project = lock(projectId);
        keeper.checkState(project, phase, PhaseState.AWAITING_GATE);
        Phase target = decision == GateDecision.LOOP && loopTo == null ? Phase.MODEL : loopTo;
        PhaseProgress progress = projects.phase(projectId, phase);
        GateInspection.Evidence evidence = keeper.checkDecision(project, progress, decision, target, comment, actor);
        Map<String, Object> variables = new HashMap<>();
        variables.put(GateTaskListeners.DECISION, decision.name());
        variables.put(GateTaskListeners.COMMENT, comment);
        if (target != null) {
            // only when there is one: a null variable still costs the engine a runtime row, its history and its removal
            variables.put(GateTaskListeners.LOOP_TO, target.name());
        }
        OpenTask task = task(projectId, LifecycleProcess.TASK_GATE_REVIEW, null);
        EvidenceHandOver.during(evidence, () -> complete(task, variables, actor));
        return reread(projectId);
    }

    /**
     * The PMO acknowledges that a passed phase's evidence changed (a new deliverable version after its gate), on the
     * record; 409 when the phase carries no such flag.
     */
    @Transactional
    public Project acknowledgeRevalidation(String projectId, Phase phase, String comment, Actor actor) {
        Project project = lock(projectId);
        if (!actor.isMember(Actor.PMO)) {
            throw Refusal.forbidden("Revalidation is acknowledged by the PMO");
        }
        PhaseProgress progress = projects.phase(projectId, phase);
        if (!progress.revalidationRequired()) {
            throw Refusal.conflict("Phase " + phase + " does not require revalidation");
        }
        projects.save(progress.withRevalidationRequired(false));
        events.publishEvent(new GateEvents.RevalidationAcknowledged(projectId, actor.userId(), phase, comment));
        return reread(projectId);
    }

    /** A changed profile or approach: the phase in preparation follows the policy as it now reads. */
    @Override
    public void reevaluate(Project project) {
        if (project.currentPhase() == null || project.phaseState() != PhaseState.IN_PREPARATION) {
            return;
        }
        PhaseProgress progress = projects.phase(project.id(), project.currentPhase());
        GatePolicies.Requirements requirements = policies.requirements(project, progress.phase());
        projects.save(progress.withRequirements(requirements.checks(), requirements.signoffs(), requirements.policy()));
    }

    private OpenTask task(String projectId, String key, String function) {
        List<OpenTask> open = tasks.find(projectId, key).stream()
                .filter(t -> function == null || function.equals(t.function()))
                .toList();
        if (open.isEmpty()) {
            throw Refusal.conflict("No open " + key + " task" + (function == null ? "" : " for " + function));
        }
        return open.get(0);
    }

    private void complete(OpenTask task, Map<String, Object> variables, Actor actor) {
        engine.asUser(actor.userId(), actor.groups(), () -> {
            taskService.complete(task.id(), variables);
            return null;
        });
    }

    private Project lock(String projectId) {
        return projects.lock(projectId).orElseThrow(() -> Refusal.notFound("No project " + projectId));
    }

    private Project reread(String projectId) {
        return projects.findById(projectId).orElseThrow();
    }
}
