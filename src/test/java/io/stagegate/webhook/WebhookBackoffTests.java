package io.stagegate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Retries: 10 s doubling, capped at an hour, for at least the retry period; then the delivery is parked. */
class WebhookBackoffTests {

    private static final WebhookProperties DEFAULTS = new WebhookProperties(
            List.of(),
            null,
            "./data/webhook-secret.key",
            Duration.ofSeconds(1),
            Duration.ofSeconds(10),
            Duration.ofHours(1),
            Duration.ofHours(24),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            50,
            4,
            Duration.ofSeconds(60),
            Duration.ofDays(30));

    @Test
    void doublesFromTenSecondsUpToAnHour() {
        List<Long> waits = IntStream.rangeClosed(1, 12)
                .mapToObj(failures -> WebhookDispatcher.backoff(failures, Duration.ofSeconds(10), Duration.ofHours(1)))
                .map(Duration::toSeconds)
                .toList();

        assertThat(waits).containsExactly(10L, 20L, 40L, 80L, 160L, 320L, 640L, 1280L, 2560L, 3600L, 3600L, 3600L);
        assertThat(WebhookDispatcher.backoff(10_000, Duration.ofSeconds(10), Duration.ofHours(1)))
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void retriesForTwentyFourHoursAfterTheEventThenParks() {
        Instant created = Instant.parse("2025-01-01T00:00:00Z");
        Delivery third = delivery(created, 2);

        assertThat(WebhookDispatcher.nextAttempt(third, created.plusSeconds(30), DEFAULTS))
                .isEqualTo(created.plusSeconds(30 + 40));
        assertThat(WebhookDispatcher.nextAttempt(delivery(created, 40), created.plus(Duration.ofHours(23)), DEFAULTS))
                .isEqualTo(created.plus(Duration.ofHours(24)));
        assertThat(WebhookDispatcher.nextAttempt(delivery(created, 41), created.plus(Duration.ofHours(24)), DEFAULTS))
                .isNull();
    }

    @Test
    void keepsAtLeastEveryRetryInsideThePeriodOfTheEvent() {
        Instant created = Instant.parse("2025-01-01T00:00:00Z");
        Instant at = created;
        int attempts = 0;
        Instant next;
        while ((next = WebhookDispatcher.nextAttempt(delivery(created, attempts), at, DEFAULTS)) != null) {
            at = next;
            attempts++;
        }
        assertThat(at).isAfterOrEqualTo(created.plus(Duration.ofHours(24)));
        assertThat(attempts + 1).isBetween(30, 40);
    }

    private static Delivery delivery(Instant created, int attempts) {
        return new Delivery(
                "d",
                "s",
                "e",
                "phase.entered",
                "p",
                1,
                "{}",
                DeliveryStatus.PENDING,
                attempts,
                created,
                null,
                null,
                null,
                created,
                null);
    }
}
