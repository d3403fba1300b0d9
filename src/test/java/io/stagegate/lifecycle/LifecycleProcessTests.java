package io.stagegate.lifecycle;

import static io.stagegate.lifecycle.LifecycleJourney.ACCURACY_MISSED;
import static io.stagegate.lifecycle.LifecycleJourney.DEV;
import static io.stagegate.lifecycle.LifecycleJourney.KPIS_MET;
import static io.stagegate.lifecycle.LifecycleJourney.LATENCY_MISSED;
import static io.stagegate.lifecycle.LifecycleJourney.LEAD;
import static io.stagegate.lifecycle.LifecycleJourney.PMO;
import static io.stagegate.lifecycle.LifecycleJourney.internal;
import static io.stagegate.lifecycle.LifecycleJourney.profile;
import static io.stagegate.lifecycle.LifecycleJourney.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import io.stagegate.StagegateIntegrationTest;
import io.stagegate.demo.LifecycleWalker;
import io.stagegate.gate.GateDecision;
import io.stagegate.gate.GateManagement;
import io.stagegate.lifecycle.ProjectProfile.Audience;
import io.stagegate.lifecycle.ProjectProfile.DomainSpecialization;
import io.stagegate.lifecycle.ProjectProfile.EuRiskClass;
import io.stagegate.lifecycle.ProjectProfile.Industry;
import io.stagegate.lifecycle.ProjectProfile.Jurisdiction;
import io.stagegate.lifecycle.ProjectProfile.PrivacyLevel;
import io.stagegate.lifecycle.ProjectProfile.ProcessComplexity;
import io.stagegate.lifecycle.ProjectView.PhaseView;
import io.stagegate.lifecycle.ProjectView.TaskView;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One test per path through {@code llm-lifecycle} and its called {@code lifecycle-phase}: projects are driven
 * in-process through the application services by the demo users, and every path is checked both in the engine
 * (where the instances wait, what they passed, how they ended) and in Stagegate's own records (status, phase,
 * phase state, iteration, open tasks). Each test creates its own project, so the tests do not depend on each other
 * or on the demo projects.
 */
@StagegateIntegrationTest
class LifecycleProcessTests {

    // bpmn/llm-lifecycle.bpmn
    private static final String CALL_REQUIREMENTS = "CallActivity_Requirements";
    private static final String CALL_ARCHITECTURE = "CallActivity_Architecture";
    private static final String CALL_DATA = "CallActivity_Data";
    private static final String CALL_MODEL = "CallActivity_Model";
    private static final String CALL_INTEGRATION = "CallActivity_Integration";
    private static final String CALL_VALIDATION = "CallActivity_Validation";
    private static final String CALL_OPERATION = "CallActivity_Operation";
    private static final String DATA_ENTRY = "Gateway_DataEntry";
    private static final String MODEL_ENTRY = "Gateway_ModelEntry";
    private static final String VALIDATION_OUTCOME = "Gateway_ValidationOutcome";
    private static final String LAUNCH = "ServiceTask_Launch";
    private static final String RETIREMENT_REQUESTED = "Event_RetirementRequested";
    private static final String RETIRE = "ServiceTask_Retire";
    private static final String PROJECT_RETIRED = "EndEvent_ProjectRetired";
    private static final String CANCELLATION_REQUESTED = "StartEvent_CancellationRequested";
    private static final String CLOSE_CANCELLED_PROJECT = "ServiceTask_CancelProject";
    private static final String CANCELLED_BY_REQUEST = "EndEvent_CancelledByRequest";
    private static final String GATE_CANCELLATION = "StartEvent_CancelledAtGate";
    private static final String CLOSE_CANCELLED_AT_GATE = "ServiceTask_CloseCancelledAtGate";
    private static final String CANCELLED_AT_GATE = "EndEvent_CancelledAtGate";

    // bpmn/lifecycle-phase.bpmn
    private static final String OPEN_PHASE = "ServiceTask_OpenPhase";
    private static final String PREPARE = LifecycleProcess.TASK_PREPARE;
    private static final String SIGN_OFF = LifecycleProcess.TASK_SIGNOFF;
    private static final String SIGNOFF_OUTCOME = "Gateway_SignoffOutcome";
    private static final String GATE_REVIEW = LifecycleProcess.TASK_GATE_REVIEW;
    private static final String GATE_DECISION = "Gateway_GateDecision";
    private static final String SENT_BACK = "Gateway_SentBack";
    private static final String RETURN_TO_PREPARATION = "ServiceTask_ReturnToPreparation";
    private static final String PHASE_DECIDED = "EndEvent_PhaseDecided";
    private static final String PROJECT_CANCELLED = "EndEvent_ProjectCancelled";

    private static final String BUSINESS = "BUSINESS";
    private static final String COMPLIANCE = "COMPLIANCE";

    private static final Actor BIZ = LifecycleWalker.SIGNERS.get(BUSINESS);
    private static final Actor COMP = LifecycleWalker.SIGNERS.get(COMPLIANCE);

    private final ProcessEngine engine;
    private final ProjectManagement projects;
    private final GateManagement gates;
    private final LifecycleWalker walker;
    private final LifecycleJourney journey;

    @Autowired
    LifecycleProcessTests(
            ProcessEngine engine,
            ProjectManagement projects,
            ProjectViews views,
            GateManagement gates,
            LifecycleWalker walker) {
        this.engine = engine;
        this.projects = projects;
        this.gates = gates;
        this.walker = walker;
        this.journey = new LifecycleJourney(projects, views, walker, gates, engine.getRuntimeService());
    }

    @BeforeEach
    void initProcessAssertions() {
        BpmnAwareTests.init(engine);
    }

    @Test
    void approvedGateOpensPreparationOfTheNextPhase() {
        String id = journey.create(
                "Municipal permit Q&A assistant",
                profile(
                        Industry.GOVERNMENT,
                        PrivacyLevel.MEDIUM,
                        ProcessComplexity.SIMPLE,
                        DomainSpecialization.GENERAL,
                        Audience.PUBLIC,
                        List.of(Jurisdiction.CN),
                        null));
        ProcessInstance lifecycle = journey.lifecycle(id);
        ProcessInstance requirements = journey.phase(id);
        assertThat(lifecycle).isWaitingAt(CALL_REQUIREMENTS);
        assertThat(requirements).hasPassed(OPEN_PHASE).isWaitingAt(PREPARE);

        walker.pass(id, KPIS_MET);

        assertThat(requirements)
                .hasPassedInOrder(PREPARE, SIGN_OFF, GATE_REVIEW, GATE_DECISION, PHASE_DECIDED)
                .hasNotPassed(RETURN_TO_PREPARATION)
                .isEnded();
        assertThat(lifecycle).hasPassed(CALL_REQUIREMENTS).isWaitingAt(CALL_ARCHITECTURE);
        ProcessInstance architecture = journey.phase(id);
        assertThat(architecture).isWaitingAt(PREPARE);
        assertThat(architecture).variables().containsEntry("phase", "ARCHITECTURE");

        ProjectView view = journey.view(id);
        assertThat(view.status()).isEqualTo(ProjectStatus.ACTIVE);
        assertThat(view.currentPhase()).isEqualTo(Phase.ARCHITECTURE);
        assertThat(view.phaseState()).isEqualTo(PhaseState.IN_PREPARATION);
        assertThat(view.iteration()).isEqualTo(1);
        assertThat(phase(view, Phase.REQUIREMENTS).state()).isEqualTo(PhaseState.PASSED);
        assertThat(view.openTasks())
                .extracting(TaskView::key, TaskView::phase)
                .containsExactly(tuple(PREPARE, Phase.ARCHITECTURE));
    }

    @Test
    void rejectedGateSendsThePhaseBackForReworkWithItsEvidenceCarriedOver() {
        String id = journey.create(
                "Retail product-description generator",
                internal(Industry.RETAIL, PrivacyLevel.LOW, ProcessComplexity.SIMPLE, DomainSpecialization.GENERAL));
        ProcessInstance lifecycle = journey.lifecycle(id);
        ProcessInstance requirements = journey.phase(id);
        journey.prepareAndSubmit(id, KPIS_MET);
        journey.signOff(id);
        assertThat(requirements).isWaitingAt(GATE_REVIEW);

        gates.decide(
                id, Phase.REQUIREMENTS, GateDecision.REJECT, null, "Scenario list lacks the call-centre volumes", PMO);

        assertThat(requirements)
                .hasPassedInOrder(GATE_REVIEW, SENT_BACK, RETURN_TO_PREPARATION)
                .isWaitingAtExactly(PREPARE);
        assertThat(lifecycle).isWaitingAt(CALL_REQUIREMENTS);
        ProjectView rework = journey.view(id);
        assertThat(rework.currentPhase()).isEqualTo(Phase.REQUIREMENTS);
        assertThat(rework.phaseState()).isEqualTo(PhaseState.IN_PREPARATION);
        assertThat(rework.iteration()).isEqualTo(2);
        assertThat(rework.gate().missingDeliverables()).isEmpty();
        assertThat(rework.gate().pendingChecks()).isEmpty();
        assertThat(rework.gate().pendingSignoffs()).containsExactly(BUSINESS);
        assertThat(rework.openTasks()).extracting(TaskView::key).containsExactly(PREPARE);

        // the carried-over evidence is enough to submit again
        gates.submit(id, Phase.REQUIREMENTS, DEV);

        assertThat(requirements).isWaitingAt(SIGN_OFF);
        ProjectView resubmitted = journey.view(id);
        assertThat(resubmitted.phaseState()).isEqualTo(PhaseState.AWAITING_SIGNOFF);
        assertThat(resubmitted.iteration()).isEqualTo(2);

        journey.signOff(id);
        walker.decide(id, GateDecision.APPROVE, null, "Volumes added");

        assertThat(requirements).hasPassed(PHASE_DECIDED).isEnded();
        assertThat(lifecycle).isWaitingAt(CALL_ARCHITECTURE);
        assertThat(phase(journey.view(id), Phase.REQUIREMENTS).iterations()).isEqualTo(2);
    }

    @Test
    void cancellationAtAGateEndsTheProjectAsCancelled() {
        String id = journey.create(
                "Claims fraud triage assistant",
                internal(
                        Industry.FINANCE,
                        PrivacyLevel.MEDIUM,
                        ProcessComplexity.COMPLEX,
                        DomainSpecialization.GENERAL));
        ProcessInstance lifecycle = journey.lifecycle(id);
        journey.passUntil(id, Phase.ARCHITECTURE, KPIS_MET);
        ProcessInstance architecture = journey.phase(id);
        journey.prepareAndSubmit(id, KPIS_MET);
        journey.signOff(id);

        gates.decide(id, Phase.ARCHITECTURE, GateDecision.CANCEL, null, "Sponsor withdrew the business case", PMO);

        assertThat(architecture)
                .hasPassed(GATE_DECISION, PROJECT_CANCELLED)
                .hasNotPassed(PHASE_DECIDED)
                .isEnded();
        assertThat(lifecycle)
                .hasPassedInOrder(GATE_CANCELLATION, CLOSE_CANCELLED_AT_GATE, CANCELLED_AT_GATE)
                .hasNotPassed(CANCELLATION_REQUESTED, CALL_DATA)
                .isEnded();
        ProjectView view = journey.view(id);
        assertThat(view.status()).isEqualTo(ProjectStatus.CANCELLED);
        assertThat(view.currentPhase()).isEqualTo(Phase.ARCHITECTURE);
        assertThat(view.openTasks()).isEmpty();
        assertThat(openEngineTasks(id)).isZero();
    }

    @Test
    void cancellationOnRequestEndsTheProjectWhileSignoffsAreOpen() {
        String id = journey.create(
                "Wealth-management advisor copilot",
                internal(Industry.FINANCE, PrivacyLevel.HIGH, ProcessComplexity.COMPLEX, DomainSpecialization.GENERAL));
        ProcessInstance lifecycle = journey.lifecycle(id);
        ProcessInstance requirements = journey.phase(id);
        journey.prepareAndSubmit(id, KPIS_MET);
        gates.signoff(id, Phase.REQUIREMENTS, BUSINESS, "APPROVE", "Scenarios are the right ones", BIZ);
        assertThat(requirements).isWaitingAt(SIGN_OFF);
        assertThat(journey.view(id).openTasks())
                .extracting(TaskView::key, TaskView::function)
                .containsExactly(tuple(SIGN_OFF, COMPLIANCE));

        projects.cancel(id, "Regulator paused robo-advice pilots", PMO);

        assertThat(requirements).hasNotPassed(GATE_REVIEW).isEnded();
        assertThat(lifecycle)
                .hasPassedInOrder(CANCELLATION_REQUESTED, CLOSE_CANCELLED_PROJECT, CANCELLED_BY_REQUEST)
                .hasNotPassed(GATE_CANCELLATION, CALL_ARCHITECTURE)
                .isEnded();
        ProjectView view = journey.view(id);
        assertThat(view.status()).isEqualTo(ProjectStatus.CANCELLED);
        assertThat(view.openTasks()).isEmpty();
        assertThat(openEngineTasks(id)).isZero();
        assertThat(refusal(() -> projects.cancel(id, "Twice", PMO)).status()).isEqualTo(409);
    }

    @Test
    void rejectedSignoffWithdrawsTheOtherSignoffsAndReturnsThePhaseToPreparation() {
        String id = journey.create(
                "Radiology report pre-screening",
                internal(
                        Industry.HEALTHCARE,
                        PrivacyLevel.HIGH,
                        ProcessComplexity.SIMPLE,
                        DomainSpecialization.SPECIALIZED));
        ProcessInstance requirements = journey.phase(id);
        journey.prepareAndSubmit(id, KPIS_MET);
        assertThat(journey.view(id).openTasks())
                .extracting(TaskView::function)
                .containsExactlyInAnyOrder(BUSINESS, COMPLIANCE);

        Refusal withoutReason = refusal(() -> gates.signoff(id, Phase.REQUIREMENTS, COMPLIANCE, "REJECT", " ", COMP));
        assertThat(withoutReason.status()).isEqualTo(400);
        assertThat(withoutReason.field()).isEqualTo("comment");

        gates.signoff(id, Phase.REQUIREMENTS, COMPLIANCE, "REJECT", "The DPIA does not cover the PACS export", COMP);

        assertThat(requirements)
                .hasPassedInOrder(SIGN_OFF, SIGNOFF_OUTCOME, SENT_BACK, RETURN_TO_PREPARATION)
                .hasNotPassed(GATE_REVIEW)
                .isWaitingAtExactly(PREPARE);
        ProjectView view = journey.view(id);
        assertThat(view.currentPhase()).isEqualTo(Phase.REQUIREMENTS);
        assertThat(view.phaseState()).isEqualTo(PhaseState.IN_PREPARATION);
        assertThat(view.iteration()).isEqualTo(2);
        assertThat(view.openTasks()).extracting(TaskView::key).containsExactly(PREPARE);
        assertThat(view.gate().missingDeliverables()).isEmpty();
        assertThat(view.gate().pendingChecks()).isEmpty();
        assertThat(view.gate().pendingSignoffs()).containsExactlyInAnyOrder(BUSINESS, COMPLIANCE);
    }

    @Test
    void loopToModelReentersTheModelPhaseWhichNeedsNewEvidenceAndPassesTheLaterGatesAgain() {
        String id = journey.create(
                "Hospital discharge-summary drafting",
                internal(
                        Industry.HEALTHCARE,
                        PrivacyLevel.HIGH,
                        ProcessComplexity.SIMPLE,
                        DomainSpecialization.SPECIALIZED));
        ProcessInstance lifecycle = journey.lifecycle(id);
        journey.reachValidationGate(id, ACCURACY_MISSED);
        ProcessInstance validation = journey.phase(id);

        gates.decide(
                id,
                Phase.VALIDATION,
                GateDecision.LOOP,
                Phase.MODEL,
                "Accuracy 95 % < 97 %: retrain on the 2025 discharge corpus",
                PMO);

        assertThat(validation).hasPassed(PHASE_DECIDED).isEnded();
        assertThat(lifecycle)
                .hasPassedInOrder(CALL_VALIDATION, VALIDATION_OUTCOME)
                .isWaitingAt(CALL_MODEL);
        ProcessInstance model = journey.phase(id);
        assertThat(model).isWaitingAt(PREPARE);
        assertThat(model).variables().containsEntry("phase", "MODEL");
        ProjectView looped = journey.view(id);
        assertThat(looped.currentPhase()).isEqualTo(Phase.MODEL);
        assertThat(looped.phaseState()).isEqualTo(PhaseState.IN_PREPARATION);
        assertThat(looped.iteration()).isEqualTo(2);
        assertThat(looped.validationLoops()).isEqualTo(1);
        assertThat(phase(looped, Phase.VALIDATION).state()).isEqualTo(PhaseState.NOT_STARTED);

        assertRefusedForStaleEvidence(id, Phase.MODEL, "validated-model", "evaluation-report");
        assertThat(model).isWaitingAt(PREPARE);

        walker.pass(id, KPIS_MET);
        assertThat(lifecycle).isWaitingAt(CALL_INTEGRATION);
        assertRefusedForStaleEvidence(id, Phase.INTEGRATION, "runnable-system", "deployment-doc");
        walker.pass(id, KPIS_MET);
        assertThat(lifecycle).isWaitingAt(CALL_VALIDATION);
        assertRefusedForStaleEvidence(id, Phase.VALIDATION, "test-report", "iteration-plan");
        walker.pass(id, KPIS_MET);

        assertThat(lifecycle).isWaitingAt(CALL_OPERATION);
        assertThat(journey.phase(id)).isWaitingAt(PREPARE);
        ProjectView passed = journey.view(id);
        assertThat(passed.currentPhase()).isEqualTo(Phase.OPERATION);
        assertThat(passed.phases())
                .filteredOn(p -> p.key() == Phase.MODEL || p.key() == Phase.INTEGRATION || p.key() == Phase.VALIDATION)
                .extracting(PhaseView::state, PhaseView::iterations)
                .containsOnly(tuple(PhaseState.PASSED, 2));
        assertThat(phase(passed, Phase.DATA).iterations()).isEqualTo(1);
    }

    @Test
    void loopToDataReentersTheDataPhaseWhichNeedsNewEvidenceAndPassesTheLaterGatesAgain() {
        String id = journey.create(
                "Policy-manual search for branch staff",
                internal(
                        Industry.FINANCE, PrivacyLevel.MEDIUM, ProcessComplexity.SIMPLE, DomainSpecialization.GENERAL));
        ProcessInstance lifecycle = journey.lifecycle(id);
        journey.reachValidationGate(id, LATENCY_MISSED);

        gates.decide(
                id,
                Phase.VALIDATION,
                GateDecision.LOOP,
                Phase.DATA,
                "p95 2.6 s: rebuild the knowledge-base index with smaller chunks",
                PMO);

        assertThat(lifecycle).hasPassed(VALIDATION_OUTCOME, DATA_ENTRY).isWaitingAt(CALL_DATA);
        ProcessInstance data = journey.phase(id);
        assertThat(data).isWaitingAt(PREPARE);
        assertThat(data).variables().containsEntry("phase", "DATA");
        ProjectView looped = journey.view(id);
        assertThat(looped.currentPhase()).isEqualTo(Phase.DATA);
        assertThat(looped.phaseState()).isEqualTo(PhaseState.IN_PREPARATION);
        assertThat(looped.iteration()).isEqualTo(2);
        assertThat(looped.validationLoops()).isEqualTo(1);

        assertRefusedForStaleEvidence(id, Phase.DATA, "dataset", "knowledge-base-index");
        assertThat(data).isWaitingAt(PREPARE);

        walker.pass(id, KPIS_MET);
        assertThat(lifecycle).hasPassed(MODEL_ENTRY).isWaitingAt(CALL_MODEL);
        assertRefusedForStaleEvidence(id, Phase.MODEL, "validated-model", "evaluation-report");
        journey.passUntil(id, Phase.VALIDATION, KPIS_MET);
        assertRefusedForStaleEvidence(id, Phase.VALIDATION, "test-report", "iteration-plan");
        walker.pass(id, KPIS_MET);

        assertThat(lifecycle).isWaitingAt(CALL_OPERATION);
        assertThat(journey.phase(id)).isWaitingAt(PREPARE);
        assertThat(journey.view(id).phases())
                .filteredOn(
                        p -> p.key().order() >= Phase.DATA.order() && p.key().order() <= Phase.VALIDATION.order())
                .extracting(PhaseView::state, PhaseView::iterations)
                .containsOnly(tuple(PhaseState.PASSED, 2));
    }

    @Test
    void afterThreeLoopsOnlyAcceptingTheRiskMovesOn() {
        String id = journey.create(
                "Procurement contract clause extraction",
                internal(
                        Industry.GOVERNMENT,
                        PrivacyLevel.LOW,
                        ProcessComplexity.COMPLEX,
                        DomainSpecialization.GENERAL));
        ProcessInstance lifecycle = journey.lifecycle(id);
        journey.reachValidationGate(id, ACCURACY_MISSED);
        for (int loop = 1; loop <= 3; loop++) {
            gates.decide(id, Phase.VALIDATION, GateDecision.LOOP, Phase.MODEL, "Retrain, round " + loop, PMO);
            assertThat(lifecycle).isWaitingAt(CALL_MODEL);
            journey.reachValidationGate(id, ACCURACY_MISSED);
        }
        ProcessInstance validation = journey.phase(id);
        assertThat(journey.view(id).validationLoops()).isEqualTo(3);

        Refusal fourthToModel =
                refusal(() -> gates.decide(id, Phase.VALIDATION, GateDecision.LOOP, Phase.MODEL, "Round 4", PMO));
        Refusal fourthToData =
                refusal(() -> gates.decide(id, Phase.VALIDATION, GateDecision.LOOP, Phase.DATA, "Round 4", PMO));

        assertThat(fourthToModel.status()).isEqualTo(422);
        assertThat(fourthToData.status()).isEqualTo(422);
        assertThat(validation).isWaitingAt(GATE_REVIEW);
        assertThat(journey.view(id).phaseState()).isEqualTo(PhaseState.AWAITING_GATE);

        gates.decide(
                id,
                Phase.VALIDATION,
                GateDecision.ACCEPT_RISK,
                null,
                "95 % accepted for the internal pilot; clause review by a lawyer stays mandatory",
                PMO);

        assertThat(validation).hasPassed(PHASE_DECIDED).isEnded();
        assertThat(lifecycle).isWaitingAt(CALL_OPERATION);
        ProjectView view = journey.view(id);
        assertThat(view.currentPhase()).isEqualTo(Phase.OPERATION);
        assertThat(view.validationLoops()).isEqualTo(3);
        assertThat(phase(view, Phase.VALIDATION).iterations()).isEqualTo(4);
    }

    @Test
    void acceptedRiskMovesOnToOperationDespiteAnUnmetKpi() {
        String id = journey.create(
                "Maintenance troubleshooting assistant for line engineers",
                internal(
                        Industry.INDUSTRIAL,
                        PrivacyLevel.MEDIUM,
                        ProcessComplexity.COMPLEX,
                        DomainSpecialization.SPECIALIZED));
        ProcessInstance lifecycle = journey.lifecycle(id);
        journey.reachValidationGate(id, ACCURACY_MISSED);
        ProcessInstance validation = journey.phase(id);

        Refusal withoutReason =
                refusal(() -> gates.decide(id, Phase.VALIDATION, GateDecision.ACCEPT_RISK, null, null, PMO));
        Refusal blankReason =
                refusal(() -> gates.decide(id, Phase.VALIDATION, GateDecision.ACCEPT_RISK, null, "  ", PMO));
        assertThat(withoutReason.status()).isEqualTo(400);
        assertThat(withoutReason.field()).isEqualTo("comment");
        assertThat(blankReason.status()).isEqualTo(400);
        assertThat(validation).isWaitingAt(GATE_REVIEW);

        gates.decide(
                id,
                Phase.VALIDATION,
                GateDecision.ACCEPT_RISK,
                null,
                "95 % is enough for advice to engineers who confirm every step on the machine",
                PMO);

        assertThat(validation).hasPassed(PHASE_DECIDED).isEnded();
        assertThat(lifecycle).hasPassed(VALIDATION_OUTCOME).isWaitingAt(CALL_OPERATION);
        assertThat(journey.phase(id)).isWaitingAt(PREPARE);
        ProjectView view = journey.view(id);
        assertThat(view.status()).isEqualTo(ProjectStatus.ACTIVE);
        assertThat(view.currentPhase()).isEqualTo(Phase.OPERATION);
        assertThat(view.phaseState()).isEqualTo(PhaseState.IN_PREPARATION);
        assertThat(view.validationLoops()).isZero();
        assertThat(phase(view, Phase.VALIDATION).state()).isEqualTo(PhaseState.PASSED);
    }

    @Test
    void approvedLaunchGatePutsTheProjectIntoOperation() {
        String id = journey.create(
                "Citizen-service hotline assistant",
                profile(
                        Industry.GOVERNMENT,
                        PrivacyLevel.MEDIUM,
                        ProcessComplexity.SIMPLE,
                        DomainSpecialization.GENERAL,
                        Audience.PUBLIC,
                        List.of(Jurisdiction.CN),
                        null));
        ProcessInstance lifecycle = journey.lifecycle(id);
        journey.passUntil(id, Phase.OPERATION, KPIS_MET);
        ProcessInstance operation = journey.phase(id);
        journey.prepareAndSubmit(id, KPIS_MET);
        journey.signOff(id);
        assertThat(journey.view(id).status()).isEqualTo(ProjectStatus.ACTIVE);

        walker.decide(id, GateDecision.APPROVE, null, "Filing done, training done, go live");

        assertThat(operation).hasPassed(PHASE_DECIDED).isEnded();
        assertThat(lifecycle).hasPassedInOrder(CALL_OPERATION, LAUNCH).isWaitingAt(RETIREMENT_REQUESTED);
        assertThat(journey.runningPhases(id)).isZero();
        ProjectView view = journey.view(id);
        assertThat(view.status()).isEqualTo(ProjectStatus.OPERATING);
        assertThat(view.currentPhase()).isEqualTo(Phase.OPERATION);
        assertThat(view.phaseState()).isEqualTo(PhaseState.PASSED);
        assertThat(view.openTasks()).extracting(TaskView::key).doesNotContain(PREPARE, SIGN_OFF, GATE_REVIEW);
    }

    @Test
    void retirementEndsAnOperatingProject() {
        String id = journey.create(
                "EU customer-support reply drafting",
                profile(
                        Industry.RETAIL,
                        PrivacyLevel.MEDIUM,
                        ProcessComplexity.SIMPLE,
                        DomainSpecialization.GENERAL,
                        Audience.PUBLIC,
                        List.of(Jurisdiction.EU),
                        EuRiskClass.LIMITED));
        ProcessInstance lifecycle = journey.lifecycle(id);
        journey.launch(id);
        assertThat(lifecycle).isWaitingAt(RETIREMENT_REQUESTED);

        projects.retire(id, "Replaced by the group-wide assistant", PMO);

        assertThat(lifecycle)
                .hasPassedInOrder(RETIREMENT_REQUESTED, RETIRE, PROJECT_RETIRED)
                .isEnded();
        ProjectView view = journey.view(id);
        assertThat(view.status()).isEqualTo(ProjectStatus.RETIRED);
        assertThat(view.openTasks()).isEmpty();
        assertThat(openEngineTasks(id)).isZero();
    }

    @Test
    void theSubmitterCannotDecideTheGate() {
        String id = journey.create(
                "HR policy chatbot",
                internal(Industry.OTHER, PrivacyLevel.MEDIUM, ProcessComplexity.SIMPLE, DomainSpecialization.GENERAL));
        ProcessInstance requirements = journey.phase(id);
        walker.prepare(id, KPIS_MET);
        gates.submit(id, Phase.REQUIREMENTS, LEAD);
        journey.signOff(id);

        Refusal ownSubmission =
                refusal(() -> gates.decide(id, Phase.REQUIREMENTS, GateDecision.APPROVE, null, "Fine by me", LEAD));

        assertThat(ownSubmission.status()).isEqualTo(403);
        assertThat(requirements).isWaitingAt(GATE_REVIEW);
        assertThat(journey.view(id).phaseState()).isEqualTo(PhaseState.AWAITING_GATE);

        walker.decide(id, GateDecision.APPROVE, null, "Second pair of eyes: complete");
        assertThat(requirements).hasPassed(PHASE_DECIDED).isEnded();
    }

    @Test
    void theSubmitterCannotDecideTheGateInTasklistEither() {
        String id = journey.create(
                "Field-service knowledge assistant",
                internal(Industry.OTHER, PrivacyLevel.LOW, ProcessComplexity.SIMPLE, DomainSpecialization.GENERAL));
        ProcessInstance requirements = journey.phase(id);
        walker.prepare(id, KPIS_MET);
        gates.submit(id, Phase.REQUIREMENTS, LEAD);
        journey.signOff(id);
        String gateReview = engine.getTaskService()
                .createTaskQuery()
                .processInstanceId(requirements.getId())
                .taskDefinitionKey(GATE_REVIEW)
                .singleResult()
                .getId();

        Throwable completion =
                asEngineUser(LEAD, () -> engine.getTaskService().complete(gateReview, Map.of("decision", "APPROVE")));

        Refusal fourEyes = refusalIn(completion);
        assertThat(fourEyes.status()).isEqualTo(403);
        assertThat(fourEyes.getMessage()).contains(LEAD.userId());
        assertThat(requirements).isWaitingAt(GATE_REVIEW);
        assertThat(journey.view(id).phaseState()).isEqualTo(PhaseState.AWAITING_GATE);
    }

    @Test
    void aSignerCannotDecideTheGate() {
        Actor signingPmo = new Actor("pmo2", List.of(Actor.PMO, "business"));
        String id = journey.create(
                "Sales-call summary assistant",
                internal(Industry.RETAIL, PrivacyLevel.LOW, ProcessComplexity.SIMPLE, DomainSpecialization.GENERAL));
        ProcessInstance requirements = journey.phase(id);
        journey.prepareAndSubmit(id, KPIS_MET);
        gates.signoff(id, Phase.REQUIREMENTS, BUSINESS, "APPROVE", "Scenarios confirmed", signingPmo);
        assertThat(requirements).isWaitingAt(GATE_REVIEW);

        Refusal ownSignoff =
                refusal(() -> gates.decide(id, Phase.REQUIREMENTS, GateDecision.APPROVE, null, "Approved", signingPmo));

        assertThat(ownSignoff.status()).isEqualTo(403);
        assertThat(requirements).isWaitingAt(GATE_REVIEW);
        walker.decide(id, GateDecision.APPROVE, null, "Approved");
        assertThat(requirements).hasPassed(PHASE_DECIDED).isEnded();
    }

    @Test
    void onePersonGivesAtMostOneSignoffPerGate() {
        Actor businessAndCompliance = new Actor("bc", List.of("business", "compliance"));
        String id = journey.create(
                "Patient appointment triage bot",
                internal(
                        Industry.HEALTHCARE,
                        PrivacyLevel.HIGH,
                        ProcessComplexity.SIMPLE,
                        DomainSpecialization.GENERAL));
        ProcessInstance requirements = journey.phase(id);
        journey.prepareAndSubmit(id, KPIS_MET);
        gates.signoff(id, Phase.REQUIREMENTS, BUSINESS, "APPROVE", "Scenarios confirmed", businessAndCompliance);

        Refusal second = refusal(
                () -> gates.signoff(id, Phase.REQUIREMENTS, COMPLIANCE, "APPROVE", "Compliant", businessAndCompliance));

        assertThat(second.status()).isEqualTo(403);
        assertThat(requirements).isWaitingAt(SIGN_OFF);
        assertThat(journey.view(id).openTasks())
                .extracting(TaskView::key, TaskView::function)
                .containsExactly(tuple(SIGN_OFF, COMPLIANCE));

        gates.signoff(id, Phase.REQUIREMENTS, COMPLIANCE, "APPROVE", "DPIA scoped", COMP);
        assertThat(requirements).isWaitingAt(GATE_REVIEW);
    }

    @Test
    void aGateIsNotDecidedWhileASignoffIsOutstanding() {
        String id = journey.create(
                "Loan-officer credit memo drafting",
                internal(Industry.FINANCE, PrivacyLevel.HIGH, ProcessComplexity.COMPLEX, DomainSpecialization.GENERAL));
        ProcessInstance requirements = journey.phase(id);
        journey.prepareAndSubmit(id, KPIS_MET);
        gates.signoff(id, Phase.REQUIREMENTS, BUSINESS, "APPROVE", "Scenarios confirmed", BIZ);

        Refusal early =
                refusal(() -> gates.decide(id, Phase.REQUIREMENTS, GateDecision.APPROVE, null, "Approved", PMO));

        assertThat(early.status()).isEqualTo(409);
        assertThat(requirements).isWaitingAt(SIGN_OFF).hasNotPassed(GATE_REVIEW);
        ProjectView view = journey.view(id);
        assertThat(view.phaseState()).isEqualTo(PhaseState.AWAITING_SIGNOFF);
        assertThat(view.gate().pendingSignoffs()).containsExactly(COMPLIANCE);
    }

    @Test
    void theValidationGateIsNotApprovedWhileAKpiIsUnmetOrUnmeasured() {
        String id = journey.create(
                "Tax-office letter classification",
                internal(
                        Industry.GOVERNMENT,
                        PrivacyLevel.MEDIUM,
                        ProcessComplexity.SIMPLE,
                        DomainSpecialization.GENERAL));
        journey.reachValidationGate(id, Map.of("accuracy", 0.95));
        ProcessInstance validation = journey.phase(id);

        Refusal unmet = refusal(() -> gates.decide(id, Phase.VALIDATION, GateDecision.APPROVE, null, "Approved", PMO));

        assertThat(unmet.status()).isEqualTo(422);
        assertThat(unmet.missing()).containsExactlyInAnyOrder("kpi:accuracy", "kpi:p95LatencyMs");
        assertThat(validation).isWaitingAt(GATE_REVIEW);
        ProjectView view = journey.view(id);
        assertThat(view.phaseState()).isEqualTo(PhaseState.AWAITING_GATE);
        assertThat(view.gate().unmetKpis()).containsExactlyInAnyOrder("accuracy", "p95LatencyMs");
    }

    private void assertRefusedForStaleEvidence(String id, Phase phase, String... deliverableTypes) {
        Refusal stale = refusal(() -> gates.submit(id, phase, DEV));
        assertThat(stale.status())
                .as("submitting %s without new evidence", phase)
                .isEqualTo(422);
        assertThat(stale.missing()).contains(deliverableTypes);
        assertThat(journey.view(id).phaseState()).isEqualTo(PhaseState.IN_PREPARATION);
    }

    /** What a call through the engine's own API (as Tasklist makes it) throws, made as the given user. */
    private Throwable asEngineUser(Actor actor, ThrowingCallable call) {
        engine.getIdentityService().setAuthentication(actor.userId(), actor.groups());
        try {
            return catchThrowable(call);
        } finally {
            engine.getIdentityService().clearAuthentication();
        }
    }

    /** The refusal somewhere in an engine exception's causes; fails when there is none. */
    private static Refusal refusalIn(Throwable thrown) {
        assertThat(thrown).as("the engine refused the call").isNotNull();
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof Refusal refusal) {
                return refusal;
            }
        }
        throw new AssertionError("No Refusal among the causes of " + thrown, thrown);
    }

    private long openEngineTasks(String id) {
        return engine.getTaskService()
                .createTaskQuery()
                .processInstanceBusinessKey(id)
                .count();
    }

    private static PhaseView phase(ProjectView view, Phase key) {
        return view.phases().stream().filter(p -> p.key() == key).findFirst().orElseThrow();
    }
}
