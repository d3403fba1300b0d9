package io.stagegate.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers successful Basic authentications for a short time, so a burst of API calls does not check the password
 * hash and read the group memberships on every request. Entries are keyed by an HMAC of user name and password under
 * a key that lives only in this process, so neither a password nor a reusable hash of it is kept; only successes are
 * stored, so a wrong password always reaches the identity service and its lockout.
 */
final class CredentialCache {

    /** Who a cached credential belongs to. */
    record Identity(String userId, List<String> groups) {}

    private record Entry(Identity identity, Instant expires) {}

    private static final String ALGORITHM = "HmacSHA256";

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final SecretKeySpec key;
    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;

    CredentialCache(Duration ttl, int maxEntries, Clock clock) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, ALGORITHM);
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    Optional<Identity> lookup(String username, String password) {
        if (!enabled()) {
            return Optional.empty();
        }
        String fingerprint = fingerprint(username, password);
        Entry entry = entries.get(fingerprint);
        if (entry == null) {
            return Optional.empty();
        }
        if (!entry.expires().isAfter(clock.instant())) {
            entries.remove(fingerprint, entry);
            return Optional.empty();
        }
        return Optional.of(entry.identity());
    }

    void remember(String username, String password, Identity identity) {
        if (!enabled()) {
            return;
        }
        Instant now = clock.instant();
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(entry -> !entry.expires().isAfter(now));
            if (entries.size() >= maxEntries) {
                return; // full of live entries: authenticate against the identity service until some expire
            }
        }
        entries.put(fingerprint(username, password), new Entry(identity, now.plus(ttl)));
    }

    int size() {
        return entries.size();
    }

    private boolean enabled() {
        return !ttl.isZero() && !ttl.isNegative() && maxEntries > 0;
    }

    private String fingerprint(String username, String password) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            // the length prefix keeps ("ab", "c") and ("a", "bc") apart
            mac.update((username.length() + ":" + username).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
