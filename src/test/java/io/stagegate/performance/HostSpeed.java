package io.stagegate.performance;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How fast the machine runs a fixed piece of work at the moment, apart from the benchmark's own load: the same
 * arithmetic and the same walk through memory, timed by the CPU time of the thread that does them — not the wall, so
 * that waiting for a core does not count, only how fast the core goes once it runs the work. On a shared host the
 * same lifecycle costs a fifth more CPU from one run to the next (the nineteenth and twentieth full runs' in-process
 * limits, 0.30 and 0.37 CPU-s on the same code); a neighbour that takes the memory bandwidth or the caches, or a
 * lower clock, makes this work dearer too, where a change of the application's own cost does not. Taken between the
 * benchmark's runs, when the application is idle, on one of the two cores.
 *
 * <p>The arithmetic is a chain of dependent multiplications and shifts, which the JIT can neither vectorise nor drop
 * (its result is kept); the memory walk follows a random cycle through 64 MiB outside the heap (so that the probe
 * neither grows the harness's heap nor triggers its collector), each step a likely miss of every cache.
 */
final class HostSpeed {

    /** The CPU milliseconds the fixed arithmetic and the fixed memory walk took: lower is faster. */
    record Probe(double computeMillis, double memoryMillis) {

        /** Each part's median over several probes, e.g. those around the in-process limit's timed walks. */
        static Probe median(List<Probe> probes) {
            return new Probe(
                    Stats.percentile(probes.stream().map(Probe::computeMillis).toList(), 50),
                    Stats.percentile(probes.stream().map(Probe::memoryMillis).toList(), 50));
        }

        /** The mean of each part with another probe's: the probes before and after a run, for the run. */
        Probe meanWith(Probe other) {
            return new Probe((computeMillis + other.computeMillis) / 2, (memoryMillis + other.memoryMillis) / 2);
        }
    }

    private static final int COMPUTE_STEPS = 10_000_000;
    private static final int MEMORY_INTS = 16 * 1024 * 1024;
    private static final int MEMORY_STEPS = 400_000;
    private static final int REPEATS = 5;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static ByteBuffer cycle;
    /** Kept so that the JIT cannot drop the work whose result nothing else reads. */
    private static volatile long sink;

    private HostSpeed() {}

    /**
     * The median of {@value #REPEATS} timings of each part. The first call lays out the memory walk and compiles the
     * work before timing it.
     */
    static synchronized Probe probe() {
        if (cycle == null) {
            cycle = randomCycle(MEMORY_INTS, new SplittableRandom(20261201L));
            for (int i = 0; i < 3; i++) {
                compute();
                walk();
            }
        }
        List<Double> compute = new ArrayList<>();
        List<Double> memory = new ArrayList<>();
        for (int i = 0; i < REPEATS; i++) {
            compute.add(timed(HostSpeed::compute));
            memory.add(timed(HostSpeed::walk));
        }
        return new Probe(Stats.percentile(compute, 50), Stats.percentile(memory, 50));
    }

    /**
     * The change of the host's speed between two probes, as the ratio of their costs (above 1: the later ran slower),
     * of whichever part changed most: a neighbour on the memory bus slows the walk and not the arithmetic.
     */
    static double slowdown(Probe before, Probe after) {
        double compute = after.computeMillis() / before.computeMillis();
        double memory = after.memoryMillis() / before.memoryMillis();
        return Math.abs(Math.log(compute)) >= Math.abs(Math.log(memory)) ? compute : memory;
    }

    private static double timed(Runnable work) {
        long start = THREADS.getCurrentThreadCpuTime();
        work.run();
        return (THREADS.getCurrentThreadCpuTime() - start) / 1e6;
    }

    private static void compute() {
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < COMPUTE_STEPS; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            x *= 0xBF58476D1CE4E5B9L;
        }
        sink = x;
    }

    private static void walk() {
        int at = 0;
        for (int i = 0; i < MEMORY_STEPS; i++) {
            at = cycle.getInt(at * Integer.BYTES);
        }
        sink = at;
    }

    /**
     * A single cycle through all {@code n} slots in random order (Sattolo's algorithm), so that the walk visits every
     * slot before it repeats one and no prefetcher can guess the next.
     */
    static ByteBuffer randomCycle(int n, SplittableRandom random) {
        ByteBuffer slots = ByteBuffer.allocateDirect(n * Integer.BYTES);
        for (int i = 0; i < n; i++) {
            slots.putInt(i * Integer.BYTES, i);
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i);
            int swap = slots.getInt(i * Integer.BYTES);
            slots.putInt(i * Integer.BYTES, slots.getInt(j * Integer.BYTES));
            slots.putInt(j * Integer.BYTES, swap);
        }
        return slots;
    }
}
