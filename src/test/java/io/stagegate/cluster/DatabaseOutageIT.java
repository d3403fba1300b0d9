package io.stagegate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagegate.ProjectFixtures;
import io.stagegate.ReliabilityReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A database outage (issue 9): PostgreSQL is stopped under the running application (the packaged jar as its own
 * process). While it is down, every API request is answered quickly with 503 problem details and a Retry-After
 * header — none hangs, none is a 500 — and health reports DOWN; when PostgreSQL is started again on the same data
 * directory and port, the application recovers by itself: writes succeed and the audit chain verifies. Requests
 * during the outage: {@code -Dstagegate.outage.requests} per client thread (default 10, 4 threads).
 */
class DatabaseOutageIT {

    static final int REQUESTS = Integer.getInteger("stagegate.outage.requests", 10);
    static final int THREADS = 4;
    /** Hikari's connection timeout given to the application; an answer during the outage may take about that long. */
    static final int CONNECTION_TIMEOUT_MS = 3000;

    static ClusterDatabase database;
    static AppProcess app;

    @BeforeAll
    static void start() {
        database = ClusterDatabase.start("database-outage");
        Map<String, String> properties = ClusterSettings.fastJobs();
        properties.put("spring.datasource.hikari.connection-timeout", Integer.toString(CONNECTION_TIMEOUT_MS));
        properties.put("stagegate.demo.projects", "false"); // the demo users only
        app = AppProcess.start("database-outage", database, properties);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.stop();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void answers503QuicklyWhileTheDatabaseIsDownAndRecoversByItself() throws Exception {
        Client client = app.client(Duration.ofSeconds(30));
        Client management = app.management();
        String project = client.post("pmo", "/api/v1/projects", ProjectFixtures.projectRequest("Before the outage"))
                .text("id");
        assertThat(project).isNotNull();
        // every user the test sends has been authenticated once, as in a running installation
        for (String user : List.of("pmo", "dev", "auditor", "admin")) {
            assertThat(client.get(user, "/api/v1/projects/" + project).status()).isEqualTo(200);
        }
        int threadsBefore = gauge(management, "jvm_threads_live_threads");

        database.stop();
        long outageStarted = System.nanoTime();
        List<Client.Answer> answers = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            running.add(pool.submit(() -> {
                for (int i = 0; i < REQUESTS; i++) {
                    answers.add(
                            switch ((thread + i) % 5) {
                                case 0 -> client.get("pmo", "/api/v1/projects/" + project);
                                case 1 -> client.get("auditor", "/api/v1/projects?size=5");
                                case 2 ->
                                    client.post(
                                            "pmo",
                                            "/api/v1/projects",
                                            ProjectFixtures.projectRequest("During the outage"));
                                // a user not authenticated before the outage: the password check needs the database
                                case 3 -> client.get("integration", "/api/v1/projects?size=1");
                                default ->
                                    client.post(
                                            "dev",
                                            "/api/v1/projects/" + project + "/phases/REQUIREMENTS/checks/x",
                                            Map.of("confirmed", true, "evidence", "outage"));
                            });
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        Client.Answer health = management.get(null, "/actuator/health");
        Client.Answer readiness = management.get(null, "/actuator/health/readiness");
        Client.Answer healthOnApiPort = client.get(null, "/actuator/health");
        long outageMillis = (System.nanoTime() - outageStarted) / 1_000_000;

        database.restart();
        long restarted = System.nanoTime();
        Eventually.await(
                "the API works again",
                Duration.ofSeconds(60),
                () -> client.get("pmo", "/api/v1/projects/" + project).status() == 200);
        long recoveryMillis = (System.nanoTime() - restarted) / 1_000_000;
        Client.Answer created = client.post("pmo", "/api/v1/projects", ProjectFixtures.projectRequest("After"));
        Client.Answer verified = client.get("auditor", "/api/v1/audit/verify");
        Eventually.await(
                "health UP",
                Duration.ofSeconds(30),
                () -> management.get(null, "/actuator/health/readiness").raw().contains("\"UP\""));
        AppProcess.sleep(2_000);
        int threadsAfter = gauge(management, "jvm_threads_live_threads");
        int pendingAfter = gauge(management, "hikaricp_connections_pending");
        Client.Answer metricsWithoutUser = management.get(null, "/actuator/prometheus");

        Map<Integer, Integer> statuses = new TreeMap<>();
        answers.forEach(a -> statuses.merge(a.status(), 1, Integer::sum));
        long slowest = answers.stream().mapToLong(Client.Answer::millis).max().orElse(0);
        long fivexx = answers.stream()
                .filter(a -> a.status() >= 500 && a.status() != 503)
                .count();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("requestsDuringOutage", answers.size());
        figures.put("answered503", statuses.getOrDefault(503, 0));
        figures.put("statuses", statuses.toString());
        figures.put("status5xxOtherThan503", fivexx);
        figures.put("slowestAnswerMs", slowest);
        figures.put("hikariConnectionTimeoutMs", CONNECTION_TIMEOUT_MS);
        figures.put("healthDuringOutage", health.status());
        figures.put("readinessDuringOutage", readiness.status());
        figures.put("outageMs", outageMillis);
        figures.put("recoveryAfterRestartMs", recoveryMillis);
        figures.put("liveThreadsBefore", threadsBefore);
        figures.put("liveThreadsAfter", threadsAfter);
        figures.put("pendingConnectionsAfter", pendingAfter);
        figures.put(
                "chainValidAfter",
                verified.body() != null && verified.body().path("valid").asBoolean());
        ReliabilityReport.record(
                "database-outage",
                "PostgreSQL stopped under the running application (packaged jar), then started again on the same data",
                figures);

        assertThat(statuses).as("every request during the outage: %s", figures).containsOnlyKeys(503);
        for (Client.Answer answer : answers) {
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            assertThat(answer.raw()).doesNotContainIgnoringCase("sql").doesNotContain("Exception");
        }
        assertThat(slowest)
                .as("answers within the connection timeout plus a margin")
                .isLessThan(CONNECTION_TIMEOUT_MS + 7_000L);
        assertThat(health.status()).isEqualTo(503);
        assertThat(readiness.status()).isEqualTo(503);
        // the management port apart from the API's, with the same security: metrics need a user
        assertThat(healthOnApiPort.status()).isIn(401, 403, 404);
        assertThat(metricsWithoutUser.status()).isEqualTo(401);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(verified.body().path("valid").asBoolean()).as(verified.raw()).isTrue();
        assertThat(pendingAfter).isZero();
        assertThat(threadsAfter).as("no threads left hanging").isLessThanOrEqualTo(threadsBefore + 10);
    }

    private static int gauge(Client client, String name) {
        Client.Answer metrics = client.get("admin", "/actuator/prometheus");
        assertThat(metrics.status()).as(metrics.raw()).isEqualTo(200);
        Matcher m =
                Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(metrics.raw());
        double sum = 0;
        boolean found = false;
        while (m.find()) {
            sum += Double.parseDouble(m.group(2));
            found = true;
        }
        assertThat(found).as("metric %s", name).isTrue();
        return (int) sum;
    }
}
