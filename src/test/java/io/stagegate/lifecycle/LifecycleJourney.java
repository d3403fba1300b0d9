package io.stagegate.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.stagegate.demo.LifecycleWalker;
import io.stagegate.gate.GateManagement;
import io.stagegate.lifecycle.ProjectManagement.NewProject;
import io.stagegate.lifecycle.ProjectProfile.Audience;
import io.stagegate.lifecycle.ProjectProfile.DomainSpecialization;
import io.stagegate.lifecycle.ProjectProfile.EuRiskClass;
import io.stagegate.lifecycle.ProjectProfile.Industry;
import io.stagegate.lifecycle.ProjectProfile.Jurisdiction;
import io.stagegate.lifecycle.ProjectProfile.PrivacyLevel;
import io.stagegate.lifecycle.ProjectProfile.ProcessComplexity;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;

/**
 * Takes projects through the lifecycle in-process, through the application services only, as the demo users
 * would ({@link LifecycleWalker}'s actors), and finds a project's process instances by its id, which is their
 * business key.
 */
final class LifecycleJourney {

    static final Actor DEV = LifecycleWalker.DEV;
    static final Actor PMO = LifecycleWalker.PMO;
    /** Member of the project team and of the PMO: the demo's four-eyes case. */
    static final Actor LEAD = new Actor("lead", List.of(Actor.CONTRIBUTOR, Actor.PMO));

    static final Team TEAM = new Team("biz", "tech", "comp", List.of());
    /** Answer accuracy at least 97 %, p95 response time at most 2 s. */
    static final List<Kpi> KPIS = List.of(
            new Kpi("accuracy", 0.85, 0.97, "ratio", Kpi.Direction.AT_LEAST),
            new Kpi("p95LatencyMs", 3500, 2000, "ms", Kpi.Direction.AT_MOST));

    static final Map<String, Double> KPIS_MET = Map.of("accuracy", 0.975, "p95LatencyMs", 1500.0);
    static final Map<String, Double> ACCURACY_MISSED = Map.of("accuracy", 0.95, "p95LatencyMs", 1800.0);
    static final Map<String, Double> LATENCY_MISSED = Map.of("accuracy", 0.98, "p95LatencyMs", 2600.0);

    private final ProjectManagement projects;
    private final ProjectViews views;
    private final LifecycleWalker walker;
    private final GateManagement gates;
    private final RuntimeService runtime;

    LifecycleJourney(
            ProjectManagement projects,
            ProjectViews views,
            LifecycleWalker walker,
            GateManagement gates,
            RuntimeService runtime) {
        this.projects = projects;
        this.views = views;
        this.walker = walker;
        this.gates = gates;
        this.runtime = runtime;
    }

    static ProjectProfile profile(
            Industry industry,
            PrivacyLevel privacy,
            ProcessComplexity complexity,
            DomainSpecialization domain,
            Audience audience,
            List<Jurisdiction> jurisdictions,
            EuRiskClass euRiskClass) {
        return new ProjectProfile(industry, privacy, complexity, domain, audience, jurisdictions, euRiskClass);
    }

    static ProjectProfile internal(
            Industry industry, PrivacyLevel privacy, ProcessComplexity complexity, DomainSpecialization domain) {
        return profile(industry, privacy, complexity, domain, Audience.INTERNAL, List.of(), null);
    }

    /** A new project, created by the PMO; its lifecycle waits in the preparation of REQUIREMENTS. */
    String create(String name, ProjectProfile profile) {
        return projects.create(new NewProject(name, profile, KPIS, TEAM), PMO).id();
    }

    ProjectView view(String projectId) {
        return views.view(projects.get(projectId), Locale.ENGLISH);
    }

    Phase currentPhase(String projectId) {
        return projects.get(projectId).currentPhase();
    }

    /** Approves gate after gate until the project is in the preparation of {@code phase}. */
    void passUntil(String projectId, Phase phase, Map<String, Double> measured) {
        for (int passed = 0; currentPhase(projectId) != phase; passed++) {
            assertThat(passed).as("gates passed on the way to %s", phase).isLessThan(Phase.values().length);
            walker.pass(projectId, measured);
        }
        assertThat(projects.get(projectId).phaseState()).isEqualTo(PhaseState.IN_PREPARATION);
    }

    /** Registers the phase's outputs (test reports with these metrics), confirms its checks and submits it. */
    void prepareAndSubmit(String projectId, Map<String, Double> measured) {
        walker.prepare(projectId, measured);
        gates.submit(projectId, currentPhase(projectId), DEV);
    }

    /** Every required function signs off, each by the one demo member of its group. */
    void signOff(String projectId) {
        Phase phase = currentPhase(projectId);
        for (String function : view(projectId).gate().pendingSignoffs()) {
            gates.signoff(
                    projectId, phase, function, "APPROVE", "Looks complete", LifecycleWalker.SIGNERS.get(function));
        }
    }

    /** Walks a new project up to its VALIDATION gate, the test report carrying these measurements. */
    void reachValidationGate(String projectId, Map<String, Double> measured) {
        passUntil(projectId, Phase.VALIDATION, measured);
        prepareAndSubmit(projectId, measured);
        signOff(projectId);
        assertThat(projects.get(projectId).phaseState()).isEqualTo(PhaseState.AWAITING_GATE);
    }

    /** Walks a new project through all seven gates into operation. */
    void launch(String projectId) {
        passUntil(projectId, Phase.OPERATION, KPIS_MET);
        walker.pass(projectId, KPIS_MET);
        assertThat(projects.get(projectId).status()).isEqualTo(ProjectStatus.OPERATING);
    }

    /** The project's {@code llm-lifecycle} instance, while it runs. */
    ProcessInstance lifecycle(String projectId) {
        return running(LifecycleProcess.PROCESS_KEY, projectId);
    }

    /** The project's running {@code lifecycle-phase} instance: the phase being worked. */
    ProcessInstance phase(String projectId) {
        return running(LifecycleProcess.PHASE_PROCESS_KEY, projectId);
    }

    long runningPhases(String projectId) {
        return runtime.createProcessInstanceQuery()
                .processDefinitionKey(LifecycleProcess.PHASE_PROCESS_KEY)
                .processInstanceBusinessKey(projectId)
                .count();
    }

    private ProcessInstance running(String processKey, String projectId) {
        ProcessInstance instance = runtime.createProcessInstanceQuery()
                .processDefinitionKey(processKey)
                .processInstanceBusinessKey(projectId)
                .singleResult();
        assertThat(instance)
                .as("running %s instance of project %s", processKey, projectId)
                .isNotNull();
        return instance;
    }

    /** The refusal an action ends in; fails when it does not end in one. */
    static Refusal refusal(ThrowingCallable action) {
        Throwable thrown = catchThrowable(action);
        assertThat(thrown).isInstanceOf(Refusal.class);
        return (Refusal) thrown;
    }
}
