package io.stagegate.webhook;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook settings under {@code stagegate.webhooks}.
 *
 * @param allowedHosts host names or CIDR ranges that may be targeted although they are loopback, link-local or
 *     private (comma-separated; empty by default, so only public addresses can be subscribed)
 * @param encryptionKey the key that encrypts subscription secrets at rest (env {@code
 *     STAGEGATE_WEBHOOKS_ENCRYPTION_KEY}, at least 32 characters); without it a key file is used
 * @param keyFile where the generated key lives when no {@code encryption-key} is given, created on first start
 * @param pollInterval how often the dispatcher looks for due deliveries
 * @param initialBackoff the wait after the first failed attempt; it doubles with every further failure
 * @param maxBackoff the longest wait between two attempts
 * @param retryFor how long after its creation a failing delivery is retried before it is parked as FAILED
 * @param connectTimeout connecting to the receiver
 * @param readTimeout waiting for the receiver's answer
 * @param batchSize deliveries claimed per poll
 * @param senders deliveries sent in parallel (each to another project or subscription)
 * @param claimFor how long a claimed delivery is reserved for the node sending it; after that another node may
 *     retry it (a node that died mid-send)
 * @param logRetention how long delivered and parked deliveries stay in the delivery log
 */
@ConfigurationProperties("stagegate.webhooks")
public record WebhookProperties(
        @DefaultValue List<String> allowedHosts,
        String encryptionKey,
        @DefaultValue("./data/webhook-secret.key") String keyFile,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("10s") Duration initialBackoff,
        @DefaultValue("1h") Duration maxBackoff,
        @DefaultValue("24h") Duration retryFor,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("50") int batchSize,
        @DefaultValue("4") int senders,
        @DefaultValue("60s") Duration claimFor,
        @DefaultValue("30d") Duration logRetention) {

    public WebhookProperties {
        allowedHosts = allowedHosts == null
                ? List.of()
                : allowedHosts.stream()
                        .map(String::strip)
                        .filter(h -> !h.isEmpty())
                        .toList();
        if (batchSize < 1 || senders < 1) {
            throw new IllegalStateException("stagegate.webhooks.batch-size and senders must be at least 1");
        }
        if (claimFor.compareTo(connectTimeout.plus(readTimeout)) <= 0) {
            throw new IllegalStateException(
                    "stagegate.webhooks.claim-for must be longer than connect-timeout plus read-timeout");
        }
    }
}
