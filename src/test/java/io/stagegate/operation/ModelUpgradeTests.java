package io.stagegate.operation;

import static io.stagegate.operation.OperationJourney.DEV;
import static io.stagegate.operation.OperationJourney.KPIS_MET;
import static io.stagegate.operation.OperationJourney.PMO;
import static io.stagegate.operation.OperationJourney.TECH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import io.stagegate.Api;
import io.stagegate.ReliabilityReport;
import io.stagegate.StagegateIntegrationTest;
import io.stagegate.audit.AuditLog;
import io.stagegate.deliverable.DeliverableManagement;
import io.stagegate.demo.LifecycleWalker;
import io.stagegate.gate.GateDecision;
import io.stagegate.gate.GateManagement;
import io.stagegate.lifecycle.EngineActions;
import io.stagegate.lifecycle.LifecycleProcess;
import io.stagegate.lifecycle.Phase;
import io.stagegate.lifecycle.PhaseState;
import io.stagegate.lifecycle.Project;
import io.stagegate.lifecycle.ProjectManagement;
import io.stagegate.lifecycle.ProjectRepository;
import io.stagegate.lifecycle.ProjectStatus;
import io.stagegate.lifecycle.ProjectViews;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.TransitionInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The upgrade procedure of {@code docs/operations.md} ("Upgrading the models") on running lifecycles: projects are
 * put into every wait state of both models, a changed release of the models is deployed as the start-up of a new
 * release deploys it, the running instances of both keys (lifecycles and their called phases, which are separate
 * instances) are migrated through {@code /engine-rest/migration} as an administrator, and then every project
 * carries on to its next state or to its end. Nothing may be lost on the way: the same tasks, variables, jobs with
 * the same due dates, the same read-model rows and an audit chain that still verifies.
 *
 * <p>The changed release differs in documentation, process names and version tags, not in element ids: the context
 * is shared, and the bundled models are deployed again after the test (as the old release's start-up would do) so
 * that later tests start their projects on the bundled content.
 */
@StagegateIntegrationTest
class ModelUpgradeTests {

    private static final String CALL_DATA = "CallActivity_Data";
    private static final String CALL_MODEL = "CallActivity_Model";
    private static final String CALL_OPERATION = "CallActivity_Operation";
    private static final String REVIEW_DUE = OperationProcess.TIMER_OPERATIONS_REVIEW;
    private static final String REFRESH_DUE = OperationProcess.TIMER_KNOWLEDGE_REFRESH;
    private static final String REFRESH_OVERDUE = OperationProcess.TIMER_REFRESH_OVERDUE;
    private static final String RETIREMENT_REQUESTED = "Event_RetirementRequested";
    private static final String NEW_VERSION_LIVE = "EndEvent_NewVersionLive";
    private static final String GATE_REVIEW_OVERDUE = OperationProcess.TIMER_GATE_REVIEW_OVERDUE;
    private static final String PREPARE = LifecycleProcess.TASK_PREPARE;
    private static final String SIGN_OFF = LifecycleProcess.TASK_SIGNOFF;
    private static final String GATE_REVIEW = LifecycleProcess.TASK_GATE_REVIEW;
    private static final String KNOWLEDGE_REFRESH = OperationProcess.TASK_KNOWLEDGE_REFRESH;
    private static final String DEGRADATION_REVIEW = OperationProcess.TASK_DEGRADATION_REVIEW;
    private static final String OPERATIONS_REVIEW = OperationProcess.TASK_OPERATIONS_REVIEW;
    private static final String RELEASE = "1.1.0";

    private final ProcessEngine engine;
    private final ProjectManagement projects;
    private final ProjectRepository projectRecords;
    private final GateManagement gates;
    private final LifecycleWalker walker;
    private final AuditLog audit;
    private final JdbcTemplate jdbc;
    private final OperationJourney journey;
    private final Api api;

    @Autowired
    ModelUpgradeTests(
            ProcessEngine engine,
            ProjectManagement projects,
            ProjectRepository projectRecords,
            ProjectViews views,
            GateManagement gates,
            LifecycleWalker walker,
            MetricManagement metrics,
            DeliverableManagement deliverables,
            EngineActions engineActions,
            AuditLog audit,
            JdbcTemplate jdbc,
            @LocalServerPort int port) {
        this.engine = engine;
        this.projects = projects;
        this.projectRecords = projectRecords;
        this.gates = gates;
        this.walker = walker;
        this.audit = audit;
        this.jdbc = jdbc;
        this.journey = new OperationJourney(engine, projects, views, walker, metrics, deliverables, engineActions);
        this.api = new Api(port);
    }

    @BeforeEach
    void initProcessAssertions() {
        BpmnAwareTests.init(engine);
    }

    @AfterEach
    void restoreBundledModelsAndClock() {
        ClockUtil.reset();
        deploy(Map.of());
    }

    @Test
    void runningLifecyclesMoveToTheNewModelsFromEveryWaitStateAndCarryOnWithNothingLost() {
        // every wait state of both models, one project each
        String preparing = journey.create("Upgrade: preparing requirements");

        String signingOff = journey.create("Upgrade: sign-offs half given");
        while (projectRecords
                        .phase(signingOff, projects.get(signingOff).currentPhase())
                        .requiredSignoffs()
                        .size()
                < 2) {
            walker.pass(signingOff, KPIS_MET);
        }
        Phase signingPhase = projects.get(signingOff).currentPhase();
        walker.prepare(signingOff, KPIS_MET);
        gates.submit(signingOff, signingPhase, DEV);
        List<String> functions = projectRecords.phase(signingOff, signingPhase).requiredSignoffs();
        signOff(signingOff, signingPhase, functions.get(0));

        String reviewing = journey.create("Upgrade: gate review");
        walker.prepare(reviewing, KPIS_MET);
        walker.submitAndSignOff(reviewing);

        String validating = journey.create("Upgrade: validation gate");
        passGates(validating, 5);
        walker.prepare(validating, KPIS_MET);
        walker.submitAndSignOff(validating);

        String looped = journey.create("Upgrade: looped back to data");
        passGates(looped, 5);
        walker.prepare(looped, KPIS_MET);
        walker.submitAndSignOff(looped);
        walker.decide(looped, GateDecision.LOOP, Phase.DATA, "Training data misses the spring catalogue");

        String launching = journey.create("Upgrade: launch gate");
        passGates(launching, 6);

        String operating = journey.launched("Upgrade: operating");

        String refreshing = journey.launched("Upgrade: knowledge refresh open");
        journey.fire(journey.lifecycleId(refreshing), REFRESH_DUE);

        String quarterly = journey.launched("Upgrade: operations review open");
        journey.fire(journey.lifecycleId(quarterly), REVIEW_DUE);

        String degraded = journey.launched("Upgrade: degradation review open");
        journey.push(degraded, "accuracy", 0.9);

        String retraining = journey.launched("Upgrade: re-iteration running");
        journey.push(retraining, "accuracy", 0.9);
        journey.complete(
                journey.task(retraining, DEGRADATION_REVIEW),
                TECH,
                Map.of("outcome", "RETRAIN", "note", "Retrain on the new catalogue"));

        List<String> all = List.of(
                preparing,
                signingOff,
                reviewing,
                validating,
                looped,
                launching,
                operating,
                refreshing,
                quarterly,
                degraded,
                retraining);
        Map<String, Snapshot> before = new LinkedHashMap<>();
        all.forEach(id -> before.put(id, snapshot(id)));
        TreeSet<String> waitStates = new TreeSet<>();
        before.values().forEach(s -> waitStates.addAll(s.waitStates()));
        assertThat(waitStates)
                .as("wait states covered")
                .contains(
                        "lifecycle-phase:" + PREPARE,
                        "lifecycle-phase:" + SIGN_OFF,
                        "lifecycle-phase:" + GATE_REVIEW,
                        "lifecycle-phase:timer:" + OperationProcess.TIMER_SIGNOFF_OVERDUE,
                        "lifecycle-phase:timer:" + GATE_REVIEW_OVERDUE,
                        "llm-lifecycle:CallActivity_Requirements",
                        "llm-lifecycle:" + CALL_DATA,
                        "llm-lifecycle:" + CALL_MODEL,
                        "llm-lifecycle:CallActivity_Validation",
                        "llm-lifecycle:" + CALL_OPERATION,
                        "llm-lifecycle:" + REFRESH_DUE,
                        "llm-lifecycle:" + REVIEW_DUE,
                        "llm-lifecycle:" + RETIREMENT_REQUESTED,
                        "llm-lifecycle:" + KNOWLEDGE_REFRESH,
                        "llm-lifecycle:timer:" + REFRESH_OVERDUE,
                        "llm-lifecycle:timer:" + REFRESH_DUE,
                        "llm-lifecycle:timer:" + REVIEW_DUE,
                        "llm-lifecycle:" + OPERATIONS_REVIEW,
                        "llm-lifecycle:" + DEGRADATION_REVIEW,
                        "llm-lifecycle:message:" + OperationProcess.MESSAGE_METRIC_BREACHED,
                        "llm-lifecycle:message:" + LifecycleProcess.MESSAGE_RETIREMENT,
                        "llm-lifecycle:message:" + LifecycleProcess.MESSAGE_CANCELLATION);
        long instances =
                before.values().stream().mapToLong(s -> s.instances().size()).sum();

        // the new release's models, deployed as its start-up deploys them
        Map<String, String> target = deploy(Map.of("llm-lifecycle.bpmn", RELEASE, "lifecycle-phase.bpmn", RELEASE));

        // the documented procedure: per key and old version, generate a plan to the new definition and execute it
        int migrated = 0;
        for (String key : List.of(LifecycleProcess.PROCESS_KEY, LifecycleProcess.PHASE_PROCESS_KEY)) {
            Map<String, List<String>> bySource = new TreeMap<>();
            before.values().forEach(s -> s.instances().forEach((instanceId, instance) -> {
                if (instance.key().equals(key)) {
                    bySource.computeIfAbsent(instance.definitionId(), d -> new ArrayList<>())
                            .add(instanceId);
                }
            }));
            for (Map.Entry<String, List<String>> source : bySource.entrySet()) {
                migrate(source.getKey(), target.get(key), source.getValue());
                migrated += source.getValue().size();
            }
        }
        assertThat(migrated).isEqualTo(instances);

        for (String id : all) {
            Snapshot after = snapshot(id);
            Snapshot old = before.get(id);
            assertThat(after.instances().values())
                    .as("%s runs on the new definitions", id)
                    .allSatisfy(i -> assertThat(i.definitionId()).isEqualTo(target.get(i.key())));
            assertThat(after.instances().keySet())
                    .as("instances of %s", id)
                    .isEqualTo(old.instances().keySet());
            assertThat(after.waitStates()).as("wait states of %s", id).isEqualTo(old.waitStates());
            assertThat(after.tasks()).as("tasks of %s", id).isEqualTo(old.tasks());
            assertThat(after.jobs()).as("jobs of %s", id).isEqualTo(old.jobs());
            assertThat(after.variables()).as("variables of %s", id).isEqualTo(old.variables());
            assertThat(after.readModel()).as("sg_task of %s", id).isEqualTo(old.readModel());
            assertThat(after.auditLinks()).as("audit links of %s", id).isEqualTo(old.auditLinks());
            assertThat(after.state()).as("project %s", id).isEqualTo(old.state());
        }

        // ... and every project carries on
        walker.pass(preparing, KPIS_MET);
        assertThat(journey.phase(preparing).getProcessDefinitionId())
                .as("the next phase is called from the new deployment")
                .isEqualTo(target.get(LifecycleProcess.PHASE_PROCESS_KEY));
        projects.cancel(preparing, "Superseded by the group-wide assistant", PMO);
        assertThat(projects.get(preparing).status()).isEqualTo(ProjectStatus.CANCELLED);
        assertThat(journey.runningPhases(preparing)).isZero();

        for (String function : functions.subList(1, functions.size())) {
            signOff(signingOff, signingPhase, function);
        }
        walker.decide(signingOff, GateDecision.APPROVE, null, "Gate conditions met");
        assertThat(projects.get(signingOff).currentPhase()).isEqualTo(Phase.values()[signingPhase.ordinal() + 1]);

        journey.fire(journey.phase(reviewing).getId(), GATE_REVIEW_OVERDUE);
        assertThat(journey.view(reviewing).openTasks())
                .filteredOn(t -> t.key().equals(GATE_REVIEW))
                .singleElement()
                .satisfies(t -> assertThat(t.overdue()).isTrue());
        walker.decide(reviewing, GateDecision.APPROVE, null, "Gate conditions met");
        assertThat(projects.get(reviewing).currentPhase()).isEqualTo(Phase.ARCHITECTURE);

        walker.decide(validating, GateDecision.LOOP, Phase.MODEL, "Accuracy drops on long questions");
        assertThat(journey.lifecycle(validating)).isWaitingAt(CALL_MODEL);
        assertThat(projects.get(validating).currentPhase()).isEqualTo(Phase.MODEL);

        passGates(looped, 4);
        assertThat(journey.lifecycle(looped)).isWaitingAt(CALL_OPERATION);

        walker.pass(launching, KPIS_MET);
        assertThat(projects.get(launching).status()).isEqualTo(ProjectStatus.OPERATING);
        assertThat(journey.lifecycle(launching)).isWaitingAt(REFRESH_DUE, REVIEW_DUE, RETIREMENT_REQUESTED);

        journey.push(operating, "accuracy", 0.9);
        journey.complete(
                journey.task(operating, DEGRADATION_REVIEW),
                TECH,
                Map.of("outcome", "ACCEPT", "note", "Known dip after the catalogue change"));
        projects.retire(operating, "Replaced", PMO);
        assertThat(projects.get(operating).status()).isEqualTo(ProjectStatus.RETIRED);

        journey.fire(journey.lifecycleId(refreshing), REFRESH_OVERDUE);
        journey.registerKnowledgeBaseIndex(refreshing);
        journey.complete(journey.task(refreshing, KNOWLEDGE_REFRESH), DEV, Map.of("note", "Spring prices"));
        assertThat(journey.lifecycle(refreshing)).isWaitingAt(REFRESH_DUE, REVIEW_DUE, RETIREMENT_REQUESTED);

        journey.complete(journey.task(quarterly, OPERATIONS_REVIEW), PMO, Map.of("note", "Stable quarter"));
        assertThat(journey.lifecycle(quarterly)).isWaitingAt(REFRESH_DUE, REVIEW_DUE, RETIREMENT_REQUESTED);

        journey.complete(
                journey.task(degraded, DEGRADATION_REVIEW),
                TECH,
                Map.of("outcome", "RETRAIN", "note", "Retrain on the new catalogue"));
        assertThat(journey.lifecycle(degraded)).isWaitingAt(CALL_MODEL, REFRESH_DUE, REVIEW_DUE);
        assertThat(journey.phase(degraded).getProcessDefinitionId())
                .isEqualTo(target.get(LifecycleProcess.PHASE_PROCESS_KEY));

        journey.passUntilOperating(retraining);
        assertThat(engine.getHistoryService()
                        .createHistoricActivityInstanceQuery()
                        .processInstanceId(journey.lifecycleId(retraining))
                        .activityId(NEW_VERSION_LIVE)
                        .count())
                .isEqualTo(1);
        projects.retire(retraining, "Replaced", PMO);
        assertThat(projects.get(retraining).status()).isEqualTo(ProjectStatus.RETIRED);

        AuditLog.Verification verification = audit.verify();
        assertThat(verification.broken()).extracting(AuditLog.Broken::projectId).doesNotContainAnyElementsOf(all);
        for (String id : all) {
            assertThat(auditLinks(id))
                    .as("audit links of %s", id)
                    .isGreaterThan(before.get(id).auditLinks());
        }

        ReliabilityReport.record(
                "model-upgrade",
                "Running lifecycles migrated to a changed release of both models",
                Map.of(
                        "projects", all.size(),
                        "processInstancesMigrated", migrated,
                        "distinctWaitStates", waitStates.size(),
                        "waitStates", List.copyOf(waitStates)));
    }

    private void passGates(String id, int count) {
        for (int gate = 0; gate < count; gate++) {
            walker.pass(id, KPIS_MET);
        }
    }

    private void signOff(String id, Phase phase, String function) {
        gates.signoff(id, phase, function, "APPROVE", "Looks complete", LifecycleWalker.SIGNERS.get(function));
    }

    /**
     * {@code POST /engine-rest/migration/generate}, {@code /validate}, then {@code /execute}, as an administrator.
     * Event triggers are kept ({@code updateEventTriggers: false}): the overdue timers of the phase model compute
     * their due date from the moment they are created, so re-creating them would move every deadline.
     */
    private void migrate(String sourceDefinitionId, String targetDefinitionId, List<String> instanceIds) {
        Api.Answer plan = api.post(
                "admin",
                "/engine-rest/migration/generate",
                Map.of(
                        "sourceProcessDefinitionId", sourceDefinitionId,
                        "targetProcessDefinitionId", targetDefinitionId,
                        "updateEventTriggers", false));
        assertThat(plan.status()).as(plan.raw()).isEqualTo(200);
        Api.Answer validation = api.post("admin", "/engine-rest/migration/validate", plan.body());
        assertThat(validation.status()).as(validation.raw()).isEqualTo(200);
        assertThat(validation.body().path("instructionReports"))
                .as(validation.raw())
                .isEmpty();
        Map<String, Object> execution = new LinkedHashMap<>();
        execution.put("migrationPlan", plan.body());
        execution.put("processInstanceIds", instanceIds);
        execution.put("skipCustomListeners", true);
        execution.put("skipIoMappings", true);
        Api.Answer executed = api.post("admin", "/engine-rest/migration/execute", execution);
        assertThat(executed.status()).as(executed.raw()).isEqualTo(204);
    }

    /**
     * Deploys the bundled process models and forms as one deployment, as {@code ModelDeployment} does at start-up,
     * with the given files turned into a new release. Returns the deployed definition id per key.
     */
    private Map<String, String> deploy(Map<String, String> releases) {
        DeploymentBuilder deployment = engine.getRepositoryService()
                .createDeployment()
                .name("stagegate-models")
                .source("stagegate");
        try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
            for (Path file : files.sorted(Comparator.comparing(Path::toString)).toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".bpmn") && !name.endsWith(".form")) {
                    continue;
                }
                String content = Files.readString(file);
                String release = releases.get(name);
                deployment.addString("bpmn/" + name, release == null ? content : newRelease(content, release));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DeploymentWithDefinitions deployed = deployment.deployWithResult();
        Map<String, String> ids = new TreeMap<>();
        for (ProcessDefinition definition : deployed.getDeployedProcessDefinitions()) {
            assertThat(definition.getVersionTag())
                    .isEqualTo(releases.getOrDefault(definition.getKey() + ".bpmn", "1.0.0"));
            ids.put(definition.getKey(), definition.getId());
        }
        return ids;
    }

    /** A harmless change: new version tag, process name and a documented user task; element ids stay. */
    private static String newRelease(String xml, String release) {
        String changed = xml.replaceFirst(
                        "(<bpmn:process id=\"[^\"]+\" name=\")([^\"]+)(\")", "$1$2 (release " + release + ")$3")
                .replaceFirst("(<bpmn:process [^>]*camunda:versionTag=\")[^\"]+(\")", "$1" + release + "$2")
                .replaceFirst(
                        "(<bpmn:userTask id=\"(gate-review|operations-review)\"[^>]*>)",
                        "$1<bpmn:documentation>Release " + release + ": see the PMO guide.</bpmn:documentation>");
        assertThat(changed).contains("(release " + release + ")", "Release " + release + ":");
        return changed;
    }

    private record Instance(String key, String definitionId) {}

    private record ProjectState(ProjectStatus status, Phase phase, PhaseState phaseState) {}

    /** What must survive a migration, per project. */
    private record Snapshot(
            Map<String, Instance> instances,
            TreeSet<String> waitStates,
            Map<String, String> tasks,
            List<String> jobs,
            Map<String, Map<String, Object>> variables,
            List<Map<String, Object>> readModel,
            long auditLinks,
            ProjectState state) {}

    private Snapshot snapshot(String id) {
        Map<String, Instance> instances = new TreeMap<>();
        TreeSet<String> waitStates = new TreeSet<>();
        Map<String, Map<String, Object>> variables = new TreeMap<>();
        List<String> jobs = new ArrayList<>();
        List<ProcessInstance> running = engine.getRuntimeService()
                .createProcessInstanceQuery()
                .processInstanceBusinessKey(id)
                .list();
        for (ProcessInstance instance : running) {
            ProcessDefinition definition =
                    engine.getRepositoryService().getProcessDefinition(instance.getProcessDefinitionId());
            String key = definition.getKey();
            instances.put(instance.getId(), new Instance(key, definition.getId()));
            variables.put(
                    instance.getId(), new TreeMap<>(engine.getRuntimeService().getVariables(instance.getId())));
            collectLeaves(engine.getRuntimeService().getActivityInstance(instance.getId()), key, waitStates);
            engine.getRuntimeService()
                    .createEventSubscriptionQuery()
                    .processInstanceId(instance.getId())
                    .list()
                    .forEach(s -> waitStates.add(key + ":" + s.getEventType() + ":" + s.getEventName()));
            engine.getManagementService()
                    .createJobQuery()
                    .processInstanceId(instance.getId())
                    .list()
                    .forEach(job -> {
                        String activity = activityOf(job.getJobDefinitionId());
                        waitStates.add(key + ":timer:" + activity);
                        jobs.add(activity + " at " + job.getDuedate().toInstant());
                    });
        }
        jobs.sort(Comparator.naturalOrder());
        Map<String, String> tasks = new TreeMap<>();
        for (Task task : engine.getTaskService()
                .createTaskQuery()
                .processInstanceBusinessKey(id)
                .list()) {
            tasks.put(task.getId(), task.getTaskDefinitionKey() + " due " + task.getDueDate());
        }
        List<Map<String, Object>> readModel = jdbc.queryForList(
                "select id, task_key, name, phase, function_key, candidate_groups, due from sg_task"
                        + " where project_id = ? order by id",
                id);
        Project project = projects.get(id);
        return new Snapshot(
                instances,
                waitStates,
                tasks,
                jobs,
                variables,
                readModel,
                auditLinks(id),
                new ProjectState(project.status(), project.currentPhase(), project.phaseState()));
    }

    /** The activity a job belongs to, through its job definition. */
    private String activityOf(String jobDefinitionId) {
        return engine.getManagementService()
                .createJobDefinitionQuery()
                .jobDefinitionId(jobDefinitionId)
                .singleResult()
                .getActivityId();
    }

    private static void collectLeaves(ActivityInstance instance, String key, TreeSet<String> into) {
        if (instance.getChildActivityInstances().length == 0 && instance.getChildTransitionInstances().length == 0) {
            into.add(key + ":" + instance.getActivityId());
        }
        for (ActivityInstance child : instance.getChildActivityInstances()) {
            collectLeaves(child, key, into);
        }
        for (TransitionInstance transition : instance.getChildTransitionInstances()) {
            into.add(key + ":transition:" + transition.getActivityId());
        }
    }

    private long auditLinks(String id) {
        Long count = jdbc.queryForObject("select count(*) from sg_audit_event where project_id = ?", Long.class, id);
        return count == null ? 0 : count;
    }
}
