package io.stagegate.performance;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The packaged application as a separate {@code java -jar} process, as it runs in production: the load generator
 * talks to it over loopback only. Reads its footprint from {@code /proc} (RSS, CPU time) and from its Prometheus
 * endpoint (heap).
 */
final class AppProcess implements AutoCloseable {

    private final Process process;
    final int port;
    final double secondsToReady;

    AppProcess(Path jar, Map<String, String> environment, List<String> arguments, Path log) throws Exception {
        port = freePort();
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // the heap and collector the chart gives the container (issue 8: heap ≤ 512 MB), the same as the in-process
        // side's JVM: a JVM left to its default takes a quarter of the machine's memory and collects far less often
        command.addAll(options(JVM_OPTIONS));
        // further JVM options for this process alone (e.g. JIT settings), as
        // -Dperf.appJvmOptions="-XX:TieredStopAtLevel=1"
        command.addAll(options(System.getProperty("perf.appJvmOptions", "")));
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .directory(log.getParent().toFile());
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        process = builder.start();
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The application exited during start-up; see " + log);
            }
            try {
                HttpResponse<String> health = client.send(
                        HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("UP")) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The application was not ready within 5 minutes; see " + log);
            }
            Thread.sleep(200);
        }
        secondsToReady = (System.nanoTime() - start) / 1e9;
    }

    /** The chart's heap and collector, the {@code perf} profile's default {@code perf.jvmOptions}. */
    static final String DEFAULT_JVM_OPTIONS = "-XX:+UseG1GC -Xmx512m";

    /**
     * The JVM options of both measured sides: the in-process JVM is forked with them (the {@code perf} profile's
     * {@code argLine}) and the application process is started with them.
     */
    static final String JVM_OPTIONS =
            System.getProperty("perf.jvmOptions", DEFAULT_JVM_OPTIONS).trim();

    /** A line of JVM options as command arguments; none for a blank line. */
    static List<String> options(String line) {
        return line.isBlank() ? List.of() : List.of(line.trim().split("\\s+"));
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    long pid() {
        return process.pid();
    }

    /** Resident set size in MiB, from {@code /proc/<pid>/status}. */
    double rssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return -1;
    }

    /** Heap in use in MiB (all heap pools), from the Prometheus endpoint. */
    double heapUsedMiB() throws Exception {
        return sum("jvm_memory_used_bytes{", "area=\"heap\"") / (1024 * 1024);
    }

    /** Time the JIT compilers have spent so far, in seconds, from the Prometheus endpoint. */
    double compileSeconds() throws Exception {
        return sum("jvm_compilation_time_ms_total{", "") / 1000;
    }

    private double sum(String metric, String label) throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/prometheus"))
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + Base64.getEncoder()
                                                        .encodeToString("admin:demo".getBytes(StandardCharsets.UTF_8)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        double sum = 0;
        for (String line : metrics.body().split("\n")) {
            if (line.startsWith(metric) && line.contains(label)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** CPU time (user + system) of the process in clock ticks, from {@code /proc/<pid>/stat}. */
    long cpuTicks() throws IOException {
        return processTicks(pid());
    }

    static long processTicks(long pid) throws IOException {
        return ownTicks(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")));
    }

    /** CPU time of the process's JIT compiler threads in clock ticks ({@link #compilerTicks(long)}). */
    long compilerTicks() throws IOException {
        return compilerTicks(pid());
    }

    /**
     * CPU time of a JVM's JIT compiler threads in clock ticks: the threads HotSpot names "C1 CompilerThread<n>" and
     * "C2 CompilerThread<n>" (15 characters of which are the kernel's thread name). The compilation time the JVM
     * itself reports ({@code CompilationMXBean}, Micrometer's {@code jvm.compilation.time}) is wall time, and on a
     * saturated machine a compiler thread waits for a core for most of it: 34.8 s of it in a minute in which the
     * threads got 2.3 s of CPU (docs/performance.md, "What the compiling was"). A compiler thread that HotSpot ends
     * when idle takes its ticks with it; on 2 cores there is one of each kind, and they stay. Fails when the process
     * has no thread of either name (a JVM that names them otherwise), rather than report a JIT that never works.
     */
    static long compilerTicks(long pid) throws IOException {
        long ticks = 0;
        int found = 0;
        for (String stat : stats(Path.of("/proc", String.valueOf(pid), "task"))) {
            String name = command(stat);
            if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                ticks += ownTicks(stat);
                found++;
            }
        }
        if (found == 0) {
            throw new IllegalStateException("process " + pid + " has no thread named C1 or C2 CompilerThread");
        }
        return ticks;
    }

    /**
     * The {@code stat} lines of the numbered entries of a {@code /proc} directory: the processes of {@code /proc}, or
     * the threads of {@code /proc/<pid>/task}. An entry that ended between the listing and the read is left out.
     */
    private static List<String> stats(Path directory) throws IOException {
        List<String> stats = new ArrayList<>();
        try (var entries = Files.list(directory)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                if (!entry.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    stats.add(Files.readString(entry.resolve("stat")));
                } catch (IOException gone) {
                    // ended since listed
                }
            }
        }
        return stats;
    }

    /** The command (a process's) or name (a thread's) of a {@code stat} line, as the kernel keeps it. */
    private static String command(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    /** A {@code stat} line's own CPU time, user plus system, in clock ticks. */
    private static long ownTicks(String stat) {
        String[] fields = fields(stat);
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The fields of a {@code /proc/<pid>/stat} line after the command name, from the state on (utime is [11]). */
    private static String[] fields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /** USER_HZ, the unit of {@code /proc/stat} and {@code /proc/<pid>/stat} on Linux. */
    static final double TICKS_PER_SECOND = 100.0;

    /**
     * CPU time of the PostgreSQL server on this machine in clock ticks: every {@code postgres} process's own, and what
     * the processes among them have collected from their exited children (a backend's ends up in the postmaster's when
     * its connection closes), so that the difference over a run counts the backends that came and went in it.
     */
    static long postgresTicks() throws IOException {
        long ticks = 0;
        for (String stat : stats(Path.of("/proc"))) {
            if (command(stat).equals("postgres")) {
                String[] fields = fields(stat);
                for (int i = 11; i <= 14; i++) {
                    ticks += Long.parseLong(fields[i]);
                }
            }
        }
        return ticks;
    }

    /** Busy and total clock ticks of the whole machine, from {@code /proc/stat}. */
    static long[] machineTicks() throws IOException {
        String[] fields =
                Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < fields.length; i++) {
            total += Long.parseLong(fields[i]);
        }
        long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
        return new long[] {total - idle, total};
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
