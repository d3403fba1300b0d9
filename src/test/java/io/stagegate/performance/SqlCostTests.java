package io.stagegate.performance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stagegate.Api;
import io.stagegate.Api.Answer;
import io.stagegate.ProjectFixtures;
import io.stagegate.StagegateIntegrationTest;
import io.stagegate.deliverable.DeliverableManagement;
import io.stagegate.demo.LifecycleWalker;
import io.stagegate.gate.GateDecision;
import io.stagegate.gate.GateManagement;
import io.stagegate.lifecycle.Actor;
import io.stagegate.lifecycle.Catalogue;
import io.stagegate.lifecycle.EngineActions;
import io.stagegate.lifecycle.Phase;
import io.stagegate.lifecycle.ProjectManagement;
import io.stagegate.lifecycle.ProjectRepository;
import io.stagegate.lifecycle.ProjectViews;
import io.stagegate.performance.SqlCounting.Count;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What each endpoint costs in SQL statements, counted by a proxy around the DataSource (see {@link SqlCounting}).
 * Statement counts are deterministic, so these are ordinary tests with upper bounds: a gate decision through the API
 * costs at most the engine's own completion of the same task plus {@value #API_OVERHEAD_AT_MOST}, and the project
 * view and the project list cost the same number of statements however many deliverables, events and projects
 * there are (no N+1); only the kinds of project on a page matter (operating ones add up to three queries per page). The counts are printed, for {@code docs/performance.md}.
 */
@StagegateIntegrationTest
class SqlCostTests {

    /** Issue 8's bound: what Stagegate may add to the engine's own statements for one gate decision. */
    static final int API_OVERHEAD_AT_MOST = 10;

    @LocalServerPort
    int port;

    @Autowired
    TaskService taskService;

    @Autowired
    EngineActions engine;

    @Autowired
    ProjectManagement management;

    @Autowired
    DeliverableManagement deliverables;

    @Autowired
    GateManagement gates;

    @Autowired
    ProjectRepository projects;

    @Autowired
    ProjectViews views;

    @Autowired
    Catalogue catalogue;

    @Autowired
    PlatformTransactionManager transactions;

    private Api api;
    private ProjectFixtures fixtures;

    @BeforeEach
    void connect() {
        api = new Api(port);
        fixtures = new ProjectFixtures(api);
    }

    @Test
    void gateDecisionCostsAtMostTheEnginesOwnCompletionPlusTen() {
        String throughApi = fixtures.create("SQL cost API").path("id").asText();
        String throughEngine = fixtures.create("SQL cost engine").path("id").asText();
        fixtures.bringTo(throughApi, "REQUIREMENTS", "AWAITING_GATE");
        JsonNode engineView = fixtures.bringTo(throughEngine, "REQUIREMENTS", "AWAITING_GATE");
        // warm the credential cache, so that the decision pays what a steady client pays
        fixtures.view(throughApi);

        Count api = counted(
                HttpMethod.POST,
                "/api/v1/projects/" + throughApi + "/phases/REQUIREMENTS/gate",
                Map.of("decision", "APPROVE", "comment", "approved through the API"),
                200);

        String taskId =
                ProjectFixtures.openTask(engineView, "gate-review").path("id").asText();
        Map<String, Object> variables = new HashMap<>();
        variables.put("decision", "APPROVE");
        variables.put("comment", "approved through the engine");
        Count engine = SqlCounting.count(() -> this.engine.asUser("pmo", List.of("pmo"), () -> {
                    taskService.complete(taskId, variables);
                    return null;
                }))
                .count();

        assertThat(fixtures.view(throughApi).path("currentPhase").asText()).isEqualTo("ARCHITECTURE");
        assertThat(fixtures.view(throughEngine).path("currentPhase").asText()).isEqualTo("ARCHITECTURE");
        report("gate decision, API", api);
        report("gate decision, engine alone (TaskService.complete)", engine);
        assertThat(api.statements())
                .as("API gate decision %s%nversus the engine alone %s", api, engine)
                .isLessThanOrEqualTo(engine.statements() + API_OVERHEAD_AT_MOST);
    }

    @Test
    void projectViewCostsTheSameWhateverTheNumberOfDeliverablesAndEvents() {
        String few = fixtures.create("SQL cost view few").path("id").asText();
        String many = fixtures.create("SQL cost view many").path("id").asText();
        fixtures.reference(few, "REQUIREMENTS", "requirements-spec", null);
        for (int version = 0; version < 30; version++) {
            Answer registered = fixtures.reference(many, "REQUIREMENTS", "requirements-spec", null);
            assertThat(registered.status()).as(registered.raw()).isEqualTo(201);
        }
        fixtures.view(few);

        Count one = counted(HttpMethod.GET, "/api/v1/projects/" + few, null, 200);
        Count thirty = counted(HttpMethod.GET, "/api/v1/projects/" + many, null, 200);

        report("project view, 1 deliverable", one);
        report("project view, 30 deliverable versions (and 30 more audit events)", thirty);
        assertThat(thirty.statements()).as("%s%nversus%n%s", thirty, one).isEqualTo(one.statements());
    }

    @Test
    void projectListCostsTheSameWhateverTheNumberOfProjects() {
        // at least 50 projects in several states: fresh ones, one with evidence, one past a gate, the demo's
        // operating and retired ones (the shared context may already hold many from other tests)
        long existing =
                api.get("pmo", "/api/v1/projects?size=1").body().path("total").asLong();
        for (long i = existing; i < 48; i++) {
            fixtures.create("SQL cost list " + i);
        }
        String withEvidence =
                fixtures.create("SQL cost list evidence").path("id").asText();
        fixtures.bringTo(withEvidence, "REQUIREMENTS", "AWAITING_SIGNOFF");
        String passed = fixtures.create("SQL cost list passed").path("id").asText();
        fixtures.passCurrentPhase(passed);
        api.get("pmo", "/api/v1/projects?size=1");

        Count five = counted(HttpMethod.GET, "/api/v1/projects?size=5", null, 200);
        Count fifty = counted(HttpMethod.GET, "/api/v1/projects?size=50", null, 200);
        Count filteredFive = counted(HttpMethod.GET, "/api/v1/projects?status=ACTIVE&size=5", null, 200);
        Count filteredFifty = counted(HttpMethod.GET, "/api/v1/projects?status=ACTIVE&size=50", null, 200);
        Count operating = counted(HttpMethod.GET, "/api/v1/projects?status=OPERATING&size=50", null, 200);

        report("project list, 5 projects", five);
        report("project list, 50 projects", fifty);
        report("project list ?status=ACTIVE, 5 projects", filteredFive);
        report("project list ?status=ACTIVE, 50 projects", filteredFifty);
        report("project list ?status=OPERATING", operating);
        // the unfiltered page of 50 may also hold the demo's operating projects, whose operation block costs up to
        // three queries for the whole page (active reviews, open refreshes, their breaches), however many there are
        assertThat(fifty.statements())
                .as("%s%nversus%n%s", fifty, five)
                .isBetween(five.statements(), five.statements() + 3);
        assertThat(filteredFifty.statements())
                .as("%s%nversus%n%s", filteredFifty, filteredFive)
                .isEqualTo(filteredFive.statements());
        assertThat(operating.statements()).as("%s", operating).isLessThanOrEqualTo(filteredFifty.statements() + 3);
    }

    /**
     * The whole walk the benchmark's users make — seven gates, each with its view, outputs, checks, submission,
     * sign-offs and decision — over the API and through the application services (the harness's in-process side).
     * Per kind of request the API may add one project view per call (every command answers with the view, as the
     * contract says) and one statement more; nothing that grows with the walk.
     */
    @Test
    void aLifecycleOverTheApiCostsTheServicesStatementsPlusTheViewEachCommandAnswersWith() {
        String overHttp = fixtures.create("SQL cost walk API").path("id").asText();
        String inProcess = fixtures.create("SQL cost walk services").path("id").asText();
        Map<String, int[]> http = new LinkedHashMap<>();
        Map<String, int[]> services = new LinkedHashMap<>();
        TransactionTemplate readOnly = new TransactionTemplate(transactions);
        readOnly.setReadOnly(true);
        Supplier<Object> view = () -> readOnly.execute(status -> views.view(management.get(inProcess), Locale.ENGLISH));
        for (Phase phase : Phase.values()) {
            String project = "/api/v1/projects/" + overHttp;
            String gate = project + "/phases/" + phase;
            JsonNode answer = walked(http, "view", "pmo", HttpMethod.GET, project, null);
            for (JsonNode type : answer.path("gate").path("missingDeliverables")) {
                walked(
                        http,
                        "deliverable",
                        "dev",
                        HttpMethod.POST,
                        project + "/deliverables",
                        ProjectFixtures.referenceRequest(
                                overHttp, phase.name(), type.asText(), ProjectFixtures.KPIS_MET));
            }
            answer = walked(http, "view", "pmo", HttpMethod.GET, project, null);
            for (JsonNode check : answer.path("gate").path("pendingChecks")) {
                walked(
                        http,
                        "check",
                        "dev",
                        HttpMethod.POST,
                        gate + "/checks/" + check.asText(),
                        Map.of("confirmed", true, "evidence", "walk"));
            }
            answer = walked(http, "submit", "dev", HttpMethod.POST, gate + "/submit", null);
            for (JsonNode function : answer.path("gate").path("pendingSignoffs")) {
                walked(
                        http,
                        "sign-off",
                        ProjectFixtures.SIGNERS.get(function.asText()),
                        HttpMethod.POST,
                        gate + "/signoffs/" + function.asText(),
                        Map.of("decision", "APPROVE", "comment", "walk"));
            }
            walked(
                    http,
                    "gate decision",
                    "pmo",
                    HttpMethod.POST,
                    gate + "/gate",
                    Map.of("decision", "APPROVE", "comment", "walk"));

            walked(services, "view", LifecycleWalker.PMO, view);
            for (String type : catalogue.requiredDeliverables(phase)) {
                walked(
                        services,
                        "deliverable",
                        LifecycleWalker.DEV,
                        () -> deliverables.register(
                                inProcess, InProcessDriver.reference(inProcess, phase, type), LifecycleWalker.DEV));
            }
            walked(services, "view", LifecycleWalker.PMO, view);
            for (String check : projects.phase(inProcess, phase).requiredChecks()) {
                walked(
                        services,
                        "check",
                        LifecycleWalker.DEV,
                        () -> gates.confirmCheck(inProcess, phase, check, true, "walk", LifecycleWalker.DEV));
            }
            walked(services, "submit", LifecycleWalker.DEV, () -> gates.submit(inProcess, phase, LifecycleWalker.DEV));
            for (String function : projects.phase(inProcess, phase).requiredSignoffs()) {
                Actor signer = LifecycleWalker.SIGNERS.get(function);
                walked(
                        services,
                        "sign-off",
                        signer,
                        () -> gates.signoff(inProcess, phase, function, "APPROVE", "walk", signer));
            }
            walked(
                    services,
                    "gate decision",
                    LifecycleWalker.PMO,
                    () -> gates.decide(inProcess, phase, GateDecision.APPROVE, null, "walk", LifecycleWalker.PMO));
        }

        assertThat(fixtures.view(overHttp).path("status").asText()).isEqualTo("OPERATING");
        assertThat(fixtures.view(inProcess).path("status").asText()).isEqualTo("OPERATING");
        assertThat(http.keySet()).isEqualTo(services.keySet());
        int viewStatements = services.get("view")[0] / services.get("view")[2];
        int[] totals = new int[4];
        http.forEach((kind, overApi) -> {
            int[] direct = services.get(kind);
            System.out.printf(
                    "SQL cost | lifecycle walk, %s | %d calls | API %d statements / %d round trips | services %d / %d%n",
                    kind, overApi[2], overApi[0], overApi[1], direct[0], direct[1]);
            assertThat(overApi[2]).as("%s calls", kind).isEqualTo(direct[2]);
            assertThat(overApi[0])
                    .as("%s: API %d statements in %d calls, services %d", kind, overApi[0], overApi[2], direct[0])
                    .isLessThanOrEqualTo(direct[0] + overApi[2] * (viewStatements + 1));
            for (int i = 0; i < 2; i++) {
                totals[i] += overApi[i];
                totals[i + 2] += direct[i];
            }
        });
        System.out.printf(
                "SQL cost | lifecycle walk, whole | API %d statements / %d round trips | services %d / %d%n",
                totals[0], totals[1], totals[2], totals[3]);
    }

    private JsonNode walked(
            Map<String, int[]> costs, String kind, String user, HttpMethod method, String path, Object body) {
        Sent sent = send(user, method, path, body);
        assertThat(sent.answer().status())
                .as("%s %s: %s", method, path, sent.answer().raw())
                .isBetween(200, 201);
        add(costs, kind, sent.count());
        return sent.answer().body();
    }

    /**
     * Counts one service call made as {@code actor}, with the caller as the engine's authenticated user as the API's
     * filter chain sets it for a request, so that both sides write the same rows (the engine's user operation log).
     */
    private void walked(Map<String, int[]> costs, String kind, Actor actor, Supplier<?> work) {
        add(
                costs,
                kind,
                SqlCounting.count(() -> engine.asUser(actor.userId(), actor.groups(), work))
                        .count());
    }

    private static void add(Map<String, int[]> costs, String kind, Count count) {
        int[] sum = costs.computeIfAbsent(kind, k -> new int[3]);
        sum[0] += count.statements();
        sum[1] += count.roundTrips();
        sum[2]++;
    }

    /** Sends the request marked for counting and returns what it cost on the server. */
    private Count counted(HttpMethod method, String path, Object body, int expectedStatus) {
        Sent sent = send("pmo", method, path, body);
        assertThat(sent.answer().status())
                .as("%s %s: %s", method, path, sent.answer().raw())
                .isEqualTo(expectedStatus);
        return sent.count();
    }

    /** A request marked for counting, its answer and what it cost on the server. */
    private Sent send(String user, HttpMethod method, String path, Object body) {
        String token = UUID.randomUUID().toString();
        HttpHeaders headers = new HttpHeaders();
        headers.set(SqlCounting.HEADER, token);
        Answer answer = api.call(method, user, path, body, headers);
        return new Sent(answer, SqlCounting.ofRequest(token));
    }

    private record Sent(Answer answer, Count count) {}

    private static void report(String what, Count count) {
        System.out.printf(
                "SQL cost | %s | %d statements | %d round trips%n", what, count.statements(), count.roundTrips());
        if (Boolean.getBoolean("sqlcost.verbose")) {
            System.out.printf("SQL cost | %s | %s%n", what, count); // every statement, in order
        }
    }
}
