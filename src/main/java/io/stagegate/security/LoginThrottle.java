package io.stagegate.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Counts failed HTTP Basic logins per user name and client address, and locks that pair for a while after too many
 * in a row: guessing passwords through the API becomes as slow as through the webapps, whose login the engine throttles
 * itself ({@code loginMaxAttempts}). Keyed by user and address together, so an attacker cannot lock a real user out
 * from elsewhere. In memory: with N replicas behind a load balancer an attacker gets up to N times the attempts.
 */
final class LoginThrottle {

    /** Entries kept at most; beyond that the expired ones are dropped, then arbitrary ones. */
    static final int MAX_ENTRIES = 100_000;

    private record Key(String user, String address) {}

    private record Failures(int count, Instant firstAt, Instant lockedUntil) {}

    private final int maxFailures;
    private final Duration window;
    private final Duration lockDuration;
    private final Clock clock;
    private final ConcurrentMap<Key, Failures> failures = new ConcurrentHashMap<>();

    LoginThrottle(int maxFailures, Duration window, Duration lockDuration, Clock clock) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1");
        }
        this.maxFailures = maxFailures;
        this.window = window;
        this.lockDuration = lockDuration;
        this.clock = clock;
    }

    /** How long this user is still locked from this address, if locked. */
    Optional<Duration> lockedFor(String user, String address) {
        Failures current = failures.get(new Key(user, address));
        Instant now = clock.instant();
        if (current == null || current.lockedUntil() == null || !now.isBefore(current.lockedUntil())) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, current.lockedUntil()));
    }

    /** Records a failed login; the failure that reaches the limit locks the pair. */
    void failed(String user, String address) {
        Instant now = clock.instant();
        failures.compute(new Key(user, address), (key, current) -> {
            if (current == null || now.isAfter(current.firstAt().plus(window)) || current.lockedUntil() != null) {
                current = new Failures(0, now, null);
            }
            int count = current.count() + 1;
            return new Failures(count, current.firstAt(), count >= maxFailures ? now.plus(lockDuration) : null);
        });
        if (failures.size() > MAX_ENTRIES) {
            evict(now);
        }
    }

    /** A successful login forgets the failures of this pair. */
    void succeeded(String user, String address) {
        failures.remove(new Key(user, address));
    }

    private void evict(Instant now) {
        failures.entrySet().removeIf(entry -> {
            Failures value = entry.getValue();
            Instant end = value.lockedUntil() != null
                    ? value.lockedUntil()
                    : value.firstAt().plus(window);
            return now.isAfter(end);
        });
        Iterator<Key> keys = failures.keySet().iterator();
        while (failures.size() > MAX_ENTRIES && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }
}
