package io.stagegate.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The counting rules of {@link LoginThrottle}, on a clock the test moves. */
class LoginThrottleTests {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(10), Duration.ofMinutes(5), clock);

    @Test
    void locksAfterTheLimitAndOnlyThatUserFromThatAddress() {
        throttle.failed("eve", "10.0.0.1");
        throttle.failed("eve", "10.0.0.1");
        assertThat(throttle.lockedFor("eve", "10.0.0.1")).isEmpty();
        throttle.failed("eve", "10.0.0.1");
        assertThat(throttle.lockedFor("eve", "10.0.0.1")).contains(Duration.ofMinutes(5));
        assertThat(throttle.lockedFor("eve", "10.0.0.2")).isEmpty();
        assertThat(throttle.lockedFor("bob", "10.0.0.1")).isEmpty();
    }

    @Test
    void unlocksWhenTheLockEnds() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("eve", "a");
        }
        now = now.plus(Duration.ofMinutes(4));
        assertThat(throttle.lockedFor("eve", "a")).contains(Duration.ofMinutes(1));
        now = now.plus(Duration.ofMinutes(1));
        assertThat(throttle.lockedFor("eve", "a")).isEmpty();
        throttle.failed("eve", "a");
        assertThat(throttle.lockedFor("eve", "a"))
                .as("a new count after the lock")
                .isEmpty();
    }

    @Test
    void aSuccessfulLoginResetsTheCount() {
        throttle.failed("eve", "a");
        throttle.failed("eve", "a");
        throttle.succeeded("eve", "a");
        throttle.failed("eve", "a");
        throttle.failed("eve", "a");
        assertThat(throttle.lockedFor("eve", "a")).isEmpty();
    }

    @Test
    void failuresOutsideTheWindowStartANewCount() {
        throttle.failed("eve", "a");
        throttle.failed("eve", "a");
        now = now.plus(Duration.ofMinutes(11));
        throttle.failed("eve", "a");
        assertThat(throttle.lockedFor("eve", "a")).isEmpty();
    }
}
