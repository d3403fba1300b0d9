package io.stagegate.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagegate.security.CredentialCache.Identity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialCacheTests {

    private final MutableClock clock = new MutableClock();
    private final CredentialCache cache = new CredentialCache(Duration.ofSeconds(60), 3, clock);
    private final Identity dev = new Identity("dev", List.of("contributor"));

    @Test
    void reusesASuccessfulAuthenticationWithinItsLifetime() {
        cache.remember("dev", "demo", dev);
        clock.advance(Duration.ofSeconds(59));
        assertThat(cache.lookup("dev", "demo")).contains(dev);
    }

    @Test
    void forgetsItWhenTheLifetimeIsOver() {
        cache.remember("dev", "demo", dev);
        clock.advance(Duration.ofSeconds(60));
        assertThat(cache.lookup("dev", "demo")).isEmpty();
    }

    @Test
    void neverAnswersForAnotherPasswordOrUser() {
        cache.remember("dev", "demo", dev);
        assertThat(cache.lookup("dev", "demo2")).isEmpty();
        assertThat(cache.lookup("de", "vdemo")).isEmpty();
        assertThat(cache.lookup("pmo", "demo")).isEmpty();
    }

    @Test
    void staysWithinItsSizeAndMakesRoomFromExpiredEntries() {
        cache.remember("a", "1", dev);
        cache.remember("b", "1", dev);
        cache.remember("c", "1", dev);
        cache.remember("d", "1", dev);
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.lookup("d", "1")).isEmpty();
        clock.advance(Duration.ofSeconds(61));
        cache.remember("d", "1", dev);
        assertThat(cache.lookup("d", "1")).contains(dev);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void cachesNothingWithAZeroLifetime() {
        CredentialCache off = new CredentialCache(Duration.ZERO, 100, clock);
        off.remember("dev", "demo", dev);
        assertThat(off.lookup("dev", "demo")).isEmpty();
    }

    static final class MutableClock extends Clock {

        private Instant now = Instant.parse("2025-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
