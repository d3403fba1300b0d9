package io.stagegate.operation;

import io.stagegate.lifecycle.Actor;
import io.stagegate.lifecycle.EngineActions;
import io.stagegate.lifecycle.EngineUser;
import io.stagegate.lifecycle.LifecycleProcess;
import io.stagegate.lifecycle.OpenTask;
import io.stagegate.lifecycle.OpenTaskRepository;
import io.stagegate.lifecycle.PhaseProgress;
import io.stagegate.lifecycle.Project;
import io.stagegate.lifecycle.ProjectRepository;
import io.stagegate.operation.OperationEvents.GateOverdue;
import java.time.Instant;
import java.util.List;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Sign-off and gate-review tasks past their due date, found by the timers on those tasks: each open one is flagged
 * overdue in the project view, announced ({@code GATE_OVERDUE}, the webhook {@code gate.overdue}) and escalated to
 * the PMO, who becomes a candidate of a sign-off task (the engine still lets only the function's group sign it).
 */
@Component
class OverdueTasks {

    private final ProjectRepository projects;
    private final OpenTaskRepository openTasks;
    private final EngineActions engine;
    private final TaskService taskService;
    private final ApplicationEventPublisher events;

    OverdueTasks(
            ProjectRepository projects,
            OpenTaskRepository openTasks,
            EngineActions engine,
            TaskService taskService,
            ApplicationEventPublisher events) {
        this.projects = projects;
        this.openTasks = openTasks;
        this.engine = engine;
        this.taskService = taskService;
        this.events = events;
    }

    /** Escalates the open gate tasks of one phase instance that are not flagged yet. */
    void escalate(String phaseInstanceId, String projectId) {
        Project project = projects.lock(projectId).orElseThrow();
        PhaseProgress progress = projects.phase(projectId, project.currentPhase());
        Instant now = OperationProcess.now();
        List<Task> open = engine.withoutAuthorization(() -> taskService
                .createTaskQuery()
                .processInstanceId(phaseInstanceId)
                .taskDefinitionKeyIn(LifecycleProcess.TASK_SIGNOFF, LifecycleProcess.TASK_GATE_REVIEW)
                .list());
        for (Task task : open) {
            OpenTask recorded = openTasks.byId(task.getId()).orElse(null);
            if (recorded == null || recorded.overdueAt() != null) {
                continue;
            }
            openTasks.markOverdue(task.getId(), now);
            if (!recorded.candidateGroups().contains(Actor.PMO)) {
                engine.withoutAuthorization(() -> {
                    taskService.addCandidateGroup(task.getId(), Actor.PMO);
                    return null;
                });
                openTasks.addCandidateGroup(task.getId(), Actor.PMO);
            }
            events.publishEvent(new GateOverdue(
                    projectId,
                    EngineUser.SYSTEM,
                    progress.phase(),
                    progress.iteration(),
                    recorded.key(),
                    recorded.id(),
                    recorded.function(),
                    recorded.due(),
                    Actor.PMO));
        }
    }
}
