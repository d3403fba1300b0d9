package io.stagegate.performance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The warm-up rule of the benchmark's two sides, on made-up slice costs. */
class WarmUpTests {

    @Test
    void stopsAfterTwoSlicesThatAreNotCheaperOnceTheMinimumIsReachedAndTheJitIsQuiet() throws Exception {
        Costs costs = new Costs(cost(1.0, 0), cost(0.8, 0), cost(0.79, 0), cost(0.81, 0), cost(0.5, 0));

        WarmUp.Result result = WarmUp.untilFlat(2, 100, 1, costs);

        assertThat(result.costs()).containsExactly(1.0, 0.8, 0.79, 0.81);
        assertThat(result.seconds()).isEqualTo(4);
    }

    @Test
    void goesOnWhileTheJitUsesMoreThanThreePercentOfTheSliceInCpu() throws Exception {
        Costs costs = new Costs(cost(1.0, 0), cost(1.0, 0.5), cost(1.0, 0.04), cost(1.0, 0.03), cost(0.5, 0));

        WarmUp.Result result = WarmUp.untilFlat(1, 100, 1, costs);

        assertThat(result.costs()).containsExactly(1.0, 1.0, 1.0, 1.0);
    }

    @Test
    void theBoundIsOnTheTimeSpentNotOnTheSlicesNominalLength() throws Exception {
        // each slice of 1 s takes 2 s, as an offer the process cannot take lasts until its users are done
        List<Integer> asked = new ArrayList<>();
        WarmUp.Slice slow = seconds -> {
            asked.add(seconds);
            Thread.sleep(2_000);
            return cost(1.0, 1.0);
        };

        WarmUp.Result result = WarmUp.untilFlat(1, 3, 1, slow);

        assertThat(asked).containsExactly(1, 1);
        assertThat(result.seconds()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void startsNoSliceThatTheBoundWouldCutShort() throws Exception {
        Costs costs = new Costs(cost(1.0, 5.0), cost(1.0, 5.0), cost(1.0, 5.0));

        WarmUp.Result result = WarmUp.untilFlat(1, 25, 10, costs);

        assertThat(costs.asked).containsExactly(10, 10);
        assertThat(result.seconds()).isEqualTo(20);
    }

    @Test
    void theFirstSliceRunsEvenWhenTheBoundIsShorterThanASlice() throws Exception {
        Costs costs = new Costs(cost(1.0, 0), cost(1.0, 0));

        WarmUp.untilFlat(1, 5, 10, costs);

        assertThat(costs.asked).containsExactly(5);
    }

    @Test
    void theRampSlicesAreReportedButNotJudged() throws Exception {
        // offered less, the ramp's slices may look cheaper or dearer than the rest: judged with them, this warm-up
        // would have stopped after its third slice
        Costs costs = new Costs(
                cost(0.5, 0), cost(0.5, 0), cost(1.0, 0), cost(1.0, 0), cost(1.0, 0), cost(0.2, 0), cost(0.2, 0));
        List<Double> shares = new ArrayList<>();

        WarmUp.Result result = WarmUp.untilFlat(1, 100, 1, 2, (seconds, share) -> {
            shares.add(share);
            return costs.costFor(seconds);
        });

        assertThat(result.costs()).containsExactly(0.5, 0.5, 1.0, 1.0, 1.0);
        assertThat(shares).containsExactly(0.5, 0.75, 1.0, 1.0, 1.0);
    }

    @Test
    void theRampRisesFromHalfTheRateInEvenSteps() {
        assertThat(List.of(0, 1, 2, 3, 4, 5).stream().map(slice -> WarmUp.rampShare(slice, 4)))
                .containsExactly(0.5, 0.625, 0.75, 0.875, 1.0, 1.0);
        assertThat(WarmUp.rampShare(0, 0)).isEqualTo(1.0);
    }

    private static WarmUp.Cost cost(double cpuSecondsPerLifecycle, double jitCpuSeconds) {
        return new WarmUp.Cost(cpuSecondsPerLifecycle, jitCpuSeconds);
    }

    /** Answers the given costs in order, one per slice, and keeps the length of each slice asked for. */
    private static final class Costs implements WarmUp.Slice {
        private final Iterator<WarmUp.Cost> next;
        final List<Integer> asked = new ArrayList<>();

        Costs(WarmUp.Cost... costs) {
            next = List.of(costs).iterator();
        }

        @Override
        public WarmUp.Cost costFor(int seconds) {
            asked.add(seconds);
            return next.next();
        }
    }
}
