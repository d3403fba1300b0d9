package io.stagegate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stagegate.Api;
import io.stagegate.Api.Answer;
import io.stagegate.ProjectFixtures;
import io.stagegate.StagegateIntegrationTest;
import io.stagegate.lifecycle.LifecycleEvents.ProjectRetired;
import io.stagegate.webhook.Receiver.Received;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deliveries end to end: subscriptions made over the API, project changes made over the API, a real receiver on
 * 127.0.0.1 (allowed in the test profile) and the real dispatcher with the test profile's short back-off (300 ms
 * doubling to 1 s, parked after 6 s).
 */
@StagegateIntegrationTest
class WebhookDeliveryTests {

    private static final String SECRET = "receiver-secret-0123456789";
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    /** The audit types that become webhook events, for reading the expected sequence from a project's history. */
    private static final Map<String, String> PUBLISHED = Map.of(
            "PROJECT_CREATED", "project.status",
            "PROJECT_LAUNCHED", "project.status",
            "PROJECT_CANCELLED", "project.status",
            "PROJECT_RETIRED", "project.status",
            "PHASE_ENTERED", "phase.entered",
            "GATE_DECIDED", "gate.decided");

    @LocalServerPort
    int port;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    DeliveryRepository deliveries;

    private Api api;
    private ProjectFixtures fixtures;
    private Receiver receiver;
    private final List<String> subscriptions = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        api = new Api(port);
        fixtures = new ProjectFixtures(api);
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        subscriptions.forEach(id -> api.delete("pmo", "/api/v1/webhooks/" + id));
        receiver.close();
    }

    @Test
    void deliversSignedEventsOfAProjectInItsOrder() {
        String subscription = subscribe(List.of("project.status", "phase.entered", "gate.decided"));
        String id = createProject();
        fixtures.passCurrentPhase(id);
        cancel(id);
        List<Long> expected = publishedSeqs(id, List.of("project.status", "phase.entered", "gate.decided"));
        assertThat(expected).hasSize(5);

        Receiver.await("5 deliveries", PATIENCE, () -> receiver.deliveredOf(id).size() >= expected.size());

        List<Received> delivered = receiver.deliveredOf(id);
        assertThat(delivered).extracting(Received::projectSeq).containsExactlyElementsOf(expected);
        assertThat(delivered)
                .extracting(r -> r.json().path("type").asText())
                .containsExactly("project.status", "phase.entered", "gate.decided", "phase.entered", "project.status");
        assertThat(delivered.get(0).json().path("data").path("status").asText()).isEqualTo("ACTIVE");
        assertThat(delivered.get(1).json().path("data").path("phase").asText()).isEqualTo("REQUIREMENTS");
        assertThat(delivered.get(1).json().path("data").path("iteration").asInt())
                .isEqualTo(1);
        assertThat(delivered.get(2).json().path("data").path("decision").asText())
                .isEqualTo("APPROVE");
        assertThat(delivered.get(2).json().path("data").path("phase").asText()).isEqualTo("REQUIREMENTS");
        assertThat(delivered.get(3).json().path("data").path("phase").asText()).isEqualTo("ARCHITECTURE");
        assertThat(delivered.get(4).json().path("data").path("status").asText()).isEqualTo("CANCELLED");
        long now = Instant.now().getEpochSecond();
        for (Received request : delivered) {
            assertSigned(request);
            assertThat(Long.parseLong(request.header("X-Stagegate-Timestamp"))).isBetween(now - 60, now + 5);
            assertThat(request.header("Content-Type")).startsWith("application/json");
            assertThat(request.header("X-Stagegate-Event-Id")).isEqualTo(request.eventId());
            assertThat(request.header("X-Stagegate-Delivery-Attempt")).isEqualTo("1");
            assertThat(request.json().path("projectId").asText()).isEqualTo(id);
            assertThat(Instant.parse(request.json().path("at").asText())).isBefore(Instant.now());
        }

        JsonNode log = log(subscription);
        List<JsonNode> rows = rows(log, id);
        assertThat(rows).hasSize(5).allSatisfy(row -> {
            assertThat(row.path("status").asText()).isEqualTo("DELIVERED");
            assertThat(row.path("attempts").asInt()).isEqualTo(1);
            assertThat(row.path("lastStatusCode").asInt()).isEqualTo(204);
            assertThat(row.path("lastError").isNull()).isTrue();
            assertThat(row.path("nextAttemptAt").isNull()).isTrue();
        });
        assertThat(rows)
                .extracting(row -> row.path("eventId").asText())
                .containsExactlyInAnyOrderElementsOf(
                        delivered.stream().map(Received::eventId).toList());
        JsonNode one = api.get(
                        "auditor",
                        "/api/v1/webhooks/" + subscription + "/deliveries/"
                                + rows.get(0).path("id").asText())
                .body();
        assertThat(one.path("projectSeq").asLong())
                .isEqualTo(rows.get(0).path("projectSeq").asLong());
    }

    @Test
    void retriesAFailingReceiverUntilItAnswersAndSkipsNothing() {
        // the first three attempts at the project's first event fail; the receiver is fine after that
        AtomicInteger failuresLeft = new AtomicInteger(3);
        receiver.answer(
                request -> request.json().path("data").path("status").asText().equals("ACTIVE")
                                && failuresLeft.getAndDecrement() > 0
                        ? 500
                        : 200);
        String subscription = subscribe(List.of("project.status", "phase.entered"));
        String id = createProject();
        cancel(id);
        List<Long> expected = publishedSeqs(id, List.of("project.status", "phase.entered"));
        assertThat(expected).hasSize(3);

        Receiver.await(
                "3 deliveries after 3 failures",
                PATIENCE,
                () -> receiver.deliveredOf(id).size() >= 3);

        List<Received> all = receiver.of(id);
        assertThat(all).extracting(Received::answered).startsWith(500, 500, 500, 200);
        assertThat(all.subList(0, 4))
                .extracting(r -> r.header("X-Stagegate-Delivery-Attempt"))
                .containsExactly("1", "2", "3", "4");
        assertThat(all.subList(0, 4))
                .extracting(Received::body)
                .containsOnly(all.get(0).body());
        // a later event never arrives before an earlier one was delivered
        assertThat(all).extracting(Received::projectSeq).isSorted();
        assertThat(receiver.deliveredOf(id)).extracting(Received::projectSeq).containsExactlyElementsOf(expected);
        all.forEach(WebhookDeliveryTests::assertSigned);

        JsonNode first = rows(log(subscription), id).stream()
                .filter(row -> row.path("projectSeq").asLong() == expected.get(0))
                .findFirst()
                .orElseThrow();
        assertThat(first.path("status").asText()).isEqualTo("DELIVERED");
        assertThat(first.path("attempts").asInt()).isEqualTo(4);
        assertThat(first.path("lastStatusCode").asInt()).isEqualTo(200);
    }

    @Test
    void parksADeliveryThatFailsForTheWholeRetryPeriodAndGoesOnWithTheNext() {
        receiver.answer(request -> request.json().path("type").asText().equals("project.status") ? 500 : 200);
        String subscription = subscribe(List.of("project.status", "phase.entered"));
        String id = createProject();

        Receiver.await("the creation to be parked", PATIENCE, () -> rows(log(subscription), id).stream()
                .anyMatch(row -> row.path("status").asText().equals("FAILED")));
        Receiver.await(
                "the next event", PATIENCE, () -> receiver.deliveredOf(id).size() == 1);

        JsonNode parked = rows(log(subscription), id).stream()
                .filter(row -> row.path("eventType").asText().equals("project.status"))
                .findFirst()
                .orElseThrow();
        assertThat(parked.path("status").asText()).isEqualTo("FAILED");
        assertThat(parked.path("attempts").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(parked.path("lastStatusCode").asInt()).isEqualTo(500);
        assertThat(parked.path("lastError").asText()).isEqualTo("HTTP 500");
        assertThat(parked.path("nextAttemptAt").isNull()).isTrue();
        Received next = receiver.deliveredOf(id).get(0);
        assertThat(next.json().path("type").asText()).isEqualTo("phase.entered");
        assertThat(next.projectSeq()).isGreaterThan(parked.path("projectSeq").asLong());
        List<Received> all = receiver.of(id);
        assertThat(all.subList(0, all.size() - 1))
                .extracting(Received::eventId)
                .containsOnly(parked.path("eventId").asText());

        // the receiver is fixed: the parked event is sent again by hand, with the same event id and body
        receiver.answer(request -> 200);
        String path = "/api/v1/webhooks/" + subscription + "/deliveries/"
                + parked.path("id").asText() + "/redeliver";
        assertThat(api.post("auditor", path, null).status()).isEqualTo(403);
        Answer again = api.post("integration", path, null);
        assertThat(again.status()).as(again.raw()).isEqualTo(202);
        assertThat(again.body().path("redeliveryOf").asText())
                .isEqualTo(parked.path("id").asText());
        assertThat(again.body().path("eventId").asText())
                .isEqualTo(parked.path("eventId").asText());
        Receiver.await(
                "the redelivery", PATIENCE, () -> receiver.deliveredOf(id).size() == 2);
        Received redelivered = receiver.deliveredOf(id).get(1);
        assertThat(redelivered.eventId()).isEqualTo(parked.path("eventId").asText());
        assertThat(redelivered.body()).isEqualTo(all.get(0).body());
        assertSigned(redelivered);
        Receiver.await("the log to show it", PATIENCE, () -> api.get(
                        "integration", again.headers().getLocation().getPath())
                .body()
                .path("status")
                .asText()
                .equals("DELIVERED"));
    }

    @Test
    void stopsDeliveringOnceTheSubscriptionIsDeleted() throws InterruptedException {
        receiver.answer(request -> 503);
        String subscription = subscribe(List.of("project.status", "phase.entered"));
        String first = createProject();
        Receiver.await("retries", PATIENCE, () -> receiver.of(first).size() >= 2);

        assertThat(api.delete("auditor", "/api/v1/webhooks/" + subscription).status())
                .isEqualTo(403);
        assertThat(api.delete("integration", "/api/v1/webhooks/" + subscription).status())
                .isEqualTo(204);
        int seen = receiver.of(first).size();
        String second = createProject();
        Thread.sleep(2_000); // longer than the longest back-off plus a poll

        assertThat(receiver.of(first)).hasSizeLessThanOrEqualTo(seen + 1); // at most the attempt already in flight
        assertThat(receiver.of(second)).isEmpty();
        assertThat(api.get("integration", "/api/v1/webhooks/" + subscription).status())
                .isEqualTo(404);
        assertThat(api.get("pmo", "/api/v1/webhooks/" + subscription + "/deliveries")
                        .status())
                .isEqualTo(404);
        assertThat(api.delete("integration", "/api/v1/webhooks/" + subscription).status())
                .isEqualTo(404);
    }

    @Test
    void sendsNothingForAChangeThatRolledBack() throws InterruptedException {
        String subscription = subscribe(List.of("project.status"));
        String id = createProject();
        Receiver.await("the creation", PATIENCE, () -> receiver.deliveredOf(id).size() == 1);

        new TransactionTemplate(transactions).executeWithoutResult(transaction -> {
            events.publishEvent(new ProjectRetired(id, "pmo", "a change that fails later"));
            // the outbox row exists inside the change's transaction …
            assertThat(deliveries.count(subscription, null)).isEqualTo(2);
            transaction.setRollbackOnly();
        });
        // … and goes with it
        Thread.sleep(1_000);

        assertThat(receiver.of(id)).hasSize(1);
        assertThat(rows(log(subscription), id)).hasSize(1);
    }

    private String subscribe(List<String> events) {
        Answer created = api.post(
                "integration", "/api/v1/webhooks", Map.of("url", receiver.url(), "events", events, "secret", SECRET));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.raw()).doesNotContain(SECRET);
        String id = created.body().path("id").asText();
        subscriptions.add(id);
        return id;
    }

    private String createProject() {
        return fixtures.create("integration", ProjectFixtures.projectRequest(ProjectFixtures.uniqueName("Webhooks")))
                .path("id")
                .asText();
    }

    private void cancel(String id) {
        Answer cancelled = api.post("pmo", "/api/v1/projects/" + id + "/cancel", Map.of("reason", "webhook test"));
        assertThat(cancelled.status()).as(cancelled.raw()).isEqualTo(200);
    }

    /** The sequence numbers of the project's audit events that the given webhook types publish, in order. */
    private List<Long> publishedSeqs(String id, List<String> types) {
        Answer history = api.get("auditor", "/api/v1/projects/" + id + "/history?size=200");
        assertThat(history.status()).isEqualTo(200);
        List<Long> seqs = new ArrayList<>();
        history.body().path("items").forEach(event -> {
            String published = PUBLISHED.get(event.path("type").asText());
            if (published != null && types.contains(published)) {
                seqs.add(event.path("seq").asLong());
            }
        });
        return seqs;
    }

    private JsonNode log(String subscription) {
        Answer log = api.get("integration", "/api/v1/webhooks/" + subscription + "/deliveries?size=200");
        assertThat(log.status()).as(log.raw()).isEqualTo(200);
        assertThat(log.raw()).doesNotContain(SECRET);
        return log.body();
    }

    private static List<JsonNode> rows(JsonNode log, String projectId) {
        List<JsonNode> rows = new ArrayList<>();
        log.path("items").forEach(row -> {
            if (row.path("projectId").asText().equals(projectId)) {
                rows.add(row);
            }
        });
        return rows;
    }

    private static void assertSigned(Received request) {
        request.assertSignedWith(SECRET);
    }
}
