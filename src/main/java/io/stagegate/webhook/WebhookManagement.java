package io.stagegate.webhook;

import io.stagegate.lifecycle.Actor;
import io.stagegate.lifecycle.Refusal;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Subscribing, reading, deleting, and redelivering by hand. Integrating systems and the PMO manage subscriptions;
 * each caller sees and manages their own, the PMO all of them, and auditors read all of them.
 */
@Service
class WebhookManagement {

    static final String AUDITOR = "auditor";
    static final int MIN_SECRET = 16;
    static final int MAX_SECRET = 256;

    private final WebhookRepository subscriptions;
    private final DeliveryRepository deliveries;
    private final WebhookTargets targets;
    private final WebhookKey key;

    WebhookManagement(
            WebhookRepository subscriptions, DeliveryRepository deliveries, WebhookTargets targets, WebhookKey key) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.targets = targets;
        this.key = key;
    }

    record Page<T>(List<T> items, long total) {}

    /** Not one transaction: the target's DNS lookup must not hold a connection; the insert is one statement. */
    public Subscription subscribe(String url, List<String> events, String secret, Actor actor) {
        requireManager(actor);
        List<String> types = eventTypes(events);
        if (secret == null || secret.length() < MIN_SECRET || secret.length() > MAX_SECRET) {
            throw Refusal.badRequest("secret", "secret must have " + MIN_SECRET + " to " + MAX_SECRET + " characters");
        }
        URI target;
        try {
            target = targets.check(url);
        } catch (WebhookTargets.Refused refused) {
            throw Refusal.badRequest("url", "url " + refused.getMessage());
        }
        String id = UUID.randomUUID().toString();
        Subscription subscription = new Subscription(
                id,
                target.toString(),
                types,
                key.encrypt(secret, id),
                actor.userId(),
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        subscriptions.insert(subscription);
        return subscription;
    }

    @Transactional(readOnly = true)
    public Page<Subscription> list(Actor actor, int page, int size) {
        String createdBy = seesAll(actor) ? null : actor.userId();
        return new Page<>(subscriptions.page(createdBy, page, size), subscriptions.count(createdBy));
    }

    @Transactional(readOnly = true)
    public Subscription get(String id, Actor actor) {
        return visible(id, actor);
    }

    @Transactional
    public void delete(String id, Actor actor) {
        Subscription subscription = managed(id, actor);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (!subscriptions.delete(subscription.id(), actor.userId(), now)) {
            throw Refusal.notFound("No webhook subscription " + id);
        }
        deliveries.parkPending(subscription.id(), now, "subscription deleted");
    }

    @Transactional(readOnly = true)
    public Page<Delivery> deliveries(String id, DeliveryStatus status, Actor actor, int page, int size) {
        Subscription subscription = visible(id, actor);
        return new Page<>(
                deliveries.page(subscription.id(), status, page, size), deliveries.count(subscription.id(), status));
    }

    @Transactional(readOnly = true)
    public Delivery delivery(String id, String deliveryId, Actor actor) {
        Subscription subscription = visible(id, actor);
        return deliveries
                .find(subscription.id(), deliveryId)
                .orElseThrow(() -> Refusal.notFound("No delivery " + deliveryId + " of webhook subscription " + id));
    }

    /**
     * Sends an event again as a new delivery (the same event id and body, a fresh retry period), queued in order
     * with the subscription's other pending deliveries of the project. The original row stays in the log as it was.
     */
    @Transactional
    public Delivery redeliver(String id, String deliveryId, Actor actor) {
        Subscription subscription = managed(id, actor);
        Delivery original = deliveries
                .find(subscription.id(), deliveryId)
                .orElseThrow(() -> Refusal.notFound("No delivery " + deliveryId + " of webhook subscription " + id));
        if (deliveries.hasPending(subscription.id(), original.eventId())) {
            throw Refusal.conflict("Event " + original.eventId() + " is already waiting to be delivered");
        }
        Delivery again = Delivery.pending(
                UUID.randomUUID().toString(),
                subscription.id(),
                original.eventId(),
                original.eventType(),
                original.projectId(),
                original.projectSeq(),
                original.payload(),
                Instant.now().truncatedTo(ChronoUnit.MICROS),
                original.id());
        deliveries.insert(again);
        return again;
    }

    private static List<String> eventTypes(List<String> events) {
        if (events == null || events.isEmpty()) {
            throw Refusal.badRequest("events", "events must name at least one of " + WebhookCatalogue.TYPES);
        }
        Set<String> types = new LinkedHashSet<>();
        for (String event : events) {
            if (event == null || !WebhookCatalogue.isKnown(event)) {
                throw Refusal.badRequest(
                        "events", "Unknown event type '" + event + "'; one of " + WebhookCatalogue.TYPES);
            }
            types.add(event);
        }
        return List.copyOf(types);
    }

    private Subscription visible(String id, Actor actor) {
        return subscriptions
                .findActive(id)
                .filter(s -> seesAll(actor) || s.createdBy().equals(actor.userId()))
                .orElseThrow(() -> Refusal.notFound("No webhook subscription " + id));
    }

    private Subscription managed(String id, Actor actor) {
        requireManager(actor);
        Subscription subscription = visible(id, actor);
        if (!actor.isMember(Actor.PMO) && !subscription.createdBy().equals(actor.userId())) {
            throw Refusal.forbidden("Only the PMO or the subscriber manages this subscription");
        }
        return subscription;
    }

    private static boolean seesAll(Actor actor) {
        return actor.isMember(Actor.PMO) || actor.isMember(AUDITOR);
    }

    private static void requireManager(Actor actor) {
        if (!actor.isMember(Actor.PMO) && !actor.isMember(Actor.INTEGRATION)) {
            throw Refusal.forbidden("Webhooks are managed by integrating systems and the PMO");
        }
    }
}
