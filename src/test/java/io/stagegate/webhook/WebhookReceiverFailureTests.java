package io.stagegate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stagegate.Api;
import io.stagegate.Api.Answer;
import io.stagegate.ProjectFixtures;
import io.stagegate.StagegateIntegrationTest;
import io.stagegate.webhook.Receiver.Received;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Receivers that misbehave, over real HTTP on loopback: one slower than the read timeout
 * ({@code stagegate.webhooks.read-timeout}, 2 s in the test profile), one that is not there at all (connection
 * refused) and comes back on the same address, one that answers 500 every other time. Each case ends with every
 * event delivered once, in the project's order, correctly signed; the slow one does not hold up another
 * subscription. Time is compressed by the test profile's back-off (300 ms doubling to 1 s, parked after 6 s), the
 * same code path as the production 10 s → 1 h over 24 h.
 */
@StagegateIntegrationTest
class WebhookReceiverFailureTests {

    private static final String SECRET = "failure-secret-0123456789";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    WebhookProperties properties;

    private Api api;
    private ProjectFixtures fixtures;
    private final List<Receiver> receivers = new ArrayList<>();
    private final List<String> subscriptions = new ArrayList<>();

    @BeforeEach
    void start() {
        api = new Api(port);
        fixtures = new ProjectFixtures(api);
    }

    @AfterEach
    void stop() {
        subscriptions.forEach(id -> api.delete("pmo", "/api/v1/webhooks/" + id));
        receivers.forEach(Receiver::close);
    }

    @Test
    void timeoutsAreExplicitAndConfigured() {
        assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aSlowReceiverTimesOutIsRetriedAndDoesNotHoldUpAnotherSubscription() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Receiver slow = receiver();
        // the first answer comes a second after the dispatcher stopped waiting for it
        slow.answer(request -> {
            if (attempts.incrementAndGet() == 1) {
                sleep(properties.readTimeout().plusSeconds(1));
            }
            return 204;
        });
        Receiver fast = receiver();
        String slowSubscription = subscribe(slow, List.of("project.status"));
        subscribe(fast, List.of("project.status"));

        String id = createProject();

        Receiver.await("the fast receiver", PATIENCE, () -> fast.deliveredOf(id).size() == 1);
        assertThat(slow.of(id))
                .as("the slow receiver is still on its first request")
                .isEmpty();
        Receiver.await(
                "the slow receiver's retry",
                PATIENCE,
                () -> slow.deliveredOf(id).size() >= 2);

        List<Received> atSlow = slow.of(id);
        assertThat(atSlow)
                .extracting(r -> r.header("X-Stagegate-Delivery-Attempt"))
                .startsWith("1", "2");
        assertThat(atSlow)
                .extracting(Received::eventId)
                .containsOnly(atSlow.get(0).eventId());
        atSlow.forEach(WebhookReceiverFailureTests::assertSigned);
        // the receiver has answered the retry before the dispatcher commits the delivery's new status
        Receiver.await(
                "the slow subscription's delivery recorded",
                PATIENCE,
                () -> !rows(slowSubscription, id).get(0).path("status").asText().equals("PENDING"));
        JsonNode row = rows(slowSubscription, id).get(0);
        assertThat(row.path("status").asText()).isEqualTo("DELIVERED");
        assertThat(row.path("attempts").asInt()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aReceiverThatWasAwayGetsEverythingItMissedInOrderOnceItIsBack() throws Exception {
        int freePort;
        try (ServerSocket probe = new ServerSocket(0)) {
            freePort = probe.getLocalPort();
        }
        String url = "http://127.0.0.1:" + freePort + "/hook";
        String subscription = subscribe(url, List.of("project.status", "phase.entered", "gate.decided"));
        String id = createProject();
        fixtures.passCurrentPhase(id);

        Receiver.await("attempts refused while the receiver is away", PATIENCE, () -> rows(subscription, id).stream()
                .anyMatch(row -> row.path("attempts").asInt() >= 2));
        JsonNode refused = rows(subscription, id).stream()
                .filter(row -> row.path("attempts").asInt() >= 1)
                .findFirst()
                .orElseThrow();
        assertThat(refused.path("status").asText()).isEqualTo("PENDING");
        assertThat(refused.path("lastError").asText()).isEqualTo("connection refused");
        assertThat(refused.path("nextAttemptAt").isNull()).isFalse();

        Receiver back = new Receiver(freePort);
        receivers.add(back);
        Receiver.await("all four events", PATIENCE, () -> back.deliveredOf(id).size() >= 4);

        List<Received> delivered = back.deliveredOf(id);
        assertThat(delivered).extracting(Received::projectSeq).isSorted().doesNotHaveDuplicates();
        assertThat(delivered)
                .extracting(r -> r.json().path("type").asText())
                .containsExactly("project.status", "phase.entered", "gate.decided", "phase.entered");
        delivered.forEach(WebhookReceiverFailureTests::assertSigned);
        assertThat(rows(subscription, id))
                .hasSize(4)
                .allSatisfy(row -> assertThat(row.path("status").asText()).isEqualTo("DELIVERED"));
    }

    @Test
    void intermittent500sEndWithEveryEventDeliveredOnceInOrder() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        Receiver flaky = receiver();
        flaky.answer(request -> requests.incrementAndGet() % 2 == 1 ? 500 : 200);
        String subscription = subscribe(flaky, List.of("project.status", "phase.entered", "gate.decided"));
        String id = createProject();
        fixtures.passCurrentPhase(id);
        fixtures.passCurrentPhase(id);

        Receiver.await("six events", PATIENCE, () -> flaky.deliveredOf(id).size() >= 6);

        List<Received> all = flaky.of(id);
        assertThat(all).extracting(Received::projectSeq).isSorted();
        assertThat(flaky.deliveredOf(id))
                .extracting(Received::eventId)
                .hasSize(6)
                .doesNotHaveDuplicates();
        assertThat(all).extracting(Received::answered).contains(500);
        all.forEach(WebhookReceiverFailureTests::assertSigned);
        assertThat(rows(subscription, id)).hasSize(6).allSatisfy(row -> {
            assertThat(row.path("status").asText()).isEqualTo("DELIVERED");
            assertThat(row.path("lastStatusCode").asInt()).isEqualTo(200);
        });
    }

    private Receiver receiver() throws IOException {
        Receiver receiver = new Receiver();
        receivers.add(receiver);
        return receiver;
    }

    private String subscribe(Receiver receiver, List<String> events) {
        return subscribe(receiver.url(), events);
    }

    private String subscribe(String url, List<String> events) {
        Answer created =
                api.post("integration", "/api/v1/webhooks", Map.of("url", url, "events", events, "secret", SECRET));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.body().path("id").asText();
        subscriptions.add(id);
        return id;
    }

    private String createProject() {
        return fixtures.create("integration", ProjectFixtures.projectRequest(ProjectFixtures.uniqueName("Receivers")))
                .path("id")
                .asText();
    }

    private List<JsonNode> rows(String subscription, String projectId) {
        Answer log = api.get("integration", "/api/v1/webhooks/" + subscription + "/deliveries?size=200");
        assertThat(log.status()).as(log.raw()).isEqualTo(200);
        List<JsonNode> rows = new ArrayList<>();
        log.body().path("items").forEach(row -> {
            if (row.path("projectId").asText().equals(projectId)) {
                rows.add(row);
            }
        });
        return rows;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void assertSigned(Received request) {
        request.assertSignedWith(SECRET);
    }
}
