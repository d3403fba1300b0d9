package io.stagegate.performance;

import java.util.ArrayList;
import java.util.List;

/**
 * The warm-up rule both sides of the comparison follow: slices of the same work, for at least {@code minSeconds}, then
 * until the cost per lifecycle stops falling — two slices in a row that are not 5 % cheaper than the cheapest before
 * them — and the JIT has gone quiet — its compiler threads used at most 3 % of the last slice's time in CPU — or
 * {@code maxSeconds} of wall time. On 2 cores a fresh JVM's JIT goes on compiling for minutes (one C2 thread, tiered
 * thresholds raised while its queue is long, and at the limit it competes with eight busy threads for the cores), so
 * a fixed warm-up may measure a process that is still getting cheaper; and the cost of a slice is noisy enough (±10 %
 * here) to look flat while it is not. Quiet is judged on the compiler threads' CPU, not on the compilation time the
 * JVM reports: that is wall time, and on a saturated machine mostly a compiler thread waiting for a core (up to 15
 * times its CPU), so a busy process never looked quiet and its warm-up ran to the bound. A slice that would be cut
 * short by the bound is not started (but the first slice always runs, at most as long as the bound). A warm-up may
 * begin with ramp slices, offered less than the rest: their costs are reported, but the rule judges only the slices
 * after them, since a process offered less pays more per lifecycle for the same code (tuning log).
 */
final class WarmUp {

    /**
     * The most CPU the JIT's compiler threads may use, as a share of a slice's wall time, for the slice to count as
     * quiet: 1.8 CPU-s in a minute. The application on PostgreSQL, cold, used 2–15 CPU-s a minute in its compiler
     * threads while its cost per lifecycle was still falling, and 0.4–0.9 once it had stopped.
     */
    static final double QUIET_JIT_CPU = 0.03;

    /** One slice of the work: runs it for the given seconds and answers what it cost. */
    interface Slice {
        Cost costFor(int seconds) throws Exception;
    }

    /** One slice of work offered at a share of its full rate ({@link #rampShare}): runs it and answers what it cost. */
    interface RampedSlice {
        Cost costFor(int seconds, double share) throws Exception;
    }

    /** A slice's cost per lifecycle, and the CPU seconds the JIT's compiler threads used during it. */
    record Cost(double cpuSecondsPerLifecycle, double jitCpuSeconds) {}

    /** The cost of each slice, in order, and the seconds spent (wall time, at least the slices' nominal length). */
    record Result(List<Double> costs, int seconds) {}

    private WarmUp() {}

    /**
     * The share of the full rate that slice {@code slice} (from 0) is offered: from half the rate in even steps over
     * the ramp's slices, then the full rate.
     */
    static double rampShare(int slice, int rampSlices) {
        return slice >= rampSlices ? 1.0 : 0.5 + 0.5 * slice / rampSlices;
    }

    static Result untilFlat(int minSeconds, int maxSeconds, int sliceSeconds, Slice slice) throws Exception {
        return untilFlat(minSeconds, maxSeconds, sliceSeconds, 0, (seconds, share) -> slice.costFor(seconds));
    }

    /**
     * As {@link #untilFlat(int, int, int, Slice)}, the first {@code rampSlices} slices offered the ramp's shares of
     * the full rate and not judged by the rule.
     */
    static Result untilFlat(int minSeconds, int maxSeconds, int sliceSeconds, int rampSlices, RampedSlice slice)
            throws Exception {
        List<Double> costs = new ArrayList<>();
        int warmed = 0;
        int idle = 0;
        while (warmed < maxSeconds) {
            if (!costs.isEmpty() && maxSeconds - warmed < sliceSeconds) {
                // a shorter last slice measures little and would stand in the report for the warm-up's end (five
                // seconds of it in the sixteenth full run)
                break;
            }
            int seconds = Math.min(sliceSeconds, maxSeconds - warmed);
            long start = System.nanoTime();
            Cost cost = slice.costFor(seconds, rampShare(costs.size(), rampSlices));
            // a slice offered more than the process can take lasts until its users are done, often twice its arrival
            // time or more: the bounds are on the time spent, not on the slices' nominal length
            int spent = (int) Math.max(seconds, Math.round((System.nanoTime() - start) / 1e9));
            // the ramp's slices are not judged: while it lasts and right after, no slice before is the best
            double best = costs.stream()
                    .skip(rampSlices)
                    .mapToDouble(Double::doubleValue)
                    .min()
                    .orElse(Double.MAX_VALUE);
            idle = cost.cpuSecondsPerLifecycle() < 0.95 * best ? 0 : idle + 1;
            costs.add(cost.cpuSecondsPerLifecycle());
            warmed += spent;
            boolean quiet = cost.jitCpuSeconds() <= QUIET_JIT_CPU * spent;
            if (warmed >= minSeconds && idle >= 2 && quiet) {
                break;
            }
        }
        return new Result(costs, warmed);
    }
}
