package io.stagegate.performance;

import java.util.ArrayList;
import java.util.List;

/**
 * The warm-up rule both sides of the comparison follow: slices of the same work, for at least {@code minSeconds}, then
 * until the cost per lifecycle stops falling — two slices in a row that are not 5 % cheaper than the cheapest before
 * them — or {@code maxSeconds}. On 2 cores a fresh JVM's JIT goes on compiling for minutes (one C2 thread, tiered
 * thresholds raised while its queue is long), so a fixed warm-up may measure a process that is still getting cheaper.
 */
final class WarmUp {

    /** One slice of the work: runs it for the given seconds and answers its cost per lifecycle. */
    interface Slice {
        double costFor(int seconds) throws Exception;
    }

    /** The cost of each slice, in order, and the seconds spent. */
    record Result(List<Double> costs, int seconds) {}

    private WarmUp() {}

    static Result untilFlat(int minSeconds, int maxSeconds, int sliceSeconds, Slice slice) throws Exception {
        List<Double> costs = new ArrayList<>();
        int warmed = 0;
        int idle = 0;
        while (warmed < maxSeconds) {
            int seconds = Math.min(sliceSeconds, maxSeconds - warmed);
            double cost = slice.costFor(seconds);
            double best = costs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.MAX_VALUE);
            idle = cost < 0.95 * best ? 0 : idle + 1;
            costs.add(cost);
            warmed += seconds;
            if (warmed >= minSeconds && idle >= 2) {
                break;
            }
        }
        return new Result(costs, warmed);
    }
}
