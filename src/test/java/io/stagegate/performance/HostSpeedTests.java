package io.stagegate.performance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The host speed probe of the benchmark: its memory walk, its reading of a change, and a probe on this machine. */
class HostSpeedTests {

    @Test
    void theMemoryWalkVisitsEverySlotOnceBeforeItComesBack() {
        int n = 10_000;
        ByteBuffer cycle = HostSpeed.randomCycle(n, new SplittableRandom(7));
        BitSet seen = new BitSet(n);
        int at = 0;
        int steps = 0;
        do {
            assertThat(seen.get(at)).as("slot %d visited twice", at).isFalse();
            seen.set(at);
            at = cycle.getInt(at * Integer.BYTES);
            steps++;
        } while (at != 0);
        assertThat(steps).isEqualTo(n);
    }

    @Test
    void aChangeIsReadFromThePartThatChangedMost() {
        HostSpeed.Probe before = new HostSpeed.Probe(10, 40);

        assertThat(HostSpeed.slowdown(before, new HostSpeed.Probe(10.5, 52))).isEqualTo(1.3);
        assertThat(HostSpeed.slowdown(before, new HostSpeed.Probe(8, 41))).isEqualTo(0.8);
        assertThat(HostSpeed.slowdown(before, before)).isEqualTo(1.0);
    }

    @Test
    void aProbeTimesBothPartsOnThisMachine() {
        HostSpeed.Probe probe = HostSpeed.probe();

        assertThat(probe.computeMillis()).isPositive();
        assertThat(probe.memoryMillis()).isPositive();
    }
}
