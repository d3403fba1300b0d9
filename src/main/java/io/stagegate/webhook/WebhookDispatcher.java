package io.stagegate.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends due deliveries. Each poll claims the heads of the queues (one row per subscription and project, see {@link
 * DeliveryRepository#dueHeads}), sends them in parallel — never two of one queue — and records the outcome: 2xx is
 * delivered; anything else, a timeout or a refused address is retried with exponential back-off until the retry
 * period has passed since the row was written, then parked as FAILED. Several nodes may poll the same table: the
 * claim makes sure one attempt is made by one node, and a node that dies mid-send leaves a claim that expires, so
 * the row is sent again (at least once). Rounds run on the dispatcher's own thread, not on the shared scheduler.
 */
@Component
class WebhookDispatcher implements DisposableBean {

    static final String USER_AGENT = "Stagegate-Webhooks/1";
    private static final int MAX_ERROR_LENGTH = 300;
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final DeliveryRepository deliveries;
    private final WebhookRepository subscriptions;
    private final WebhookTargets targets;
    private final WebhookKey key;
    private final WebhookProperties properties;
    private final HttpClient http;
    private final String node;
    private final ExecutorService rounds;
    private final ExecutorService senders;
    private final AtomicBoolean running = new AtomicBoolean();

    WebhookDispatcher(
            DeliveryRepository deliveries,
            WebhookRepository subscriptions,
            WebhookTargets targets,
            WebhookKey key,
            WebhookProperties properties) {
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.targets = targets;
        this.key = key;
        this.properties = properties;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        String host = System.getenv("HOSTNAME");
        this.node = (host == null || host.isBlank() ? "node" : host) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        this.rounds = Executors.newSingleThreadExecutor(threads("webhook-dispatch-"));
        this.senders = Executors.newFixedThreadPool(properties.senders(), threads("webhook-send-"));
    }

    @Scheduled(
            fixedDelayString = "${stagegate.webhooks.poll-interval:1s}",
            initialDelayString = "${stagegate.webhooks.poll-interval:1s}")
    void poll() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            rounds.execute(() -> {
                try {
                    int claimed;
                    do {
                        claimed = dispatchDue(); // a full batch: more may be due right now
                    } while (claimed == properties.batchSize());
                } catch (RuntimeException e) {
                    log.warn("Webhook dispatch round failed: {}", e.toString());
                } finally {
                    running.set(false);
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            running.set(false);
        }
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void purgeLog() {
        int purged = deliveries.purge(Instant.now().minus(properties.logRetention()));
        if (purged > 0) {
            log.info("Purged {} webhook deliveries older than {}", purged, properties.logRetention());
        }
    }

    /** One round: claims what is due and sends it; returns how many rows were claimed. */
    private int dispatchDue() {
        Instant now = Instant.now();
        List<Future<?>> sending = new ArrayList<>();
        for (Delivery due : deliveries.dueHeads(now, properties.batchSize())) {
            if (deliveries.claim(due.id(), node, now, now.plus(properties.claimFor()))) {
                try {
                    sending.add(senders.submit(() -> send(due)));
                } catch (RejectedExecutionException shuttingDown) {
                    deliveries.release(due.id(), node);
                }
            }
        }
        for (Future<?> future : sending) {
            try {
                future.get();
            } catch (ExecutionException e) {
                log.warn(
                        "Webhook delivery failed unexpectedly: {}", e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return sending.size();
    }

    private void send(Delivery delivery) {
        Optional<Subscription> subscription = subscriptions.findActive(delivery.subscriptionId());
        if (subscription.isEmpty()) {
            deliveries.failed(delivery.id(), node, Instant.now(), null, "subscription deleted", null);
            return;
        }
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Outcome outcome;
        try {
            outcome = attempt(subscription.get(), delivery);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deliveries.release(delivery.id(), node);
            return;
        } catch (RuntimeException e) {
            log.warn("Webhook delivery {} could not be sent: {}", delivery.id(), e.toString());
            outcome = Outcome.failed(null, "not sent: internal error, see the service log");
        }
        if (outcome.delivered()) {
            deliveries.delivered(delivery.id(), node, at, outcome.statusCode());
        } else {
            Instant next = nextAttempt(delivery, at, properties);
            deliveries.failed(delivery.id(), node, at, outcome.statusCode(), outcome.error(), next);
            if (next == null) {
                log.warn(
                        "Webhook delivery {} of event {} parked after {} attempts: {}",
                        delivery.id(),
                        delivery.eventId(),
                        delivery.attempts() + 1,
                        outcome.error());
            }
        }
    }

    private Outcome attempt(Subscription subscription, Delivery delivery) throws InterruptedException {
        URI target;
        try {
            target = targets.check(subscription.url());
        } catch (WebhookTargets.Refused refused) {
            return Outcome.failed(null, "url " + refused.getMessage());
        }
        String secret = key.decrypt(subscription.secretCiphertext(), subscription.id());
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(properties.readTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("X-Stagegate-Timestamp", Long.toString(timestamp))
                .header("X-Stagegate-Signature", WebhookSignature.sign(secret, timestamp, delivery.payload()))
                .header("X-Stagegate-Event-Id", delivery.eventId())
                .header("X-Stagegate-Event-Type", delivery.eventType())
                .header("X-Stagegate-Delivery-Id", delivery.id())
                .header("X-Stagegate-Delivery-Attempt", Integer.toString(delivery.attempts() + 1))
                .POST(HttpRequest.BodyPublishers.ofString(delivery.payload(), StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            // the answer's body is of no interest, and a receiver must not hold a sender by streaming one
            response.body().close();
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Outcome(true, status, null);
            }
            return Outcome.failed(
                    status,
                    status >= 300 && status < 400
                            ? "HTTP " + status + " (redirects are not followed)"
                            : "HTTP " + status);
        } catch (HttpConnectTimeoutException e) {
            return Outcome.failed(
                    null, "no connection within " + properties.connectTimeout().toSeconds() + " s");
        } catch (HttpTimeoutException e) {
            return Outcome.failed(
                    null, "no answer within " + properties.readTimeout().toSeconds() + " s");
        } catch (ConnectException e) {
            return Outcome.failed(null, "connection refused");
        } catch (SSLException e) {
            return Outcome.failed(null, "TLS failed: " + e.getMessage());
        } catch (IOException e) {
            return Outcome.failed(
                    null, "I/O error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    /** When to try again after a failed attempt, or null to park: once the retry period since creation is over. */
    static Instant nextAttempt(Delivery delivery, Instant failedAt, WebhookProperties properties) {
        if (!failedAt.isBefore(delivery.createdAt().plus(properties.retryFor()))) {
            return null;
        }
        return failedAt.plus(backoff(delivery.attempts() + 1, properties.initialBackoff(), properties.maxBackoff()));
    }

    /** The wait after the {@code failures}-th failed attempt: initial, doubling, at most max. */
    static Duration backoff(int failures, Duration initial, Duration max) {
        Duration wait = initial;
        for (int i = 1; i < failures && wait.compareTo(max) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }

    @Override
    public void destroy() throws InterruptedException {
        rounds.shutdown();
        senders.shutdown();
        if (!senders.awaitTermination(5, TimeUnit.SECONDS)) {
            senders.shutdownNow();
        }
        rounds.awaitTermination(1, TimeUnit.SECONDS);
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private record Outcome(boolean delivered, Integer statusCode, String error) {

        static Outcome failed(Integer statusCode, String error) {
            String clean = error.replaceAll("[\\r\\n\\t]+", " ").strip();
            return new Outcome(
                    false,
                    statusCode,
                    clean.length() > MAX_ERROR_LENGTH ? clean.substring(0, MAX_ERROR_LENGTH) : clean);
        }
    }
}
