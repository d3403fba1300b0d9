package io.stagegate.webhook;

import io.stagegate.lifecycle.Refusal;
import io.stagegate.web.CallerActor;
import io.stagegate.web.Paged;
import io.stagegate.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/webhooks", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Webhooks", description = "Signed event deliveries to integrating systems, and their delivery log")
class WebhookController {

    private static final String BASE = "/api/v1/webhooks/";

    private final WebhookManagement management;
    private final CallerActor caller;

    WebhookController(WebhookManagement management, CallerActor caller) {
        this.management = management;
        this.caller = caller;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Subscribe a URL to event types (roles: integration, pmo); the secret is never returned",
            description = "Event types: phase.entered, gate.decided, metric.breached, project.status, gate.overdue."
                    + " Loopback, link-local and private targets are refused unless listed in"
                    + " stagegate.webhooks.allowed-hosts.")
    ResponseEntity<SubscriptionResponse> subscribe(@RequestBody SubscriptionRequest request) {
        Subscription subscription =
                management.subscribe(request.url(), request.events(), request.secret(), caller.current());
        return ResponseEntity.created(URI.create(BASE + subscription.id())).body(SubscriptionResponse.of(subscription));
    }

    @GetMapping
    @Operation(summary = "The caller's subscriptions, newest first (the PMO and auditors see all)")
    Paged<SubscriptionResponse> list(
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        Paging paging = Paging.of(page, size);
        WebhookManagement.Page<Subscription> found = management.list(caller.current(), paging.page(), paging.size());
        return new Paged<>(
                found.items().stream().map(SubscriptionResponse::of).toList(),
                paging.page(),
                paging.size(),
                found.total());
    }

    @GetMapping("/{id}")
    @Operation(summary = "One subscription")
    SubscriptionResponse get(@PathVariable String id) {
        return SubscriptionResponse.of(management.get(id, caller.current()));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a subscription (roles: integration, pmo); its pending deliveries are not sent")
    ResponseEntity<Void> delete(@PathVariable String id) {
        management.delete(id, caller.current());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/deliveries")
    @Operation(summary = "The subscription's delivery log, newest first; status PENDING, DELIVERED or FAILED")
    Paged<DeliveryResponse> deliveries(
            @PathVariable String id,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        Paging paging = Paging.of(page, size);
        WebhookManagement.Page<Delivery> found =
                management.deliveries(id, status(status), caller.current(), paging.page(), paging.size());
        return new Paged<>(
                found.items().stream().map(DeliveryResponse::of).toList(), paging.page(), paging.size(), found.total());
    }

    @GetMapping("/{id}/deliveries/{deliveryId}")
    @Operation(summary = "One delivery of the log")
    DeliveryResponse delivery(@PathVariable String id, @PathVariable String deliveryId) {
        return DeliveryResponse.of(management.delivery(id, deliveryId, caller.current()));
    }

    @PostMapping("/{id}/deliveries/{deliveryId}/redeliver")
    @Operation(
            summary = "Send a delivered or parked event again (roles: integration, pmo); 202 with the new delivery",
            description = "The new delivery carries the same event id and body; 409 while the event is still pending.")
    ResponseEntity<DeliveryResponse> redeliver(@PathVariable String id, @PathVariable String deliveryId) {
        Delivery again = management.redeliver(id, deliveryId, caller.current());
        return ResponseEntity.accepted()
                .location(URI.create(BASE + id + "/deliveries/" + again.id()))
                .body(DeliveryResponse.of(again));
    }

    private static DeliveryStatus status(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return DeliveryStatus.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Refusal.badRequest("status", "status must be one of PENDING, DELIVERED, FAILED");
        }
    }

    /** The constraints document the contract; {@link WebhookManagement} enforces them, naming the field. */
    record SubscriptionRequest(
            @NotNull @Size(max = WebhookTargets.MAX_URL_LENGTH) String url,
            @NotNull @Size(min = 1, max = 10) List<String> events,
            @NotNull @Size(min = WebhookManagement.MIN_SECRET, max = WebhookManagement.MAX_SECRET) String secret) {

        @Override
        public String toString() {
            return "SubscriptionRequest[url=" + url + ", events=" + events + "]"; // never the secret
        }
    }

    record SubscriptionResponse(String id, String url, List<String> events, String createdBy, Instant createdAt) {

        static SubscriptionResponse of(Subscription s) {
            return new SubscriptionResponse(s.id(), s.url(), s.events(), s.createdBy(), s.createdAt());
        }
    }

    record DeliveryResponse(
            String id,
            String subscriptionId,
            String eventId,
            String eventType,
            String projectId,
            long projectSeq,
            DeliveryStatus status,
            int attempts,
            Instant createdAt,
            Instant lastAttemptAt,
            Integer lastStatusCode,
            String lastError,
            Instant nextAttemptAt,
            String redeliveryOf) {

        static DeliveryResponse of(Delivery d) {
            return new DeliveryResponse(
                    d.id(),
                    d.subscriptionId(),
                    d.eventId(),
                    d.eventType(),
                    d.projectId(),
                    d.projectSeq(),
                    d.status(),
                    d.attempts(),
                    d.createdAt(),
                    d.lastAttemptAt(),
                    d.lastStatusCode(),
                    d.lastError(),
                    d.nextAttemptAt(),
                    d.redeliveryOf());
        }
    }
}
