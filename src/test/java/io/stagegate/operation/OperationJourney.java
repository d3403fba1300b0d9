package io.stagegate.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.stagegate.deliverable.DeliverableManagement;
import io.stagegate.deliverable.DeliverableManagement.Registration;
import io.stagegate.demo.LifecycleWalker;
import io.stagegate.lifecycle.Actor;
import io.stagegate.lifecycle.EngineActions;
import io.stagegate.lifecycle.Kpi;
import io.stagegate.lifecycle.LifecycleProcess;
import io.stagegate.lifecycle.Phase;
import io.stagegate.lifecycle.PhaseState;
import io.stagegate.lifecycle.ProjectManagement;
import io.stagegate.lifecycle.ProjectManagement.NewProject;
import io.stagegate.lifecycle.ProjectProfile;
import io.stagegate.lifecycle.ProjectStatus;
import io.stagegate.lifecycle.ProjectView;
import io.stagegate.lifecycle.ProjectViews;
import io.stagegate.lifecycle.Refusal;
import io.stagegate.lifecycle.Team;
import io.stagegate.operation.MetricManagement.Observation;
import io.stagegate.operation.OperationRecords.MetricObservation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;

/**
 * Takes projects into operation in-process, as the demo users would, and moves the engine's clock to fire timers:
 * {@link #fire} sets the clock just past a job's due date and executes it, as the job executor would (it is off in
 * the test profile). Only the given project's jobs run, so the demo projects and other tests' projects stay put.
 */
final class OperationJourney {

    static final Actor DEV = LifecycleWalker.DEV;
    static final Actor PMO = LifecycleWalker.PMO;
    static final Actor TECH = LifecycleWalker.SIGNERS.get("TECHNOLOGY");
    static final Actor INTEGRATION = new Actor("integration", List.of(Actor.INTEGRATION));

    static final Team TEAM = new Team("biz", "tech", "comp", List.of());
    /** Answer accuracy at least 97 %, p95 response time at most 2 s. */
    static final List<Kpi> KPIS = List.of(
            new Kpi("accuracy", 0.85, 0.97, "ratio", Kpi.Direction.AT_LEAST),
            new Kpi("p95LatencyMs", 3500, 2000, "ms", Kpi.Direction.AT_MOST));

    static final Map<String, Double> KPIS_MET = Map.of("accuracy", 0.975, "p95LatencyMs", 1500.0);

    private final ProcessEngine engine;
    private final ProjectManagement projects;
    private final ProjectViews views;
    private final LifecycleWalker walker;
    private final MetricManagement metrics;
    private final DeliverableManagement deliverables;
    private final EngineActions engineActions;

    OperationJourney(
            ProcessEngine engine,
            ProjectManagement projects,
            ProjectViews views,
            LifecycleWalker walker,
            MetricManagement metrics,
            DeliverableManagement deliverables,
            EngineActions engineActions) {
        this.engine = engine;
        this.projects = projects;
        this.views = views;
        this.walker = walker;
        this.metrics = metrics;
        this.deliverables = deliverables;
        this.engineActions = engineActions;
    }

    private static ProjectProfile retail() {
        return new ProjectProfile(
                ProjectProfile.Industry.RETAIL,
                ProjectProfile.PrivacyLevel.MEDIUM,
                ProjectProfile.ProcessComplexity.SIMPLE,
                ProjectProfile.DomainSpecialization.GENERAL,
                ProjectProfile.Audience.INTERNAL,
                List.of(),
                null);
    }

    String create(String name) {
        return projects.create(new NewProject(name, retail(), KPIS, TEAM), PMO).id();
    }

    /** A new project walked through all seven gates: it operates. */
    String launched(String name) {
        String id = create(name);
        for (int gate = 0; gate < Phase.values().length; gate++) {
            walker.pass(id, KPIS_MET);
        }
        assertThat(projects.get(id).status()).isEqualTo(ProjectStatus.OPERATING);
        return id;
    }

    /** Approves gate after gate until the project operates its live version again (after a re-iteration). */
    void passUntilOperating(String id) {
        for (int gate = 0;
                projects.get(id).currentPhase() != Phase.OPERATION
                        || projects.get(id).phaseState() != PhaseState.PASSED;
                gate++) {
            assertThat(gate).as("gates passed on the way back into operation").isLessThan(Phase.values().length);
            walker.pass(id, KPIS_MET);
        }
    }

    ProjectView view(String id) {
        return views.view(projects.get(id), Locale.ENGLISH);
    }

    ProcessInstance lifecycle(String id) {
        return running(LifecycleProcess.PROCESS_KEY, id);
    }

    ProcessInstance phase(String id) {
        return running(LifecycleProcess.PHASE_PROCESS_KEY, id);
    }

    MetricObservation push(String id, String metric, double value) {
        return metrics.record(id, new Observation(metric, value, null), INTEGRATION);
    }

    MetricObservation push(String id, String metric, double value, Instant observedAt) {
        return metrics.record(id, new Observation(metric, value, observedAt), INTEGRATION);
    }

    /** Registers a new version of the knowledge-base index, as the team does in a refresh. */
    void registerKnowledgeBaseIndex(String id) {
        deliverables.register(
                id,
                new Registration(
                        Phase.DATA,
                        KnowledgeRefreshes.KNOWLEDGE_BASE_INDEX,
                        "Refreshed knowledge-base index",
                        null,
                        null,
                        Map.of(),
                        ("index of " + id + " at " + now()).getBytes(StandardCharsets.UTF_8),
                        "text/plain",
                        "index.txt"),
                DEV);
    }

    /** The one open task of the project with this key. */
    Task task(String id, String key) {
        List<Task> tasks = tasks(id, key);
        assertThat(tasks).as("open %s tasks of %s", key, id).hasSize(1);
        return tasks.get(0);
    }

    List<Task> tasks(String id, String key) {
        return engine.getTaskService()
                .createTaskQuery()
                .processInstanceBusinessKey(id)
                .taskDefinitionKey(key)
                .list();
    }

    /** Completes a task through the engine as the user (as Tasklist does), with the submitted variables. */
    void complete(Task task, Actor actor, Map<String, Object> variables) {
        engineActions.asUser(actor.userId(), actor.groups(), () -> {
            engine.getTaskService().complete(task.getId(), variables);
            return null;
        });
    }

    /** The job of the project's lifecycle (or its running phase) waiting at this activity. */
    Job job(String processInstanceId, String activityId) {
        Job job = engine.getManagementService()
                .createJobQuery()
                .processInstanceId(processInstanceId)
                .activityId(activityId)
                .singleResult();
        assertThat(job).as("job at %s", activityId).isNotNull();
        return job;
    }

    /** Moves the engine clock just past the job's due date, checks that the job is now due, and runs it. */
    void fire(String processInstanceId, String activityId) {
        Job job = job(processInstanceId, activityId);
        ClockUtil.setCurrentTime(new Date(job.getDuedate().getTime() + 1000));
        assertThat(engine.getManagementService()
                        .createJobQuery()
                        .processInstanceId(processInstanceId)
                        .activityId(activityId)
                        .executable()
                        .count())
                .as("%s is due", activityId)
                .isEqualTo(1);
        engine.getManagementService().executeJob(job.getId());
    }

    static Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }

    long runningPhases(String id) {
        return engine.getRuntimeService()
                .createProcessInstanceQuery()
                .processDefinitionKey(LifecycleProcess.PHASE_PROCESS_KEY)
                .processInstanceBusinessKey(id)
                .count();
    }

    String lifecycleId(String id) {
        return projects.get(id).processInstanceId();
    }

    private ProcessInstance running(String processKey, String projectId) {
        ProcessInstance instance = engine.getRuntimeService()
                .createProcessInstanceQuery()
                .processDefinitionKey(processKey)
                .processInstanceBusinessKey(projectId)
                .singleResult();
        assertThat(instance)
                .as("running %s instance of project %s", processKey, projectId)
                .isNotNull();
        return instance;
    }

    /** The refusal an action ends in, directly or wrapped by the engine's listener invocation. */
    static Refusal refusal(ThrowingCallable action) {
        Throwable thrown = catchThrowable(action);
        assertThat(thrown).as("the action was refused").isNotNull();
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof Refusal refusal) {
                return refusal;
            }
        }
        throw new AssertionError("No Refusal among the causes of " + thrown, thrown);
    }
}
