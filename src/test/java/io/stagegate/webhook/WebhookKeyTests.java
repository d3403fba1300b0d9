package io.stagegate.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Subscription secrets at rest: AES-GCM under a key outside the database, bound to their subscription. */
class WebhookKeyTests {

    private static final String SECRET = "whsec-0123456789abcdef";
    private static final String CONFIGURED = "a-configured-key-of-at-least-32-characters";

    @TempDir
    Path dir;

    @Test
    void decryptsWhatItEncryptedWithoutStoringThePlaintext() {
        WebhookKey key = WebhookKey.from(CONFIGURED, dir.resolve("unused.key"));

        String stored = key.encrypt(SECRET, "subscription-1");

        assertThat(stored).startsWith("v1:").doesNotContain(SECRET);
        assertThat(new String(Base64.getDecoder().decode(stored.substring(3)))).doesNotContain(SECRET);
        assertThat(key.decrypt(stored, "subscription-1")).isEqualTo(SECRET);
        assertThat(key.encrypt(SECRET, "subscription-1")).isNotEqualTo(stored);
        assertThat(dir.resolve("unused.key")).doesNotExist();
    }

    @Test
    void refusesACiphertextMovedToAnotherSubscription() {
        WebhookKey key = WebhookKey.from(CONFIGURED, dir.resolve("unused.key"));
        String stored = key.encrypt(SECRET, "subscription-1");

        assertThatThrownBy(() -> key.decrypt(stored, "subscription-2"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void refusesAnAlteredCiphertextAndAnotherKey() {
        WebhookKey key = WebhookKey.from(CONFIGURED, dir.resolve("unused.key"));
        String stored = key.encrypt(SECRET, "subscription-1");
        byte[] bytes = Base64.getDecoder().decode(stored.substring(3));
        bytes[bytes.length - 1] ^= 1;
        String altered = "v1:" + Base64.getEncoder().encodeToString(bytes);

        assertThatThrownBy(() -> key.decrypt(altered, "subscription-1")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> WebhookKey.from(CONFIGURED + "!", dir.resolve("unused.key"))
                        .decrypt(stored, "subscription-1"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void createsAKeyFileOnFirstStartAndReadsItAfterwards() throws Exception {
        Path file = dir.resolve("data/webhook-secret.key");

        String stored = WebhookKey.from(null, file).encrypt(SECRET, "subscription-1");

        assertThat(file).exists();
        assertThat(Files.readString(file).strip()).matches("[0-9a-f]{64}");
        assertThat(WebhookKey.from("", file).decrypt(stored, "subscription-1")).isEqualTo(SECRET);
    }

    @Test
    void refusesAConfiguredKeyShorterThan32Characters() {
        assertThatThrownBy(() -> WebhookKey.from("too-short", dir.resolve("unused.key")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("encryption-key");
    }
}
