package io.stagegate.webhook;

import java.time.Instant;

/**
 * One event for one subscription, as the delivery log shows it. {@code eventId} is the same for every subscription
 * and every attempt of the event; {@code payload} is the body exactly as it is sent.
 */
record Delivery(
        String id,
        String subscriptionId,
        String eventId,
        String eventType,
        String projectId,
        long projectSeq,
        String payload,
        DeliveryStatus status,
        int attempts,
        Instant createdAt,
        Instant lastAttemptAt,
        Integer lastStatusCode,
        String lastError,
        Instant nextAttemptAt,
        String redeliveryOf) {

    static Delivery pending(
            String id,
            String subscriptionId,
            String eventId,
            String eventType,
            String projectId,
            long projectSeq,
            String payload,
            Instant now,
            String redeliveryOf) {
        return new Delivery(
                id,
                subscriptionId,
                eventId,
                eventType,
                projectId,
                projectSeq,
                payload,
                DeliveryStatus.PENDING,
                0,
                now,
                null,
                null,
                null,
                now,
                redeliveryOf);
    }
}
