package io.stagegate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagegate.StagegateIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The queue rules on the real database, as two dispatcher nodes would meet them: heads in project order, one claim
 * per attempt, expired claims taken over, stale results ignored. The rows are due an hour from now and the test asks
 * as of then, so the running dispatcher leaves them alone.
 */
@StagegateIntegrationTest
class DeliveryQueueTests {

    @Autowired
    WebhookRepository subscriptions;

    @Autowired
    DeliveryRepository deliveries;

    private final Instant later = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MICROS);
    private final Instant asOf = later.plusSeconds(60);
    private String subscription;

    @BeforeEach
    void subscribe() {
        subscription = UUID.randomUUID().toString();
        subscriptions.insert(new Subscription(
                subscription, "http://127.0.0.1:9/hook", List.of("phase.entered"), null, "queue-test", Instant.now()));
    }

    @AfterEach
    void unsubscribe() {
        subscriptions.delete(subscription, "queue-test", Instant.now());
        deliveries.parkPending(subscription, Instant.now(), "test over");
    }

    @Test
    void servesEachProjectInSequenceAndDoesNotLetParkedRowsHoldItUp() {
        String p5 = row("P", 5);
        String p6 = row("P", 6);
        String p7 = row("P", 7);
        String q1 = row("Q", 1);

        assertThat(heads()).containsExactlyInAnyOrder(p5, q1);

        assertThat(deliveries.claim(p5, "node-a", asOf, asOf.plusSeconds(60))).isTrue();
        assertThat(heads()).containsExactly(q1); // p6 waits while p5 is being sent

        deliveries.delivered(p5, "node-a", asOf, 200);
        assertThat(heads()).containsExactlyInAnyOrder(p6, q1);

        assertThat(deliveries.claim(p6, "node-a", asOf, asOf.plusSeconds(60))).isTrue();
        deliveries.failed(p6, "node-a", asOf, 500, "HTTP 500", null);
        assertThat(deliveries.find(subscription, p6).orElseThrow().status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(heads()).containsExactlyInAnyOrder(p7, q1);
    }

    @Test
    void keepsABackingOffRowAtTheHeadOfItsQueue() {
        String p1 = row("P", 1);
        String p2 = row("P", 2);

        assertThat(deliveries.claim(p1, "node-a", asOf, asOf.plusSeconds(60))).isTrue();
        deliveries.failed(p1, "node-a", asOf, 503, "HTTP 503", asOf.plusSeconds(10));

        assertThat(heads()).isEmpty(); // p1 is not due yet, and p2 must not overtake it
        assertThat(deliveries.claim(p1, "node-b", asOf, asOf.plusSeconds(60))).isFalse(); // read as due before
        assertThat(heads(asOf.plusSeconds(10))).containsExactly(p1);
        assertThat(deliveries.find(subscription, p2).orElseThrow().attempts()).isZero();
    }

    @Test
    void letsOneNodeClaimARowAndAnotherTakeOverOnlyAfterTheClaimExpired() {
        String p1 = row("P", 1);

        assertThat(deliveries.claim(p1, "node-a", asOf, asOf.plusSeconds(60))).isTrue();
        assertThat(deliveries.claim(p1, "node-b", asOf.plusSeconds(1), asOf.plusSeconds(61)))
                .isFalse();
        assertThat(deliveries.claim(p1, "node-b", asOf.plusSeconds(61), asOf.plusSeconds(121)))
                .isTrue();

        deliveries.failed(p1, "node-a", asOf.plusSeconds(62), 500, "HTTP 500", asOf.plusSeconds(70)); // too late
        Delivery row = deliveries.find(subscription, p1).orElseThrow();
        assertThat(row.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(row.attempts()).isZero();

        deliveries.delivered(p1, "node-b", asOf.plusSeconds(62), 204);
        row = deliveries.find(subscription, p1).orElseThrow();
        assertThat(row.status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(row.attempts()).isEqualTo(1);
        assertThat(row.lastStatusCode()).isEqualTo(204);
        assertThat(deliveries.claim(p1, "node-c", asOf.plusSeconds(200), asOf.plusSeconds(260)))
                .isFalse();
    }

    private String row(String project, long seq) {
        String id = UUID.randomUUID().toString();
        Delivery pending = Delivery.pending(
                id,
                subscription,
                UUID.randomUUID().toString(),
                "phase.entered",
                project + "-" + subscription.substring(0, 8),
                seq,
                "{}",
                later,
                null);
        deliveries.insert(pending);
        return id;
    }

    private List<String> heads() {
        return heads(asOf);
    }

    private List<String> heads(Instant now) {
        return deliveries.dueHeads(now, 10_000).stream()
                .filter(d -> d.subscriptionId().equals(subscription))
                .map(Delivery::id)
                .toList();
    }
}
