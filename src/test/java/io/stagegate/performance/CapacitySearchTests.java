package io.stagegate.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The capacity search of the benchmark, against a made-up process that completes at most a given rate. */
class CapacitySearchTests {

    @Test
    void goesUpFromTheGuessUntilTheProcessFallsBehind() throws Exception {
        Process process = new Process(6.8);

        CapacitySearch.Result result = CapacitySearch.search(10, 5.3, 0.05, 10, process);

        // 7.0 is kept up with (6.8 completed is within 5 %), 7.5 is not; the capacity is what 7.0 completed
        assertThat(process.offered).containsExactly(5.0, 5.5, 6.0, 6.5, 7.0, 7.5);
        assertThat(result.best()).isEqualTo(4);
        assertThat(result.sustained()).isCloseTo(6.8, within(1e-9));
        // the point on the grid, where the search of the other path starts
        assertThat(result.keptUpOffer()).isCloseTo(7.0, within(1e-9));
    }

    @Test
    void goesDownFromTheGuessUntilTheProcessKeepsUp() throws Exception {
        Process process = new Process(4.2);

        CapacitySearch.Result result = CapacitySearch.search(10, 5.3, 0.05, 10, process);

        assertThat(process.offered).containsExactly(5.0, 4.5, 4.0);
        assertThat(result.sustained()).isCloseTo(4.0, within(1e-9));
    }

    @Test
    void stopsAtTheLimitItself() throws Exception {
        Process process = new Process(20);

        CapacitySearch.Result result = CapacitySearch.search(10, 9.6, 0.05, 10, process);

        assertThat(process.offered).containsExactly(9.5, 10.0);
        assertThat(result.sustained()).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void aStepWithAFailedUserIsNotKeptUpWhateverItsRate() {
        assertThat(new CapacitySearch.Outcome(2.0, 2.0, 1).keptUp()).isFalse();
        assertThat(new CapacitySearch.Outcome(2.0, 1.89, 0).keptUp()).isFalse();
        assertThat(new CapacitySearch.Outcome(2.0, 1.91, 0).keptUp()).isTrue();
    }

    @Test
    void answersNoRateWhenNoStepKeptUpWithinTheSteps() throws Exception {
        Process process = new Process(0.1);

        CapacitySearch.Result result = CapacitySearch.search(10, 3.0, 0.05, 3, process);

        assertThat(process.offered).containsExactly(3.0, 2.5, 2.0);
        assertThat(result.best()).isEqualTo(-1);
        assertThat(result.sustained()).isZero();
        assertThat(result.keptUpOffer()).isZero();
    }

    @Test
    void twoPathsThatKeepUpWithTheSameStepAreEqualWhateverEachCompletedOfIt() throws Exception {
        CapacitySearch.Result api = CapacitySearch.search(10, 6.0, 0.05, 10, new Process(5.85));
        CapacitySearch.Result engineRest = CapacitySearch.search(10, 6.0, 0.05, 10, new Process(6.1));
        CapacitySearch.Result slower = CapacitySearch.search(10, 6.0, 0.05, 10, new Process(5.6));

        // both keep up with 6.0 (completing 5.85 and 6.0 of it) and fall behind at 6.5 (5.85 and 6.1 of it)
        assertThat(api.sustained()).isLessThan(engineRest.sustained());
        assertThat(api.keepsUpWithAtLeast(engineRest)).isTrue();
        assertThat(engineRest.keepsUpWithAtLeast(api)).isTrue();
        // one step lower on the grid is slower
        assertThat(slower.keepsUpWithAtLeast(engineRest)).isFalse();
        assertThat(engineRest.keepsUpWithAtLeast(slower)).isTrue();
        // kept up with nowhere is never as fast
        CapacitySearch.Result none = CapacitySearch.search(10, 3.0, 0.05, 3, new Process(0.1));
        assertThat(none.keepsUpWithAtLeast(none)).isFalse();
    }

    /** Completes whatever it is offered up to its capacity, and at its capacity beyond. */
    private static final class Process implements CapacitySearch.Step {
        private final double capacity;
        private final List<Double> offered = new ArrayList<>();

        Process(double capacity) {
            this.capacity = capacity;
        }

        @Override
        public CapacitySearch.Outcome offer(double rate) {
            offered.add(Math.round(rate * 1e6) / 1e6);
            return new CapacitySearch.Outcome(rate, Math.min(rate, capacity), 0);
        }
    }
}
