package io.stagegate.performance;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Small helpers of the performance harness and its Gatling simulation: nearest-rank percentiles and medians, hashes
 * for deliverable references, the CPU time of the running JVM.
 */
public final class Stats {

    private Stats() {}

    /** The nearest-rank percentile of the values (0 when there are none). */
    static double percentile(Collection<? extends Number> values, double p) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = new ArrayList<>();
        values.forEach(v -> sorted.add(v.doubleValue()));
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /**
     * The item with the median key; of an even number, the higher of the middle two, since the limit is taken this way
     * and every ratio is taken to it: a lower limit would flatter them.
     */
    static <T> T median(List<T> items, ToDoubleFunction<T> key) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingDouble(key));
        return sorted.get(sorted.size() / 2);
    }

    /** CPU time (user + system) of this JVM so far, in nanoseconds. */
    public static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
