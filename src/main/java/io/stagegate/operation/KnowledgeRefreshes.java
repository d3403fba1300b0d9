package io.stagegate.operation;

import static io.stagegate.operation.OperationProcess.NOTE;
import static io.stagegate.operation.OperationProcess.PROJECT_NAME;
import static io.stagegate.operation.OperationProcess.SUMMARY;

import io.stagegate.deliverable.Deliverable;
import io.stagegate.deliverable.DeliverableManagement;
import io.stagegate.deliverable.DeliverableManagement.Registration;
import io.stagegate.deliverable.DeliverableRepository;
import io.stagegate.gate.GateKeeper;
import io.stagegate.lifecycle.Actor;
import io.stagegate.lifecycle.EngineActions;
import io.stagegate.lifecycle.EngineUser;
import io.stagegate.lifecycle.OpenTaskRepository;
import io.stagegate.lifecycle.Phase;
import io.stagegate.lifecycle.Project;
import io.stagegate.lifecycle.ProjectRepository;
import io.stagegate.lifecycle.Refusal;
import io.stagegate.operation.OperationEvents.KnowledgeRefreshOverdue;
import io.stagegate.operation.OperationEvents.KnowledgeRefreshed;
import io.stagegate.operation.OperationRecords.EntryKind;
import io.stagegate.operation.OperationRecords.KnowledgeRefresh;
import io.stagegate.operation.OperationRecords.OperationSchedule;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.task.Task;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Knowledge-base refreshes on the project's cycle. A refresh is done when the team has registered a new
 * {@code knowledge-base-index} version since its task appeared; completing it then logs the refresh and registers the
 * optimization log as a new {@code optimization-log} version, and the next refresh falls due a cycle later. One not
 * done within the grace is escalated to the PMO.
 */
@Component
class KnowledgeRefreshes {

    static final String KNOWLEDGE_BASE_INDEX = "knowledge-base-index";
    static final String OPTIMIZATION_LOG = "optimization-log";

    private final ProjectRepository projects;
    private final OperationRepository operations;
    private final DeliverableRepository deliverables;
    private final DeliverableManagement deliverableManagement;
    private final OptimizationLog log;
    private final GateKeeper keeper;
    private final OpenTaskRepository openTasks;
    private final EngineActions engine;
    private final TaskService taskService;
    private final ApplicationEventPublisher events;

    KnowledgeRefreshes(
            ProjectRepository projects,
            OperationRepository operations,
            DeliverableRepository deliverables,
            DeliverableManagement deliverableManagement,
            OptimizationLog log,
            GateKeeper keeper,
            OpenTaskRepository openTasks,
            EngineActions engine,
            TaskService taskService,
            ApplicationEventPublisher events) {
        this.projects = projects;
        this.operations = operations;
        this.deliverables = deliverables;
        this.deliverableManagement = deliverableManagement;
        this.log = log;
        this.keeper = keeper;
        this.openTasks = openTasks;
        this.engine = engine;
        this.taskService = taskService;
        this.events = events;
    }

    void taskCreated(DelegateTask task) {
        String projectId = task.getExecution().getProcessBusinessKey();
        Project project = projects.findById(projectId).orElseThrow();
        OperationSchedule schedule = operations.schedule(projectId).orElseThrow();
        Optional<Deliverable> index = latestIndex(projectId);
        KnowledgeRefresh refresh = new KnowledgeRefresh(
                task.getId(),
                projectId,
                schedule.nextRefreshDue(),
                task.getDueDate().toInstant(),
                index.map(Deliverable::version).orElse(0),
                null,
                null,
                null,
                null,
                null);
        operations.insert(refresh);
        task.setVariableLocal(PROJECT_NAME, project.name());
        task.setVariableLocal(SUMMARY, summary(project, refresh, index));
        task.setVariableLocal(NOTE, null);
    }

    void complete(String projectId, String taskId, String note, Actor actor) {
        Project project = projects.lock(projectId).orElseThrow(() -> Refusal.notFound("No project " + projectId));
        keeper.checkContributor(project, actor);
        if (note != null && note.length() > OperationProcess.NOTE_LIMIT) {
            throw Refusal.badRequest(NOTE, "a note has at most " + OperationProcess.NOTE_LIMIT + " characters");
        }
        KnowledgeRefresh refresh = operations
                .refresh(taskId)
                .orElseThrow(() -> new IllegalStateException("Knowledge refresh task " + taskId + " is unknown"));
        Deliverable index = latestIndex(projectId)
                .filter(d -> d.version() > refresh.baselineVersion())
                .orElseThrow(() -> Refusal.unprocessable("Register a new " + KNOWLEDGE_BASE_INDEX
                        + " version (phase DATA) before completing the refresh; the latest is v"
                        + refresh.baselineVersion()));
        log.append(
                projectId,
                EntryKind.KNOWLEDGE_REFRESH,
                actor.userId(),
                "Knowledge base refreshed (due " + refresh.scheduledFor() + "): " + KNOWLEDGE_BASE_INDEX + " v"
                        + index.version() + ", sha256 " + index.sha256()
                        + (note == null || note.isBlank() ? "" : ". " + note));
        Instant now = OperationProcess.now();
        Deliverable logVersion = deliverableManagement.register(
                projectId,
                new Registration(
                        Phase.OPERATION,
                        OPTIMIZATION_LOG,
                        "Optimization log after the knowledge refresh of " + now,
                        null,
                        null,
                        Map.of(),
                        log.render(projectId, project.name()).getBytes(StandardCharsets.UTF_8),
                        "text/markdown",
                        "optimization-log.md"),
                actor);
        operations.completed(taskId, actor.userId(), now, index.version(), logVersion.version());
        operations.save(operations.schedule(projectId).orElseThrow().refreshed(now));
        events.publishEvent(
                new KnowledgeRefreshed(projectId, actor.userId(), taskId, index.version(), logVersion.version(), note));
    }

    /** The refresh ran past its grace: the PMO becomes a candidate of its task and sees it flagged overdue. */
    void escalate(String processInstanceId, String projectId) {
        projects.lock(projectId).orElseThrow();
        Instant now = OperationProcess.now();
        List<Task> open = engine.withoutAuthorization(() -> taskService
                .createTaskQuery()
                .processInstanceId(processInstanceId)
                .taskDefinitionKey(OperationProcess.TASK_KNOWLEDGE_REFRESH)
                .list());
        for (Task task : open) {
            engine.withoutAuthorization(() -> {
                taskService.addCandidateGroup(task.getId(), Actor.PMO);
                return null;
            });
            openTasks.addCandidateGroup(task.getId(), Actor.PMO);
            openTasks.markOverdue(task.getId(), now);
            operations.escalated(task.getId(), now);
            KnowledgeRefresh refresh = operations.refresh(task.getId()).orElseThrow();
            events.publishEvent(new KnowledgeRefreshOverdue(
                    projectId, EngineUser.SYSTEM, task.getId(), refresh.scheduledFor(), refresh.due(), Actor.PMO));
        }
    }

    private Optional<Deliverable> latestIndex(String projectId) {
        return Optional.ofNullable(
                deliverables.latestPerType(projectId, Phase.DATA, 1).get(KNOWLEDGE_BASE_INDEX));
    }

    private static String summary(Project project, KnowledgeRefresh refresh, Optional<Deliverable> index) {
        return project.name() + " — knowledge-base refresh due " + refresh.scheduledFor() + ", escalated to the PMO"
                + " after " + refresh.due() + ".\n\nCurrent knowledge-base index: "
                + index.map(d -> "v" + d.version() + " (sha256 " + d.sha256() + ", registered " + d.submittedAt() + ")")
                        .orElse("none")
                + "\n\nRefresh the knowledge base, register its new index with POST /api/v1/projects/" + project.id()
                + "/deliverables (phase DATA, type " + KNOWLEDGE_BASE_INDEX + "), then complete this task.\n";
    }
}
