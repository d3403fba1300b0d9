package io.stagegate.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The completion rates the benchmark reads from a Gatling run's lifecycle spans, and the in-process walk it takes for
 * the limit.
 */
class ThroughputTests {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void theFirstAndLastUsersOfAStepAreLeftOutOfItsRate() {
        // one user a second for 10 s; the first three find the process idle and finish in 1 s, the next four in 4 s,
        // the last three find it draining and finish in 2 s
        ArrayNode spans = JsonNodeFactory.instance.arrayNode();
        int[] durations = {1, 1, 1, 4, 4, 4, 4, 2, 2, 2};
        for (int user = 0; user < 10; user++) {
            long start = user * SECOND;
            spans.addArray().add(start).add(start + durations[user] * SECOND);
        }
        Map<String, Object> run = run(spans);

        // all of them: completions from 1 s to 11 s
        assertThat(PerformanceBenchmark.throughput(run, "api")).isCloseTo(9 / 10.0, within(1e-9));
        // those that arrived from 3 s to 7 s: completions at 7, 8, 9 and 10 s
        assertThat(PerformanceBenchmark.throughput(run, "api", 3, 7)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void aStepKeptUpWithServesItsOfferHoweverItsDurationsSpread() {
        // one user a second for 60 s, each done in 1, 2, 3 or 4 s in turn: the backlog holds its level
        ArrayNode spans = JsonNodeFactory.instance.arrayNode();
        for (int user = 0; user < 60; user++) {
            long start = user * SECOND;
            spans.addArray().add(start).add(start + (1 + user % 4) * SECOND);
        }
        Map<String, Object> run = run(spans);

        assertThat(PerformanceBenchmark.served(run, "api", 8, 48)).isCloseTo(1.0, within(0.03));
        // the window's first user finished after 1 s and its last after 4: 39 completions over 42 s
        assertThat(PerformanceBenchmark.throughput(run, "api", 8, 48)).isCloseTo(39 / 42.0, within(1e-9));
    }

    @Test
    void aStepFallenBehindServesWhatItCompletesNotWhatArrives() {
        // one user a second, one served at a time in 1.25 s: the backlog grows by a fifth of a user a second
        ArrayNode spans = JsonNodeFactory.instance.arrayNode();
        long done = 0;
        for (int user = 0; user < 60; user++) {
            long start = user * SECOND;
            done = Math.max(start, done) + 1_250_000_000L;
            spans.addArray().add(start).add(done);
        }

        assertThat(PerformanceBenchmark.served(run(spans), "api", 8, 48)).isCloseTo(0.8, within(0.03));
    }

    @Test
    void noRateFromFewerThanTwoCompletions() {
        ArrayNode spans = JsonNodeFactory.instance.arrayNode();
        spans.addArray().add(0).add(SECOND);
        spans.addArray().add(5 * SECOND).add(6 * SECOND);

        assertThat(PerformanceBenchmark.throughput(run(spans), "api", 3, 10)).isZero();
        assertThat(PerformanceBenchmark.throughput(run(spans), "api")).isCloseTo(1 / 5.0, within(1e-9));
    }

    @Test
    void theLimitIsTheMedianWalkNotTheFastest() {
        InProcessDriver.Throughput slow = walk(180);
        InProcessDriver.Throughput middle = walk(240);
        InProcessDriver.Throughput fast = walk(330);

        assertThat(median(fast, slow, middle)).isSameAs(middle);
        assertThat(median(fast)).isSameAs(fast);
        // of two, the higher: every ratio is taken to the limit, and a lower limit would flatter them
        assertThat(median(fast, slow)).isSameAs(fast);
    }

    private static InProcessDriver.Throughput median(InProcessDriver.Throughput... walks) {
        return Stats.median(List.of(walks), InProcessDriver.Throughput::lifecyclesPerSecond);
    }

    private static InProcessDriver.Throughput walk(int lifecycles) {
        return new InProcessDriver.Throughput(lifecycles, 45, 90, 0, 0, 90, 90, 0);
    }

    private static Map<String, Object> run(ArrayNode spans) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.putObject("lifecycles").set("api", spans);
        return Map.of("result", result);
    }
}
