package io.stagegate.webhook;

import java.time.Instant;
import java.util.List;

/** A subscription of a URL to event types; the secret only as its ciphertext, and only for signing. */
record Subscription(
        String id, String url, List<String> events, String secretCiphertext, String createdBy, Instant createdAt) {

    boolean wants(String type) {
        return events.contains(type);
    }
}
