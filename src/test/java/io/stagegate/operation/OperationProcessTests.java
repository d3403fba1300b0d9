package io.stagegate.operation;

import static io.stagegate.operation.OperationJourney.DEV;
import static io.stagegate.operation.OperationJourney.KPIS_MET;
import static io.stagegate.operation.OperationJourney.PMO;
import static io.stagegate.operation.OperationJourney.TECH;
import static io.stagegate.operation.OperationJourney.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import io.stagegate.StagegateIntegrationTest;
import io.stagegate.deliverable.Deliverable;
import io.stagegate.deliverable.DeliverableManagement;
import io.stagegate.deliverable.DeliverableRepository;
import io.stagegate.demo.LifecycleWalker;
import io.stagegate.gate.GateDecision;
import io.stagegate.gate.GateManagement;
import io.stagegate.lifecycle.Actor;
import io.stagegate.lifecycle.EngineActions;
import io.stagegate.lifecycle.LifecycleProcess;
import io.stagegate.lifecycle.OperationSummaryProvider.OperationSummary;
import io.stagegate.lifecycle.Phase;
import io.stagegate.lifecycle.PhaseState;
import io.stagegate.lifecycle.ProjectManagement;
import io.stagegate.lifecycle.ProjectStatus;
import io.stagegate.lifecycle.ProjectView;
import io.stagegate.lifecycle.ProjectView.TaskView;
import io.stagegate.lifecycle.ProjectViews;
import io.stagegate.lifecycle.Refusal;
import io.stagegate.operation.OperationEvents.DegradationReviewed;
import io.stagegate.operation.OperationEvents.GateOverdue;
import io.stagegate.operation.OperationEvents.KnowledgeRefreshOverdue;
import io.stagegate.operation.OperationEvents.KnowledgeRefreshed;
import io.stagegate.operation.OperationEvents.MetricBreached;
import io.stagegate.operation.OperationEvents.NewVersionLaunched;
import io.stagegate.operation.OperationEvents.OperationScheduled;
import io.stagegate.operation.OperationEvents.OperationsReviewed;
import io.stagegate.operation.OperationRecords.EntryKind;
import io.stagegate.operation.OperationRecords.MetricObservation;
import io.stagegate.operation.OperationRecords.OperationSchedule;
import io.stagegate.operation.OperationRecords.OptimizationEntry;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/**
 * One test per path through the operation of {@code llm-lifecycle} (and the overdue timers of
 * {@code lifecycle-phase}), with the engine clock moved forward to fire timers. Each test takes its own project into
 * operation in-process and checks both the engine (where the instance waits, what it passed) and Stagegate's records
 * (view, schedule, reviews, optimization log, events). Re-iterations also pass the lifecycle's loops and rejections,
 * and a project ended before launch never starts operating.
 */
@StagegateIntegrationTest
@RecordApplicationEvents
class OperationProcessTests {

    // bpmn/llm-lifecycle.bpmn
    private static final String CALL_DATA = "CallActivity_Data";
    private static final String CALL_MODEL = "CallActivity_Model";
    private static final String CALL_OPERATION = "CallActivity_Operation";
    private static final String LAUNCHED_BEFORE = "Gateway_Launched";
    private static final String LAUNCH = "ServiceTask_Launch";
    private static final String LAUNCH_NEW_VERSION = "ServiceTask_LaunchNewVersion";
    private static final String NEW_VERSION_LIVE = "EndEvent_NewVersionLive";
    private static final String OPERATING = OperationProcess.SUBPROCESS_OPERATING;
    private static final String SCHEDULE_OPERATION = "ServiceTask_ScheduleOperation";
    private static final String RETIREMENT_REQUESTED = "Event_RetirementRequested";
    private static final String OPERATION_ENDED = "EndEvent_OperationEnded";
    private static final String REVIEW_DUE = OperationProcess.TIMER_OPERATIONS_REVIEW;
    private static final String REFRESH_DUE = OperationProcess.TIMER_KNOWLEDGE_REFRESH;
    private static final String REFRESH_OVERDUE = OperationProcess.TIMER_REFRESH_OVERDUE;
    private static final String ESCALATE_REFRESH = "ServiceTask_EscalateRefresh";
    private static final String REFRESH_ESCALATED = "EndEvent_RefreshEscalated";
    private static final String METRIC_BREACHED = "StartEvent_MetricBreached";
    private static final String REVIEW_OUTCOME = "Gateway_ReviewOutcome";
    private static final String LOG_ACCEPTANCE = "ServiceTask_LogAcceptance";
    private static final String DEGRADATION_ACCEPTED = "EndEvent_DegradationAccepted";
    private static final String RETRAIN_REQUESTED = "EndEvent_RetrainRequested";
    private static final String DATA_REFRESH_REQUESTED = "EndEvent_DataRefreshRequested";
    private static final String RETRAIN_CAUGHT = "Event_RetrainRequested";
    private static final String DATA_REFRESH_CAUGHT = "Event_DataRefreshRequested";
    private static final String RETIRE = "ServiceTask_Retire";
    private static final String PROJECT_RETIRED = "EndEvent_ProjectRetired";
    private static final String CANCELLATION_REQUESTED = "StartEvent_CancellationRequested";
    private static final String CANCELLED_BY_REQUEST = "EndEvent_CancelledByRequest";
    private static final String GATE_CANCELLATION = "StartEvent_CancelledAtGate";
    private static final String CANCELLED_AT_GATE = "EndEvent_CancelledAtGate";

    // bpmn/lifecycle-phase.bpmn
    private static final String SIGN_OFF = LifecycleProcess.TASK_SIGNOFF;
    private static final String GATE_REVIEW = LifecycleProcess.TASK_GATE_REVIEW;
    private static final String PREPARE = LifecycleProcess.TASK_PREPARE;
    private static final String SIGNOFF_OVERDUE = OperationProcess.TIMER_SIGNOFF_OVERDUE;
    private static final String GATE_REVIEW_OVERDUE = OperationProcess.TIMER_GATE_REVIEW_OVERDUE;
    private static final String ESCALATE_OVERDUE_TASK = "ServiceTask_EscalateOverdueTask";
    private static final String OVERDUE_TASK_ESCALATED = "EndEvent_OverdueTaskEscalated";
    private static final String SENT_BACK = "Gateway_SentBack";
    private static final String RETURN_TO_PREPARATION = "ServiceTask_ReturnToPreparation";

    private static final Actor BIZ = LifecycleWalker.SIGNERS.get("BUSINESS");
    /** May work every task in the engine, but belongs to no function: only the engine-side rules stop it. */
    private static final Actor ADMIN = new Actor("admin", List.of(Actor.ADMIN));

    private static final String KNOWLEDGE_REFRESH = OperationProcess.TASK_KNOWLEDGE_REFRESH;
    private static final String DEGRADATION_REVIEW = OperationProcess.TASK_DEGRADATION_REVIEW;
    private static final String OPERATIONS_REVIEW = OperationProcess.TASK_OPERATIONS_REVIEW;

    private final ProcessEngine engine;
    private final ProjectManagement projects;
    private final GateManagement gates;
    private final LifecycleWalker walker;
    private final OperationManagement operation;
    private final OperationRepository records;
    private final OptimizationLog optimizationLog;
    private final DeliverableRepository deliverables;
    private final OperationProperties properties;
    private final OperationJourney journey;

    @Autowired
    OperationProcessTests(
            ProcessEngine engine,
            ProjectManagement projects,
            ProjectViews views,
            GateManagement gates,
            LifecycleWalker walker,
            MetricManagement metrics,
            OperationManagement operation,
            OperationRepository records,
            OptimizationLog optimizationLog,
            DeliverableManagement deliverableManagement,
            DeliverableRepository deliverables,
            OperationProperties properties,
            EngineActions engineActions) {
        this.engine = engine;
        this.projects = projects;
        this.gates = gates;
        this.walker = walker;
        this.operation = operation;
        this.records = records;
        this.optimizationLog = optimizationLog;
        this.deliverables = deliverables;
        this.properties = properties;
        this.journey =
                new OperationJourney(engine, projects, views, walker, metrics, deliverableManagement, engineActions);
    }

    @BeforeEach
    void initProcessAssertions() {
        BpmnAwareTests.init(engine);
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    @Test
    void launchSchedulesTheFirstRefreshAndReviewAndTheViewShowsThem(ApplicationEvents events) {
        Instant before = OperationJourney.now();
        String id = journey.launched("Store-staff policy assistant");
        ProcessInstance lifecycle = journey.lifecycle(id);

        assertThat(lifecycle)
                .hasPassed(CALL_OPERATION, LAUNCHED_BEFORE, LAUNCH, SCHEDULE_OPERATION)
                .isWaitingAt(REFRESH_DUE, REVIEW_DUE, RETIREMENT_REQUESTED);
        OperationSchedule schedule = records.schedule(id).orElseThrow();
        assertThat(schedule.refreshCycle()).isEqualTo(Period.ofMonths(1));
        assertThat(schedule.reviewPeriod()).isEqualTo(Period.ofMonths(3));
        assertThat(schedule.nextRefreshDue())
                .isEqualTo(OperationSchedule.plus(schedule.launchedAt(), Period.ofMonths(1)))
                .isAfter(before);
        assertThat(dueOf(id, REFRESH_DUE)).isEqualTo(schedule.nextRefreshDue());
        assertThat(dueOf(id, REVIEW_DUE)).isEqualTo(schedule.nextReviewDue());

        OperationSummary operationView = journey.view(id).operation();
        assertThat(operationView.nextRefreshDue()).isEqualTo(schedule.nextRefreshDue());
        assertThat(operationView.nextReviewDue()).isEqualTo(schedule.nextReviewDue());
        assertThat(operationView.refreshCycle()).isEqualTo("P1M");
        assertThat(operationView.lastReview()).isNull();
        assertThat(operationView.openBreaches()).isEmpty();
        assertThat(events.stream(OperationScheduled.class)
                        .filter(e -> e.projectId().equals(id)))
                .singleElement()
                .satisfies(e -> assertThat(e.nextRefreshDue()).isEqualTo(schedule.nextRefreshDue()));
    }

    @Test
    void aKnowledgeRefreshFallsDueOnItsCycleAndIsDoneWithANewIndex(ApplicationEvents events) {
        String id = journey.launched("Branch FAQ assistant");
        String lifecycleId = journey.lifecycleId(id);
        Instant due = records.schedule(id).orElseThrow().nextRefreshDue();

        journey.fire(lifecycleId, REFRESH_DUE);

        Task refresh = journey.task(id, KNOWLEDGE_REFRESH);
        assertThat(refresh.getDueDate().toInstant()).isEqualTo(OperationSchedule.plus(due, properties.refreshGrace()));
        assertThat(candidateGroups(refresh)).containsExactly(Actor.CONTRIBUTOR);
        assertThat(variable(refresh, "summary")).contains("knowledge-base-index", due.toString());
        assertThat(journey.view(id).openTasks()).extracting(TaskView::key).contains(KNOWLEDGE_REFRESH);
        assertThat(journey.lifecycle(id)).isWaitingAt(KNOWLEDGE_REFRESH, REVIEW_DUE, RETIREMENT_REQUESTED);

        Refusal noNewIndex = refusal(() -> journey.complete(refresh, DEV, Map.of("note", "nothing changed")));
        assertThat(noNewIndex.status()).isEqualTo(422);
        assertThat(noNewIndex.getMessage()).contains("knowledge-base-index");

        journey.registerKnowledgeBaseIndex(id);
        journey.complete(refresh, DEV, Map.of("note", "Added the spring price list"));

        Instant refreshedAt = OperationJourney.now();
        assertThat(journey.tasks(id, KNOWLEDGE_REFRESH)).isEmpty();
        assertThat(journey.lifecycle(id)).hasPassed(KNOWLEDGE_REFRESH).isWaitingAt(REFRESH_DUE);
        OperationSchedule schedule = records.schedule(id).orElseThrow();
        assertThat(schedule.lastRefreshAt()).isEqualTo(refreshedAt);
        assertThat(schedule.nextRefreshDue()).isEqualTo(OperationSchedule.plus(refreshedAt, Period.ofMonths(1)));
        assertThat(dueOf(id, REFRESH_DUE)).isEqualTo(schedule.nextRefreshDue());
        assertThat(journey.view(id).operation().nextRefreshDue()).isEqualTo(schedule.nextRefreshDue());
        Deliverable logVersion =
                deliverables.latestPerType(id, Phase.OPERATION, 1).get(KnowledgeRefreshes.OPTIMIZATION_LOG);
        assertThat(logVersion.version()).isEqualTo(2);
        assertThat(logVersion.submittedBy()).isEqualTo(DEV.userId());
        assertThat(entries(id))
                .extracting(OptimizationEntry::kind, OptimizationEntry::actor)
                .containsExactly(tuple(EntryKind.KNOWLEDGE_REFRESH, DEV.userId()));
        assertThat(entries(id).get(0).text()).contains("knowledge-base-index v2", "Added the spring price list");
        assertThat(events.stream(KnowledgeRefreshed.class)
                        .filter(e -> e.projectId().equals(id)))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.knowledgeBaseVersion()).isEqualTo(2);
                    assertThat(e.optimizationLogVersion()).isEqualTo(2);
                });
    }

    @Test
    void anOverdueRefreshIsEscalatedToThePmo(ApplicationEvents events) {
        String id = journey.launched("Warehouse picking assistant");
        String lifecycleId = journey.lifecycleId(id);
        journey.fire(lifecycleId, REFRESH_DUE);
        Task refresh = journey.task(id, KNOWLEDGE_REFRESH);

        journey.fire(lifecycleId, REFRESH_OVERDUE);

        assertThat(journey.lifecycle(id))
                .hasPassed(REFRESH_OVERDUE, ESCALATE_REFRESH, REFRESH_ESCALATED)
                .isWaitingAt(KNOWLEDGE_REFRESH);
        assertThat(candidateGroups(journey.task(id, KNOWLEDGE_REFRESH)))
                .containsExactlyInAnyOrder(Actor.CONTRIBUTOR, Actor.PMO);
        ProjectView view = journey.view(id);
        assertThat(view.operation().refreshOverdue()).isTrue();
        assertThat(view.openTasks())
                .filteredOn(t -> t.key().equals(KNOWLEDGE_REFRESH))
                .singleElement()
                .satisfies(t -> {
                    assertThat(t.overdue()).isTrue();
                    assertThat(t.candidateGroups()).contains(Actor.PMO);
                });
        assertThat(events.stream(KnowledgeRefreshOverdue.class)
                        .filter(e -> e.projectId().equals(id)))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.taskId()).isEqualTo(refresh.getId());
                    assertThat(e.escalatedTo()).isEqualTo(Actor.PMO);
                });

        // still done the same way: the team registers a new index and completes the task
        journey.registerKnowledgeBaseIndex(id);
        journey.complete(journey.task(id, KNOWLEDGE_REFRESH), DEV, Map.of());
        assertThat(journey.view(id).operation().refreshOverdue()).isFalse();
        assertThat(journey.lifecycle(id)).isWaitingAt(REFRESH_DUE);
    }

    @Test
    void thePmoChangesTheRefreshCycleAndTheWaitingTimerMoves(ApplicationEvents events) {
        String id = journey.launched("Returns-desk assistant");
        OperationSchedule launched = records.schedule(id).orElseThrow();

        Refusal notPmo = refusal(() -> operation.reschedule(id, "P14D", null, DEV));
        Refusal notAPeriod = refusal(() -> operation.reschedule(id, "fortnightly", null, PMO));
        Refusal tooShort = refusal(() -> operation.reschedule(id, null, "P0D", PMO));
        assertThat(notPmo.status()).isEqualTo(403);
        assertThat(notAPeriod.status()).isEqualTo(400);
        assertThat(notAPeriod.field()).isEqualTo("refreshCycle");
        assertThat(tooShort.field()).isEqualTo("reviewPeriod");

        operation.reschedule(id, "P14D", "P1M", PMO);

        OperationSchedule changed = records.schedule(id).orElseThrow();
        assertThat(changed.nextRefreshDue())
                .isEqualTo(OperationSchedule.plus(launched.launchedAt(), Period.ofDays(14)));
        assertThat(changed.nextReviewDue())
                .isEqualTo(OperationSchedule.plus(launched.launchedAt(), Period.ofMonths(1)));
        assertThat(dueOf(id, REFRESH_DUE)).isEqualTo(changed.nextRefreshDue());
        assertThat(dueOf(id, REVIEW_DUE)).isEqualTo(changed.nextReviewDue());
        assertThat(journey.view(id).operation().refreshCycle()).isEqualTo("P14D");
        assertThat(events.stream(OperationScheduled.class)
                        .filter(e -> e.projectId().equals(id)))
                .extracting(OperationScheduled::refreshCycle)
                .containsExactly("P1M", "P14D");

        journey.fire(journey.lifecycleId(id), REFRESH_DUE);
        assertThat(journey.tasks(id, KNOWLEDGE_REFRESH)).hasSize(1);
    }

    @Test
    void theOperationsReviewShowsTheKpiTrendSinceTheLastReview(ApplicationEvents events) {
        String id = journey.launched("Loyalty-programme chatbot");
        String lifecycleId = journey.lifecycleId(id);
        Instant launchedAt = records.schedule(id).orElseThrow().launchedAt();
        ClockUtil.setCurrentTime(Date.from(launchedAt.plus(Duration.ofDays(60))));
        journey.push(id, "accuracy", 0.98, launchedAt.plus(Duration.ofDays(1)));
        journey.push(id, "accuracy", 0.975, launchedAt.plus(Duration.ofDays(20)));
        journey.push(id, "p95LatencyMs", 1900, launchedAt.plus(Duration.ofDays(2)));
        journey.push(id, "p95LatencyMs", 1500, launchedAt.plus(Duration.ofDays(40)));
        journey.push(id, "satisfaction", 4.1, launchedAt.plus(Duration.ofDays(3)));

        journey.fire(lifecycleId, REVIEW_DUE);

        Task review = journey.task(id, OPERATIONS_REVIEW);
        assertThat(candidateGroups(review)).containsExactly(Actor.PMO);
        assertThat(variable(review, "summary"))
                .contains("since " + launchedAt)
                .contains("accuracy (target >= 0.97 ratio): 2 observations, first 0.98, latest 0.975")
                .contains("worsening; latest meets the target")
                .contains("p95LatencyMs (target <= 2000.0 ms): 2 observations, first 1900.0, latest 1500.0")
                .contains("improving")
                .contains("Other metrics:", "satisfaction: 1 observations")
                .contains("Breaches in the period: 0");

        Refusal notPmo = refusal(() -> journey.complete(review, ADMIN, Map.of()));
        assertThat(notPmo.status()).isEqualTo(403);
        journey.complete(review, PMO, Map.of("note", "Stable quarter; keep the cadence"));

        Instant reviewedAt = OperationJourney.now();
        assertThat(journey.lifecycle(id)).hasPassed(OPERATIONS_REVIEW).isWaitingAt(REVIEW_DUE);
        OperationSummary view = journey.view(id).operation();
        assertThat(view.lastReview().at()).isEqualTo(reviewedAt);
        assertThat(view.lastReview().by()).isEqualTo(PMO.userId());
        assertThat(view.nextReviewDue()).isEqualTo(OperationSchedule.plus(reviewedAt, Period.ofMonths(3)));
        assertThat(dueOf(id, REVIEW_DUE)).isEqualTo(view.nextReviewDue());
        assertThat(entries(id)).extracting(OptimizationEntry::kind).containsExactly(EntryKind.OPERATIONS_REVIEW);
        assertThat(events.stream(OperationsReviewed.class)
                        .filter(e -> e.projectId().equals(id)))
                .singleElement()
                .satisfies(e -> assertThat(e.since()).isEqualTo(launchedAt));

        // the next review covers only what came after this one
        ClockUtil.setCurrentTime(Date.from(reviewedAt.plus(Duration.ofDays(10))));
        journey.push(id, "accuracy", 0.95, reviewedAt.plus(Duration.ofDays(5)));
        journey.fire(lifecycleId, REVIEW_DUE);
        assertThat(variable(journey.task(id, OPERATIONS_REVIEW), "summary"))
                .contains("since " + reviewedAt)
                .contains("accuracy (target >= 0.97 ratio): 1 observations, first 0.95, latest 0.95")
                .contains("steady; latest misses the target")
                .contains("p95LatencyMs (target <= 2000.0 ms): no observations in the period")
                .contains("Breaches in the period: 1");
    }

    @Test
    void aBreachOpensOneDegradationReviewAndASecondBreachJoinsIt(ApplicationEvents events) {
        String id = journey.launched("Product-search assistant");
        journey.push(id, "hallucinationRate", 0.01);
        assertThat(journey.tasks(id, DEGRADATION_REVIEW)).isEmpty();

        MetricObservation first = journey.push(id, "hallucinationRate", 0.07);

        Task review = journey.task(id, DEGRADATION_REVIEW);
        assertThat(first.breached()).isTrue();
        assertThat(first.threshold()).isEqualTo(0.05);
        assertThat(candidateGroups(review)).containsExactly("technology");
        assertThat(journey.lifecycle(id)).hasPassed(METRIC_BREACHED).isWaitingAt(DEGRADATION_REVIEW);
        assertThat(variable(review, "summary")).contains("hallucinationRate = 0.07");

        MetricObservation second = journey.push(id, "accuracy", 0.9);

        assertThat(second.breached()).isTrue();
        assertThat(second.reviewId()).isEqualTo(first.reviewId());
        assertThat(journey.tasks(id, DEGRADATION_REVIEW))
                .singleElement()
                .extracting(Task::getId)
                .isEqualTo(review.getId());
        assertThat(variable(review, "summary")).contains("hallucinationRate = 0.07", "accuracy = 0.9");
        OperationSummary view = journey.view(id).operation();
        assertThat(view.degradationReview().state()).isEqualTo("OPEN");
        assertThat(view.openBreaches())
                .extracting(b -> b.metric(), b -> b.value())
                .containsExactlyInAnyOrder(tuple("hallucinationRate", 0.07), tuple("accuracy", 0.9));
        assertThat(events.stream(MetricBreached.class).filter(e -> e.projectId().equals(id)))
                .extracting(MetricBreached::metric, MetricBreached::reviewOpened)
                .containsExactly(tuple("hallucinationRate", true), tuple("accuracy", false));
    }

    @Test
    void anAcceptedDegradationLandsInTheOptimizationLog(ApplicationEvents events) {
        String id = journey.launched("Gift-card support bot");
        journey.push(id, "p95LatencyMs", 2600);
        Task review = journey.task(id, DEGRADATION_REVIEW);

        Refusal withoutNote = refusal(() -> journey.complete(review, TECH, Map.of("outcome", "ACCEPT")));
        Refusal notTechnology =
                refusal(() -> journey.complete(review, ADMIN, Map.of("outcome", "ACCEPT", "note", "ok")));
        Refusal unknownOutcome = refusal(() -> journey.complete(review, TECH, Map.of("outcome", "IGNORE")));
        assertThat(withoutNote.status()).isEqualTo(400);
        assertThat(withoutNote.field()).isEqualTo("note");
        assertThat(notTechnology.status()).isEqualTo(403);
        assertThat(unknownOutcome.field()).isEqualTo("outcome");

        journey.complete(
                review, TECH, Map.of("outcome", "ACCEPT", "note", "Holiday peak; capacity is added next week"));

        assertThat(journey.lifecycle(id))
                .hasPassed(DEGRADATION_REVIEW, REVIEW_OUTCOME, LOG_ACCEPTANCE, DEGRADATION_ACCEPTED)
                .isWaitingAt(REFRESH_DUE, REVIEW_DUE, RETIREMENT_REQUESTED);
        assertThat(entries(id)).singleElement().satisfies(entry -> {
            assertThat(entry.kind()).isEqualTo(EntryKind.DEGRADATION_ACCEPTED);
            assertThat(entry.actor()).isEqualTo(TECH.userId());
            assertThat(entry.text()).contains("Holiday peak", "p95LatencyMs = 2600.0");
        });
        OperationSummary view = journey.view(id).operation();
        assertThat(view.degradationReview()).isNull();
        assertThat(view.openBreaches()).isEmpty();
        assertThat(events.stream(DegradationReviewed.class)
                        .filter(e -> e.projectId().equals(id)))
                .singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("ACCEPT"));

        // the review is over: the next breach opens a new one
        MetricObservation next = journey.push(id, "p95LatencyMs", 2700);
        assertThat(journey.tasks(id, DEGRADATION_REVIEW)).hasSize(1);
        assertThat(next.reviewId())
                .isNotEqualTo(records.lastDecidedReview(id).orElseThrow().id());
    }

    @Test
    void aRetrainPassesGates4To7WhileMetricsKeepArriving(ApplicationEvents events) {
        String id = journey.launched("Online-shop returns assistant");
        MetricObservation breach = journey.push(id, "accuracy", 0.92);
        Task review = journey.task(id, DEGRADATION_REVIEW);

        journey.complete(review, TECH, Map.of("outcome", "RETRAIN", "note", "Retrain on the new catalogue"));

        ProcessInstance lifecycle = journey.lifecycle(id);
        assertThat(lifecycle)
                .hasPassed(REVIEW_OUTCOME, RETRAIN_REQUESTED, RETRAIN_CAUGHT)
                .isWaitingAt(CALL_MODEL, REFRESH_DUE, REVIEW_DUE, RETIREMENT_REQUESTED);
        ProjectView reiterating = journey.view(id);
        assertThat(reiterating.status()).isEqualTo(ProjectStatus.OPERATING);
        assertThat(reiterating.currentPhase()).isEqualTo(Phase.MODEL);
        assertThat(reiterating.phaseState()).isEqualTo(PhaseState.IN_PREPARATION);
        assertThat(reiterating.iteration()).isEqualTo(2);
        assertThat(reiterating.gate().missingDeliverables())
                .containsExactlyInAnyOrder("validated-model", "evaluation-report");
        assertThat(reiterating.operation().degradationReview().state()).isEqualTo("REITERATING");

        // the live version keeps serving: metrics arrive, a breach joins the review instead of opening another
        MetricObservation during = journey.push(id, "hallucinationRate", 0.09);
        journey.push(id, "accuracy", 0.95);
        assertThat(during.reviewId()).isEqualTo(breach.reviewId());
        assertThat(journey.tasks(id, DEGRADATION_REVIEW)).isEmpty();
        assertThat(journey.view(id).operation().openBreaches())
                .extracting(b -> b.metric())
                .containsExactlyInAnyOrder("accuracy", "hallucinationRate", "accuracy");

        walker.pass(id, KPIS_MET);
        assertThat(journey.view(id).currentPhase()).isEqualTo(Phase.INTEGRATION);
        journey.push(id, "p95LatencyMs", 1700);
        walker.pass(id, KPIS_MET);
        walker.pass(id, KPIS_MET);
        assertThat(journey.view(id).currentPhase()).isEqualTo(Phase.OPERATION);
        assertThat(journey.view(id).status()).isEqualTo(ProjectStatus.OPERATING);
        walker.pass(id, KPIS_MET);

        assertThat(lifecycle)
                .hasPassed(RETRAIN_CAUGHT, LAUNCH_NEW_VERSION, NEW_VERSION_LIVE)
                .isWaitingAt(REFRESH_DUE, REVIEW_DUE, RETIREMENT_REQUESTED);
        assertThat(journey.runningPhases(id)).isZero();
        ProjectView live = journey.view(id);
        assertThat(live.status()).isEqualTo(ProjectStatus.OPERATING);
        assertThat(live.currentPhase()).isEqualTo(Phase.OPERATION);
        assertThat(live.phaseState()).isEqualTo(PhaseState.PASSED);
        assertThat(live.operation().degradationReview()).isNull();
        assertThat(live.operation().openBreaches()).isEmpty();
        assertThat(entries(id))
                .extracting(OptimizationEntry::kind)
                .containsExactly(EntryKind.REITERATION_DECIDED, EntryKind.NEW_VERSION_LIVE);
        assertThat(events.stream(NewVersionLaunched.class)
                        .filter(e -> e.projectId().equals(id)))
                .singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("RETRAIN"));
        assertThat(engine.getHistoryService()
                        .createHistoricActivityInstanceQuery()
                        .processInstanceId(lifecycle.getId())
                        .activityId(OPERATING)
                        .unfinished()
                        .count())
                .as("operation was never interrupted")
                .isEqualTo(1);
        assertThat(engine.getHistoryService()
                        .createHistoricActivityInstanceQuery()
                        .processInstanceId(lifecycle.getId())
                        .activityId(OPERATING)
                        .count())
                .isEqualTo(1);

        // in operation again: the next breach opens a new review
        journey.push(id, "hallucinationRate", 0.2);
        assertThat(journey.tasks(id, DEGRADATION_REVIEW)).hasSize(1);
    }

    @Test
    void aDataRefreshPassesGates3To7(ApplicationEvents events) {
        String id = journey.launched("Pricing Q&A for store managers");
        journey.push(id, "hallucinationRate", 0.12);

        journey.complete(journey.task(id, DEGRADATION_REVIEW), TECH, Map.of("outcome", "REFRESH_DATA"));

        ProcessInstance lifecycle = journey.lifecycle(id);
        assertThat(lifecycle)
                .hasPassed(REVIEW_OUTCOME, DATA_REFRESH_REQUESTED, DATA_REFRESH_CAUGHT)
                .isWaitingAt(CALL_DATA, REFRESH_DUE, REVIEW_DUE);
        assertThat(journey.view(id).currentPhase()).isEqualTo(Phase.DATA);
        assertThat(journey.view(id).status()).isEqualTo(ProjectStatus.OPERATING);

        journey.passUntilOperating(id);

        assertThat(lifecycle)
                .hasPassed(CALL_MODEL, LAUNCH_NEW_VERSION, NEW_VERSION_LIVE)
                .isWaitingAt(REFRESH_DUE);
        assertThat(events.stream(NewVersionLaunched.class)
                        .filter(e -> e.projectId().equals(id)))
                .singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("REFRESH_DATA"));
    }

    @Test
    void theValidationGateMayLoopDuringAReiteration() {
        String id = journey.launched("Click-and-collect assistant");
        journey.push(id, "accuracy", 0.9);
        journey.complete(journey.task(id, DEGRADATION_REVIEW), TECH, Map.of("outcome", "RETRAIN"));
        ProcessInstance lifecycle = journey.lifecycle(id);
        walker.pass(id, KPIS_MET);
        walker.pass(id, KPIS_MET);

        loopAtValidation(id, Phase.DATA);
        assertThat(journey.view(id).currentPhase()).isEqualTo(Phase.DATA);
        walker.pass(id, KPIS_MET);
        walker.pass(id, KPIS_MET);
        walker.pass(id, KPIS_MET);
        loopAtValidation(id, Phase.MODEL);
        assertThat(journey.view(id).currentPhase()).isEqualTo(Phase.MODEL);
        journey.passUntilOperating(id);

        assertThat(lifecycle).hasPassed(NEW_VERSION_LIVE).isWaitingAt(REFRESH_DUE, REVIEW_DUE, RETIREMENT_REQUESTED);
        assertThat(journey.view(id).validationLoops()).isEqualTo(2);
        assertThat(journey.view(id).status()).isEqualTo(ProjectStatus.OPERATING);
    }

    @Test
    void aReiterationGateMayBeRejectedButNotCancelled() {
        String id = journey.launched("Supplier-onboarding assistant");
        journey.push(id, "accuracy", 0.9);
        journey.complete(journey.task(id, DEGRADATION_REVIEW), TECH, Map.of("outcome", "RETRAIN"));
        ProcessInstance model = journey.phase(id);

        // a sign-off rejection sends the phase back
        walker.prepare(id, KPIS_MET);
        gates.submit(id, Phase.MODEL, DEV);
        gates.signoff(id, Phase.MODEL, "TECHNOLOGY", "REJECT", "Evaluation misses the new catalogue", TECH);
        assertThat(model).hasPassed(SENT_BACK, RETURN_TO_PREPARATION).isWaitingAt(PREPARE);

        walker.submitAndSignOff(id);
        Refusal cancel = refusal(() -> walker.decide(id, GateDecision.CANCEL, null, "Stop it"));
        assertThat(cancel.status()).isEqualTo(422);
        assertThat(journey.view(id).phaseState()).isEqualTo(PhaseState.AWAITING_GATE);

        // nor in Tasklist: the rule holds in the engine
        Task gateReview = journey.task(id, GATE_REVIEW);
        Refusal cancelInTasklist =
                refusal(() -> journey.complete(gateReview, PMO, Map.of("decision", "CANCEL", "comment", "Stop it")));
        assertThat(cancelInTasklist.status()).isEqualTo(422);

        walker.decide(id, GateDecision.REJECT, null, "Add the robustness tests");
        assertThat(model).hasPassed(GATE_REVIEW).isWaitingAt(PREPARE);
        assertThat(journey.view(id).iteration()).isEqualTo(4);
        assertThat(journey.view(id).status()).isEqualTo(ProjectStatus.OPERATING);
    }

    @Test
    void retiringWhileAReviewIsOpenLeavesNothingBehind() {
        String id = journey.launched("Seasonal-campaign copy assistant");
        ProcessInstance lifecycle = journey.lifecycle(id);
        String lifecycleId = lifecycle.getId();
        journey.fire(lifecycleId, REFRESH_DUE);
        journey.push(id, "hallucinationRate", 0.3);
        assertThat(journey.tasks(id, DEGRADATION_REVIEW)).hasSize(1);
        assertThat(journey.tasks(id, KNOWLEDGE_REFRESH)).hasSize(1);

        projects.retire(id, "Replaced by the group-wide assistant", PMO);

        assertThat(lifecycle)
                .hasPassed(RETIREMENT_REQUESTED, OPERATION_ENDED, RETIRE, PROJECT_RETIRED)
                .isEnded();
        assertNothingLeft(id, lifecycleId);
        ProjectView view = journey.view(id);
        assertThat(view.status()).isEqualTo(ProjectStatus.RETIRED);
        assertThat(view.openTasks()).isEmpty();
        assertThat(view.operation().nextRefreshDue()).isNull();
        assertThat(view.operation().nextReviewDue()).isNull();
        assertThat(view.operation().degradationReview()).isNull();
        assertThat(records.activeReview(id)).isEmpty();
    }

    @Test
    void retiringDuringAReiterationEndsThePhaseBeingWorkedToo() {
        String id = journey.launched("Store-layout planning assistant");
        ProcessInstance lifecycle = journey.lifecycle(id);
        String lifecycleId = lifecycle.getId();
        journey.push(id, "hallucinationRate", 0.3);
        journey.complete(journey.task(id, DEGRADATION_REVIEW), TECH, Map.of("outcome", "RETRAIN"));
        ProcessInstance model = journey.phase(id);

        projects.retire(id, "Business case gone", PMO);

        assertThat(lifecycle).hasPassed(RETIREMENT_REQUESTED, PROJECT_RETIRED).isEnded();
        assertThat(model).isEnded();
        assertNothingLeft(id, lifecycleId);
        assertThat(journey.view(id).status()).isEqualTo(ProjectStatus.RETIRED);
        assertThat(journey.view(id).openTasks()).isEmpty();
    }

    @Test
    void overdueSignoffsAndGateReviewsAreFlaggedAndEscalatedToThePmo(ApplicationEvents events) {
        String id = journey.create("Store opening-hours bot");
        ProcessInstance requirements = journey.phase(id);
        walker.prepare(id, KPIS_MET);
        gates.submit(id, Phase.REQUIREMENTS, DEV);
        TaskView signoff = openTask(id, SIGN_OFF);
        assertThat(signoff.overdue()).isFalse();

        journey.fire(requirements.getId(), SIGNOFF_OVERDUE);

        assertThat(requirements)
                .hasPassed(SIGNOFF_OVERDUE, ESCALATE_OVERDUE_TASK, OVERDUE_TASK_ESCALATED)
                .isWaitingAt(SIGN_OFF);
        TaskView flagged = openTask(id, SIGN_OFF);
        assertThat(flagged.overdue()).isTrue();
        assertThat(flagged.candidateGroups()).containsExactlyInAnyOrder("business", Actor.PMO);
        assertThat(OperationJourney.now()).isAfter(signoff.due());
        assertThat(events.stream(GateOverdue.class).filter(e -> e.projectId().equals(id)))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo("GATE_OVERDUE");
                    assertThat(e.taskKey()).isEqualTo(SIGN_OFF);
                    assertThat(e.function()).isEqualTo("BUSINESS");
                    assertThat(e.phase()).isEqualTo(Phase.REQUIREMENTS);
                    assertThat(e.due()).isEqualTo(signoff.due());
                });
        // escalated, the sign-off is still the business function's
        Refusal pmoSigning = refusal(() -> journey.complete(
                journey.task(id, SIGN_OFF), PMO, Map.of("decision", "APPROVE", "comment", "on their behalf")));
        assertThat(pmoSigning.status()).isEqualTo(403);

        gates.signoff(id, Phase.REQUIREMENTS, "BUSINESS", "APPROVE", "Late, but fine", BIZ);
        assertThat(openTask(id, GATE_REVIEW).overdue()).isFalse();
        journey.fire(requirements.getId(), GATE_REVIEW_OVERDUE);

        assertThat(requirements).hasPassed(GATE_REVIEW_OVERDUE).isWaitingAt(GATE_REVIEW);
        TaskView gate = openTask(id, GATE_REVIEW);
        assertThat(gate.overdue()).isTrue();
        assertThat(gate.candidateGroups()).containsExactly(Actor.PMO);
        assertThat(events.stream(GateOverdue.class).filter(e -> e.projectId().equals(id)))
                .extracting(GateOverdue::taskKey)
                .containsExactly(SIGN_OFF, GATE_REVIEW);
        walker.decide(id, GateDecision.APPROVE, null, "Late but complete");
        assertThat(requirements).isEnded();
    }

    @Test
    void aProjectCancelledBeforeLaunchNeverStartsOperating() {
        String id = journey.create("Shelf-label checker");
        ProcessInstance lifecycle = journey.lifecycle(id);

        projects.cancel(id, "Budget moved to the pricing engine", PMO);

        assertThat(lifecycle)
                .hasPassed(CANCELLATION_REQUESTED, CANCELLED_BY_REQUEST)
                .hasNotPassed(OPERATING)
                .isEnded();
        assertThat(records.schedule(id)).isEmpty();
        assertThat(journey.view(id).operation()).isNull();
    }

    @Test
    void aGateCancelBeforeLaunchEndsTheProjectWithoutOperation() {
        String id = journey.create("In-store navigation bot");
        ProcessInstance lifecycle = journey.lifecycle(id);
        walker.prepare(id, KPIS_MET);
        walker.submitAndSignOff(id);

        walker.decide(id, GateDecision.CANCEL, null, "No business case");

        assertThat(lifecycle)
                .hasPassed(GATE_CANCELLATION, CANCELLED_AT_GATE)
                .hasNotPassed(OPERATING)
                .isEnded();
        assertThat(journey.view(id).status()).isEqualTo(ProjectStatus.CANCELLED);
        assertThat(journey.view(id).operation()).isNull();
    }

    private void loopAtValidation(String id, Phase loopTo) {
        walker.prepare(id, KPIS_MET);
        walker.submitAndSignOff(id);
        walker.decide(id, GateDecision.LOOP, loopTo, "Loop back to " + loopTo);
    }

    private void assertNothingLeft(String id, String lifecycleId) {
        assertThat(engine.getManagementService()
                        .createJobQuery()
                        .processInstanceId(lifecycleId)
                        .count())
                .as("jobs left")
                .isZero();
        assertThat(engine.getTaskService()
                        .createTaskQuery()
                        .processInstanceBusinessKey(id)
                        .count())
                .as("tasks left")
                .isZero();
        assertThat(engine.getRuntimeService()
                        .createEventSubscriptionQuery()
                        .processInstanceId(lifecycleId)
                        .count())
                .as("subscriptions left")
                .isZero();
        assertThat(engine.getRuntimeService()
                        .createProcessInstanceQuery()
                        .processInstanceBusinessKey(id)
                        .count())
                .as("instances left")
                .isZero();
    }

    private TaskView openTask(String id, String key) {
        return journey.view(id).openTasks().stream()
                .filter(t -> t.key().equals(key))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no open " + key + " task"));
    }

    private Instant dueOf(String id, String timer) {
        return journey.job(journey.lifecycleId(id), timer).getDuedate().toInstant();
    }

    private List<String> candidateGroups(Task task) {
        return engine.getTaskService().getIdentityLinksForTask(task.getId()).stream()
                .map(IdentityLink::getGroupId)
                .filter(group -> group != null)
                .toList();
    }

    private String variable(Task task, String name) {
        return String.valueOf(engine.getTaskService().getVariableLocal(task.getId(), name));
    }

    private List<OptimizationEntry> entries(String id) {
        return optimizationLog.page(id, 0, 100);
    }
}
