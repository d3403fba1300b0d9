package io.stagegate.performance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stagegate.Api;
import io.stagegate.Api.Answer;
import io.stagegate.ProjectFixtures;
import io.stagegate.StagegateIntegrationTest;
import io.stagegate.performance.SqlCounting.Count;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

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
    IdentityService identityService;

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
        Count engine = SqlCounting.count(() -> {
                    identityService.setAuthentication("pmo", List.of("pmo"));
                    try {
                        taskService.complete(taskId, variables);
                    } finally {
                        identityService.clearAuthentication();
                    }
                    return null;
                })
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

    /** Sends the request marked for counting and returns what it cost on the server. */
    private Count counted(HttpMethod method, String path, Object body, int expectedStatus) {
        String token = UUID.randomUUID().toString();
        HttpHeaders headers = new HttpHeaders();
        headers.set(SqlCounting.HEADER, token);
        Answer answer = api.call(method, "pmo", path, body, headers);
        assertThat(answer.status()).as("%s %s: %s", method, path, answer.raw()).isEqualTo(expectedStatus);
        return SqlCounting.ofRequest(token);
    }

    private static void report(String what, Count count) {
        System.out.printf(
                "SQL cost | %s | %d statements | %d round trips%n", what, count.statements(), count.roundTrips());
        if (Boolean.getBoolean("sqlcost.verbose")) {
            System.out.printf("SQL cost | %s | %s%n", what, count); // every statement, in order
        }
    }
}
