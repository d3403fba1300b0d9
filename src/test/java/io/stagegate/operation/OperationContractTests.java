package io.stagegate.operation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stagegate.Api;
import io.stagegate.Api.Answer;
import io.stagegate.ProjectFixtures;
import io.stagegate.StagegateIntegrationTest;
import io.stagegate.deliverable.DeliverableManagement;
import io.stagegate.demo.LifecycleWalker;
import io.stagegate.lifecycle.EngineActions;
import io.stagegate.lifecycle.ProjectManagement;
import io.stagegate.lifecycle.ProjectViews;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The operation endpoints over real HTTP with the demo users' credentials: metrics ingestion and read-back, every
 * kind of bad metric input, the roles, the schedule, and a breach that opens exactly one degradation review in
 * Tasklist (the engine REST API Tasklist uses) and, decided RETRAIN there, sends the project back to gate 4 while its
 * metrics keep arriving. Projects are taken into operation in-process.
 */
@StagegateIntegrationTest
class OperationContractTests {

    @LocalServerPort
    int port;

    private final OperationJourney journey;
    private final LifecycleWalker walker;
    private Api api;

    @Autowired
    OperationContractTests(
            ProcessEngine engine,
            ProjectManagement projects,
            ProjectViews views,
            LifecycleWalker walker,
            MetricManagement metrics,
            DeliverableManagement deliverables,
            EngineActions engineActions) {
        this.walker = walker;
        this.journey = new OperationJourney(engine, projects, views, walker, metrics, deliverables, engineActions);
    }

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    @Test
    void integrationPushesMetricsAndAnyoneReadsTheSeriesBack() {
        String id = journey.launched(ProjectFixtures.uniqueName("Metrics read-back"));
        Instant t0 = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

        Answer pushed = push("integration", id, metric("accuracy", 0.98, t0));
        push("integration", id, metric("accuracy", 0.975, t0.plus(1, ChronoUnit.HOURS)));
        push("pmo", id, metric("p95LatencyMs", 1400, t0.plus(2, ChronoUnit.HOURS)));
        Answer now = push("integration", id, Map.of("metric", "satisfaction", "value", 4.4));

        assertThat(pushed.status()).as(pushed.raw()).isEqualTo(202);
        assertThat(pushed.body().path("id").asText()).isNotBlank();
        assertThat(pushed.body().path("metric").asText()).isEqualTo("accuracy");
        assertThat(pushed.body().path("value").asDouble()).isEqualTo(0.98);
        assertThat(pushed.body().path("observedAt").asText()).isEqualTo(t0.toString());
        assertThat(pushed.body().path("breached").asBoolean()).isFalse();
        assertThat(pushed.body().path("receivedBy").asText()).isEqualTo("integration");
        assertThat(now.status()).isEqualTo(202);
        assertThat(now.body().path("observedAt").asText()).isNotBlank();

        Answer all = api.get("auditor", "/api/v1/projects/" + id + "/metrics");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body().path("total").asLong()).isEqualTo(4);
        assertThat(values(all.body(), "metric"))
                .containsExactly("accuracy", "accuracy", "p95LatencyMs", "satisfaction");

        assertThat(api.get("dev", "/api/v1/projects/" + id + "/metrics?metric=&from=&to=")
                        .body()
                        .path("total")
                        .asLong())
                .as("empty filters filter nothing")
                .isEqualTo(4);
        Answer accuracy = api.get("dev", "/api/v1/projects/" + id + "/metrics?metric=accuracy");
        assertThat(values(accuracy.body(), "value")).containsExactly("0.98", "0.975");

        Answer window = api.get(
                "pmo",
                "/api/v1/projects/" + id + "/metrics?from=" + t0.plus(1, ChronoUnit.HOURS) + "&to="
                        + t0.plus(2, ChronoUnit.HOURS));
        assertThat(window.body().path("total").asLong()).isEqualTo(1);
        assertThat(values(window.body(), "value")).containsExactly("0.975");

        Answer secondPage = api.get("integration", "/api/v1/projects/" + id + "/metrics?page=1&size=2");
        assertThat(secondPage.body().path("page").asInt()).isEqualTo(1);
        assertThat(secondPage.body().path("size").asInt()).isEqualTo(2);
        assertThat(secondPage.body().path("total").asLong()).isEqualTo(4);
        assertThat(values(secondPage.body(), "metric")).containsExactly("p95LatencyMs", "satisfaction");
    }

    @Test
    void badMetricInputIsRefusedNamingTheField() {
        String id = journey.launched(ProjectFixtures.uniqueName("Bad metric input"));

        assertRefused(push("integration", id, Map.of("metric", "mood", "value", 0.5)), "metric");
        assertRefused(push("integration", id, Map.of("metric", "has space", "value", 0.5)), "metric");
        assertRefused(push("integration", id, Map.of("value", 0.5)), "metric");
        assertRefused(push("integration", id, Map.of("metric", "accuracy")), "value");
        assertRefused(push("integration", id, "{\"metric\": \"accuracy\", \"value\": 1e400}"), "value");
        assertRefused(push("integration", id, "{\"metric\": \"accuracy\", \"value\": \"high\"}"), "value");
        assertRefused(push("integration", id, Map.of("metric", "accuracy", "value", 1.5)), "value");
        assertRefused(push("integration", id, Map.of("metric", "hallucinationRate", "value", -0.01)), "value");
        assertRefused(push("integration", id, Map.of("metric", "p95LatencyMs", "value", -5)), "value");
        assertRefused(
                push("integration", id, Map.of("metric", "accuracy", "value", 0.9, "observedAt", "yesterday")),
                "observedAt");
        assertRefused(
                push("integration", id, metric("accuracy", 0.9, Instant.now().plus(1, ChronoUnit.HOURS))),
                "observedAt");
        assertRefused(push("integration", id, Map.of("metric", "accuracy", "value", 0.9, "source", "probe")), "source");
        Answer notJson = push("integration", id, "{\"metric\": ");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.headers().getContentType().toString()).startsWith("application/problem+json");

        assertThat(api.get("pmo", "/api/v1/projects/" + id + "/metrics")
                        .body()
                        .path("total")
                        .asLong())
                .as("nothing stored")
                .isZero();
        assertThat(api.get("pmo", "/api/v1/projects/" + id)
                        .body()
                        .path("operation")
                        .path("openBreaches"))
                .isEmpty();
    }

    @Test
    void metricsAreForOperatingProjectsAndPushedByIntegratingSystems() {
        String active = journey.create(ProjectFixtures.uniqueName("Not launched"));
        String id = journey.launched(ProjectFixtures.uniqueName("Roles"));
        Map<String, Object> fine = Map.of("metric", "accuracy", "value", 0.99);

        assertThat(push("integration", active, fine).status()).isEqualTo(409);
        assertThat(push("integration", "no-such-project", fine).status()).isEqualTo(404);
        assertThat(push("dev", id, fine).status()).isEqualTo(403);
        assertThat(push("auditor", id, fine).status()).isEqualTo(403);
        assertThat(push("tech", id, fine).status()).isEqualTo(403);
        assertThat(push(null, id, fine).status()).isEqualTo(401);
        assertThat(push("pmo", id, fine).status()).isEqualTo(202);

        assertThat(api.get("auditor", "/api/v1/projects/" + id + "/metrics").status())
                .isEqualTo(200);
        assertThat(api.get("auditor", "/api/v1/projects/no-such-project/metrics")
                        .status())
                .isEqualTo(404);
        assertRefused(api.get("auditor", "/api/v1/projects/" + id + "/metrics?size=0"), "size");
        assertRefused(api.get("auditor", "/api/v1/projects/" + id + "/metrics?from=last-week"), "from");
        assertRefused(
                api.get(
                        "auditor",
                        "/api/v1/projects/" + id + "/metrics?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z"),
                "to");
    }

    @Test
    void aBadHallucinationRateOpensExactlyOneDegradationReviewInTasklist() {
        String id = journey.launched(ProjectFixtures.uniqueName("Degradation over HTTP"));

        Answer breach = push("integration", id, Map.of("metric", "hallucinationRate", "value", 0.07));
        Answer second = push("integration", id, Map.of("metric", "hallucinationRate", "value", 0.08));

        assertThat(breach.status()).isEqualTo(202);
        assertThat(breach.body().path("breached").asBoolean()).isTrue();
        assertThat(breach.body().path("threshold").asDouble()).isEqualTo(0.05);
        assertThat(second.body().path("reviewId").asText())
                .isEqualTo(breach.body().path("reviewId").asText());
        JsonNode tasks = degradationReviews("tech", id);
        assertThat(tasks).hasSize(1);
        JsonNode view = api.get("pmo", "/api/v1/projects/" + id).body();
        assertThat(view.path("operation").path("openBreaches")).hasSize(2);
        assertThat(view.path("operation")
                        .path("degradationReview")
                        .path("state")
                        .asText())
                .isEqualTo("OPEN");
        JsonNode reviewTask = ProjectFixtures.openTask(view, "degradation-review");
        assertThat(ProjectFixtures.texts(reviewTask.path("candidateGroups"))).containsExactly("technology");
        String taskId = tasks.get(0).path("id").asText();
        Answer byTheTeam = api.post(
                "dev",
                "/engine-rest/task/" + taskId + "/complete",
                Map.of("variables", Map.of("outcome", Map.of("value", "ACCEPT", "type", "String"))));
        assertThat(byTheTeam.status())
                .as("only the technology function decides")
                .isEqualTo(403);

        // decided in Tasklist: RETRAIN
        Answer retrain = api.post(
                "tech",
                "/engine-rest/task/" + taskId + "/complete",
                Map.of("variables", Map.of("outcome", Map.of("value", "RETRAIN", "type", "String"))));
        assertThat(retrain.status()).as(retrain.raw()).isEqualTo(204);

        JsonNode reiterating = api.get("pmo", "/api/v1/projects/" + id).body();
        assertThat(reiterating.path("status").asText()).isEqualTo("OPERATING");
        assertThat(reiterating.path("currentPhase").asText()).isEqualTo("MODEL");
        assertThat(reiterating.path("phaseState").asText()).isEqualTo("IN_PREPARATION");
        assertThat(reiterating
                        .path("operation")
                        .path("degradationReview")
                        .path("state")
                        .asText())
                .isEqualTo("REITERATING");
        Answer during = push("integration", id, Map.of("metric", "accuracy", "value", 0.99));
        assertThat(during.status()).isEqualTo(202);

        for (int gate = 4; gate <= 7; gate++) {
            walker.pass(id, OperationJourney.KPIS_MET);
            assertThat(push("integration", id, Map.of("metric", "p95LatencyMs", "value", 1200))
                            .status())
                    .isEqualTo(202);
        }

        JsonNode live = api.get("pmo", "/api/v1/projects/" + id).body();
        assertThat(live.path("status").asText()).isEqualTo("OPERATING");
        assertThat(live.path("currentPhase").asText()).isEqualTo("OPERATION");
        assertThat(live.path("phaseState").asText()).isEqualTo("PASSED");
        assertThat(live.path("operation").path("degradationReview").isNull()).isTrue();
        assertThat(live.path("operation").path("nextRefreshDue").asText()).isNotBlank();
        assertThat(api.get("pmo", "/api/v1/projects/" + id + "/metrics")
                        .body()
                        .path("total")
                        .asLong())
                .isEqualTo(7);
        JsonNode log =
                api.get("auditor", "/api/v1/projects/" + id + "/operation/log").body();
        assertThat(values(log, "kind")).containsExactly("REITERATION_DECIDED", "NEW_VERSION_LIVE");
    }

    @Test
    void thePmoSetsTheOperationScheduleOverHttp() {
        String id = journey.launched(ProjectFixtures.uniqueName("Schedule over HTTP"));
        String before = api.get("pmo", "/api/v1/projects/" + id)
                .body()
                .path("operation")
                .path("nextRefreshDue")
                .asText();

        Answer changed = api.put("pmo", "/api/v1/projects/" + id + "/operation", Map.of("refreshCycle", "P14D"));

        assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
        JsonNode operation = changed.body().path("operation");
        assertThat(operation.path("refreshCycle").asText()).isEqualTo("P14D");
        assertThat(operation.path("reviewPeriod").asText()).isEqualTo("P3M");
        assertThat(Instant.parse(operation.path("nextRefreshDue").asText())).isBefore(Instant.parse(before));
        assertThat(api.put("integration", "/api/v1/projects/" + id + "/operation", Map.of("refreshCycle", "P7D"))
                        .status())
                .isEqualTo(403);
        assertRefused(
                api.put("pmo", "/api/v1/projects/" + id + "/operation", Map.of("refreshCycle", "monthly")),
                "refreshCycle");
        assertRefused(
                api.put("pmo", "/api/v1/projects/" + id + "/operation", Map.of("reviewPeriod", "P-1M")),
                "reviewPeriod");
        assertRefused(api.put("pmo", "/api/v1/projects/" + id + "/operation", Map.of("cadence", "P1M")), "cadence");
        assertThat(api.put("pmo", "/api/v1/projects/no-such-project/operation", Map.of("refreshCycle", "P7D"))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void theOperatingDemoProjectShowsItsNextRefresh() {
        Answer operating = api.get("pmo", "/api/v1/projects?status=OPERATING&size=200");

        JsonNode ministry = null;
        for (JsonNode project : operating.body().path("items")) {
            if (project.path("name").asText().equals("Ministry policy Q&A portal")) {
                ministry = project;
            }
        }
        assertThat(ministry).as("the demo's operating project").isNotNull();
        JsonNode operation = ministry.path("operation");
        assertThat(Instant.parse(operation.path("nextRefreshDue").asText())).isAfter(Instant.now());
        assertThat(operation.path("refreshCycle").asText()).isEqualTo("P1M");
        assertThat(Instant.parse(operation.path("nextReviewDue").asText())).isAfter(Instant.now());
    }

    private JsonNode degradationReviews(String user, String id) {
        Answer tasks = api.get(
                user, "/engine-rest/task?processInstanceBusinessKey=" + id + "&taskDefinitionKey=degradation-review");
        assertThat(tasks.status()).as(tasks.raw()).isEqualTo(200);
        return tasks.body();
    }

    private Answer push(String user, String id, Object body) {
        return api.post(user, "/api/v1/projects/" + id + "/metrics", body);
    }

    private static Map<String, Object> metric(String metric, double value, Instant observedAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("metric", metric);
        body.put("value", value);
        body.put("observedAt", observedAt.toString());
        return body;
    }

    private static void assertRefused(Answer answer, String field) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
        assertThat(answer.headers().getContentType().toString()).startsWith("application/problem+json");
        assertThat(answer.body().path("errors").get(0).path("field").asText())
                .as(answer.raw())
                .isEqualTo(field);
        assertThat(answer.raw()).doesNotContain("Exception", "io.stagegate");
    }

    private static List<String> values(JsonNode page, String field) {
        List<String> values = new ArrayList<>();
        page.path("items").forEach(item -> values.add(item.path(field).asText()));
        return values;
    }
}
