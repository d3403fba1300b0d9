package io.stagegate.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagegate.audit.AuditEventRecorded;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes one delivery row per matching subscription for each audited project event, in the transaction of the
 * change: a change that rolls back sends nothing, and a committed change cannot lose its deliveries in a crash.
 * Listens to {@link AuditEventRecorded} rather than the project event itself, for the project sequence number.
 */
@Component
class WebhookOutbox {

    private final WebhookRepository subscriptions;
    private final DeliveryRepository deliveries;
    private final ObjectMapper json;

    WebhookOutbox(WebhookRepository subscriptions, DeliveryRepository deliveries, ObjectMapper json) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.json = json;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    public void on(AuditEventRecorded recorded) {
        WebhookCatalogue.route(recorded.source().type()).ifPresent(route -> {
            List<Subscription> subscribed = subscriptions.subscribedTo(route.type());
            if (subscribed.isEmpty()) {
                return;
            }
            String eventId = UUID.randomUUID().toString();
            String body = WebhookCatalogue.body(route, recorded, eventId, json);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            for (Subscription subscription : subscribed) {
                deliveries.insert(Delivery.pending(
                        UUID.randomUUID().toString(),
                        subscription.id(),
                        eventId,
                        route.type(),
                        recorded.source().projectId(),
                        recorded.projectSeq(),
                        body,
                        now,
                        null));
            }
        });
    }
}
