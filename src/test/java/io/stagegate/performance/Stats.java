package io.stagegate.performance;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Small helpers of the performance harness and its Gatling simulation: nearest-rank percentiles and medians, a
 * least-squares slope, hashes for deliverable references, the CPU time of the running JVM.
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

    /** The least-squares slope of {@code y} over {@code x} (0 when the {@code x} do not vary). */
    static double slope(double[] x, double[] y) {
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < x.length; i++) {
            meanX += x[i] / x.length;
            meanY += y[i] / y.length;
        }
        double covariance = 0;
        double variance = 0;
        for (int i = 0; i < x.length; i++) {
            covariance += (x[i] - meanX) * (y[i] - meanY);
            variance += (x[i] - meanX) * (x[i] - meanX);
        }
        return variance == 0 ? 0 : covariance / variance;
    }

    /** CPU time (user + system) of this JVM so far, in nanoseconds. */
    public static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
