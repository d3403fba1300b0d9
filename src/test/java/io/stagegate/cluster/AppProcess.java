package io.stagegate.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application ({@code java -jar}, the jar in system property {@code stagegate.jar}) as a separate
 * operating-system process on a real PostgreSQL database: the {@code postgres} profile configured through the
 * environment as in production, the same audit and webhook keys as every other replica, the job executor on, demo
 * users on. It logs to {@code ${sg.build.dir}/cluster/<name>.log} (appended across restarts) and can be killed with
 * SIGKILL, stopped gracefully (SIGTERM) and started again on the same port and database.
 */
final class AppProcess implements AutoCloseable {

    /** The same for every replica of a test, as the chart gives every pod the same Secret. */
    static final String AUDIT_KEY = "cluster-test-audit-hmac-key-0123456789abcdef";

    static final String WEBHOOK_KEY = "cluster-test-webhook-encryption-key-0123456789";

    private final String name;
    private final int port;
    private final int managementPort;
    private final ClusterDatabase database;
    private final Map<String, String> properties;
    private final Path log;
    private Process process;
    private int starts;

    private AppProcess(String name, int port, ClusterDatabase database, Map<String, String> properties) {
        this.name = name;
        this.port = port;
        this.managementPort = ClusterDatabase.freePort();
        this.database = database;
        this.properties = properties;
        this.log = clusterDirectory().resolve(name + ".log");
    }

    /**
     * Starts a replica and waits until it is ready. Replicas are started one after the other: the demo seeds its
     * projects only into an empty database, before the replica reports ready, so the second replica finds them and
     * seeds nothing (the two-replica test checks that each demo project exists once).
     *
     * @param properties extra Spring properties, passed as {@code --key=value} arguments
     */
    static AppProcess start(String name, ClusterDatabase database, Map<String, String> properties) {
        AppProcess app = new AppProcess(name, ClusterDatabase.freePort(), database, new LinkedHashMap<>(properties));
        try {
            Files.deleteIfExists(app.log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        app.start();
        return app;
    }

    static Path clusterDirectory() {
        return Path.of(System.getProperty("sg.build.dir", "target"), "cluster");
    }

    static Path jar() {
        String jar = System.getProperty("stagegate.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException(
                    "System property stagegate.jar must point at the packaged jar (run through maven-failsafe)");
        }
        return Path.of(jar);
    }

    /** Starts the process (again) on the same port and database, and waits for readiness. */
    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is running");
        }
        Path workDir = clusterDirectory().resolve(name + "-work");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xss512k",
                "-jar",
                jar().toString(),
                "--server.port=" + port));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("SPRING_PROFILES_ACTIVE", "postgres");
        env.put("DB_URL", database.jdbcUrl());
        env.put("DB_USERNAME", ClusterDatabase.USER);
        env.put("DB_PASSWORD", ClusterDatabase.PASSWORD);
        env.put("DB_POOL_SIZE", "10");
        env.put("STAGEGATE_AUDIT_HMAC_KEY", AUDIT_KEY);
        env.put("STAGEGATE_WEBHOOKS_ENCRYPTION_KEY", WEBHOOK_KEY);
        env.put("STAGEGATE_DEMO_ENABLED", "true");
        env.put("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "true");
        // as the chart runs it: /actuator on a port of its own, apart from the request threads' queue
        env.put("MANAGEMENT_SERVER_PORT", String.valueOf(managementPort));
        try {
            Files.createDirectories(workDir);
            Files.writeString(
                    log,
                    "==== start " + (++starts) + " of " + name + ": " + String.join(" ", command) + "\n",
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
        awaitReady(Duration.ofSeconds(240));
    }

    /**
     * Waits until {@code /actuator/health/readiness} answers UP on the management port; fails with the log's tail if
     * the process died.
     */
    void awaitReady(Duration timeout) {
        Client probe = new Client(managementPort, Duration.ofSeconds(5));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
            }
            Client.Answer health = probe.get(null, "/actuator/health/readiness");
            if (health.status() == 200 && health.raw().contains("\"UP\"")) {
                return;
            }
            sleep(250);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + ":\n" + tail());
    }

    /** SIGKILL: no shutdown hook, no graceful shutdown, connections and in-flight work simply vanish. */
    synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(30));
    }

    /** SIGTERM: Spring's graceful shutdown lets in-flight requests and jobs finish. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!waitForExit(Duration.ofSeconds(60))) {
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(30));
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    Client client() {
        return new Client(port);
    }

    Client client(Duration timeout) {
        return new Client(port, timeout);
    }

    /** A client of the management port: {@code /actuator} (health, Prometheus), as the chart's probes reach it. */
    Client management() {
        return new Client(managementPort);
    }

    int port() {
        return port;
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    /** The last lines of the log, for failure messages. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        stop();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
