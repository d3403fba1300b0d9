package io.stagegate.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.stagegate.Api;
import io.stagegate.Api.Answer;
import io.stagegate.ProjectFixtures;
import io.stagegate.StagegatePostgresTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/**
 * A larger part of the API contract on a real PostgreSQL server, through the same HTTP journey as the H2 contract
 * tests ({@link ProjectFixtures}): a project through all seven gates into operation and out as retired, deliverable
 * content uploaded and read back byte for byte, an idempotent retry, the error statuses, a metric breach opening a
 * degradation review, webhook deliveries leaving the outbox in order, and an audit chain that verifies.
 */
@StagegatePostgresTest
class PostgresContractTests {

    private static final String SECRET = "postgres-contract-secret-0123";

    @LocalServerPort
    int port;

    private Api api;
    private ProjectFixtures fixtures;
    private HttpServer receiver;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        api = new Api(port);
        fixtures = new ProjectFixtures(api);
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    @Test
    void aProjectGoesThroughAllSevenGatesIntoOperationAndIsRetired() throws Exception {
        Answer subscribed = api.post(
                "integration",
                "/api/v1/webhooks",
                Map.of(
                        "url",
                        "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                        "events",
                        List.of("project.status", "gate.decided", "metric.breached"),
                        "secret",
                        SECRET));
        assertThat(subscribed.status()).as(subscribed.raw()).isEqualTo(201);
        String subscription = subscribed.body().path("id").asText();

        String key = UUID.randomUUID().toString();
        Map<String, Object> request = ProjectFixtures.projectRequest(ProjectFixtures.uniqueName("Postgres contract"));
        Answer created = createWithKey(key, request);
        Answer replayed = createWithKey(key, request);
        assertThat(created.status()).isEqualTo(201);
        assertThat(replayed.status()).isEqualTo(201);
        assertThat(replayed.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
        String id = created.body().path("id").asText();
        assertThat(replayed.body().path("id").asText()).isEqualTo(id);
        Map<String, Object> changed = new java.util.HashMap<>(request);
        changed.put("name", request.get("name") + " (changed)");
        assertProblem(createWithKey(key, changed), 422);

        // deliverable content: uploaded, stored in PostgreSQL, read back byte for byte with its hash
        String content = "Scope and acceptance criteria — ünïcode kept intact";
        Answer uploaded = fixtures.upload(
                "dev",
                id,
                Map.of("phase", "REQUIREMENTS", "type", "requirements-spec", "title", "Scope"),
                "scope.txt",
                content);
        assertThat(uploaded.status()).as(uploaded.raw()).isEqualTo(201);
        assertThat(uploaded.body().path("sha256").asText()).isEqualTo(ProjectFixtures.sha256(content));
        Answer download = api.get(
                "auditor",
                "/api/v1/projects/" + id + "/deliverables/"
                        + uploaded.body().path("id").asText() + "/content");
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.raw()).isEqualTo(content);

        // the error statuses
        assertProblem(api.post("dev", "/api/v1/projects/" + id + "/phases/ARCHITECTURE/submit", null), 409);
        assertProblem(fixtures.decide("pmo", id, "REQUIREMENTS", "APPROVE"), 409);
        assertProblem(api.post("auditor", "/api/v1/projects", request), 403);
        assertProblem(api.get("pmo", "/api/v1/projects/" + UUID.randomUUID()), 404);
        assertProblem(api.post("pmo", "/api/v1/projects", Map.of("name", "")), 400);
        assertThat(api.get(null, "/api/v1/projects/" + id).status()).isEqualTo(401);

        for (int gate = 0; gate < 7; gate++) {
            fixtures.passCurrentPhase(id);
        }
        JsonNode operating = fixtures.view(id);
        assertThat(operating.path("status").asText()).isEqualTo("OPERATING");
        assertThat(operating.path("currentPhase").asText()).isEqualTo("OPERATION");

        Answer breach = api.post(
                "integration", "/api/v1/projects/" + id + "/metrics", Map.of("metric", "accuracy", "value", 0.5));
        assertThat(breach.status()).as(breach.raw()).isEqualTo(202);
        assertThat(fixtures.view(id).path("openTasks").findValuesAsText("key")).contains("degradation-review");

        Answer retired = api.post("pmo", "/api/v1/projects/" + id + "/retire", Map.of("reason", "Replaced"));
        assertThat(retired.status()).as(retired.raw()).isEqualTo(200);
        assertThat(retired.body().path("status").asText()).isEqualTo("RETIRED");
        assertProblem(api.post("pmo", "/api/v1/projects/" + id + "/retire", Map.of("reason", "again")), 409);

        // outbox: created, 7 gate decisions, launched, breach, retired — delivered in the project's order
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (ofProject(id).size() < 11 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        List<JsonNode> events = ofProject(id);
        assertThat(events)
                .extracting(e -> e.path("type").asText())
                .containsExactly(
                        "project.status",
                        "gate.decided",
                        "gate.decided",
                        "gate.decided",
                        "gate.decided",
                        "gate.decided",
                        "gate.decided",
                        "gate.decided",
                        "project.status",
                        "metric.breached",
                        "project.status");
        assertThat(events).extracting(e -> e.path("projectSeq").asLong()).isSorted();
        JsonNode log = api.get("integration", "/api/v1/webhooks/" + subscription + "/deliveries?size=200")
                .body();
        List<String> statuses = new ArrayList<>();
        log.path("items").forEach(row -> {
            if (row.path("projectId").asText().equals(id)) {
                statuses.add(row.path("status").asText());
            }
        });
        assertThat(statuses).hasSize(11).containsOnly("DELIVERED");
        api.delete("pmo", "/api/v1/webhooks/" + subscription);

        Answer history = api.get("auditor", "/api/v1/projects/" + id + "/history?size=200");
        assertThat(history.body().path("items").findValuesAsText("type"))
                .contains("PROJECT_LAUNCHED", "METRIC_BREACHED", "PROJECT_RETIRED");
        Answer verified = api.get("auditor", "/api/v1/audit/verify");
        assertThat(verified.body().path("valid").asBoolean()).as(verified.raw()).isTrue();
    }

    private List<JsonNode> ofProject(String id) {
        return received.stream()
                .filter(e -> e.path("projectId").asText().equals(id))
                .toList();
    }

    private Answer createWithKey(String key, Map<String, Object> request) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Idempotency-Key", key);
        return api.call(HttpMethod.POST, "integration", "/api/v1/projects", request, headers);
    }

    private static void assertProblem(Answer answer, int status) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(status);
        assertThat(answer.headers().getContentType()).hasToString("application/problem+json");
        assertThat(answer.body().path("status").asInt()).isEqualTo(status);
    }
}
