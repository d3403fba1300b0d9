package io.stagegate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stagegate.Api;
import io.stagegate.ProjectFixtures;
import io.stagegate.ReliabilityReport;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two replicas of the packaged application as two {@code java -jar} processes on one PostgreSQL database (issue 6):
 * projects driven through both at once, concurrent gate decisions for the same project sent to different replicas,
 * engine timers firing exactly once across the cluster, and one audit chain that both replicas extend and that
 * verifies at the end. Number of contested projects: {@code -Dstagegate.cluster.decisions} (default 20).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoReplicasIT {

    static final int DECISIONS = Integer.getInteger("stagegate.cluster.decisions", 20);
    static final int TIMERS = Integer.getInteger("stagegate.cluster.timers", 4);
    static final DateTimeFormatter ENGINE_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    static ClusterDatabase database;
    static AppProcess a;
    static AppProcess b;

    @BeforeAll
    static void startCluster() {
        database = ClusterDatabase.start("two-replicas");
        a = AppProcess.start("two-replicas-a", database, ClusterSettings.fastJobs());
        b = AppProcess.start("two-replicas-b", database, ClusterSettings.fastJobs());
    }

    @AfterAll
    static void stopCluster() {
        if (b != null) {
            b.stop();
        }
        if (a != null) {
            a.stop();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void demoProjectsAreSeededOnceAlthoughBothReplicasRunTheDemo() {
        JsonNode page = b.client().get("auditor", "/api/v1/projects?size=200").body();
        List<String> names = new ArrayList<>();
        page.path("items").forEach(p -> names.add(p.path("name").asText()));
        for (String demo : List.of(
                "Retail bank customer-service assistant",
                "Hospital discharge-summary drafting",
                "Ministry policy Q&A portal",
                "Call-centre summarisation pilot")) {
            assertThat(names).as("demo project %s", demo).containsOnlyOnce(demo);
        }
    }

    @Test
    void aProjectIsDrivenThroughBothReplicasAlternately() {
        ProjectFixtures onA = new ProjectFixtures(new Api(a.port()));
        ProjectFixtures onB = new ProjectFixtures(new Api(b.port()));
        String id = onA.create("Alternating replicas").path("id").asText();
        for (int phase = 0; phase < 3; phase++) {
            ProjectFixtures first = phase % 2 == 0 ? onB : onA;
            ProjectFixtures second = phase % 2 == 0 ? onA : onB;
            first.registerMissingDeliverables(id, ProjectFixtures.KPIS_MET);
            second.confirmPendingChecks(id);
            first.submit(id, "dev");
            second.signOffAll(id);
            first.approve(id);
        }
        JsonNode onAView = onA.view(id);
        JsonNode onBView = onB.view(id);
        assertThat(onAView.path("currentPhase").asText()).isEqualTo("MODEL");
        assertThat(onBView.path("currentPhase").asText()).isEqualTo("MODEL");
        assertThat(onBView.path("updatedAt")).isEqualTo(onAView.path("updatedAt"));

        JsonNode history = a.client()
                .get("auditor", "/api/v1/projects/" + id + "/history?size=200")
                .body();
        List<Long> seqs = new ArrayList<>();
        history.path("items").forEach(e -> seqs.add(e.path("seq").asLong()));
        assertThat(seqs)
                .as("one gap-free chain, whichever replica wrote each link")
                .isSorted();
        assertThat(seqs.get(seqs.size() - 1)).isEqualTo(seqs.size());
        assertThat(history.path("items").findValuesAsText("type").stream()
                        .filter("GATE_DECIDED"::equals)
                        .count())
                .isEqualTo(3);
    }

    @Test
    void concurrentGateDecisionsOnDifferentReplicasHaveExactlyOneWinner() throws Exception {
        ProjectFixtures fixtures = new ProjectFixtures(new Api(a.port()));
        List<String> projects = new ArrayList<>();
        for (int i = 0; i < DECISIONS; i++) {
            String id = fixtures.create("Contested gate " + i).path("id").asText();
            fixtures.bringTo(id, "REQUIREMENTS", "AWAITING_GATE");
            projects.add(id);
        }
        Client onA = a.client();
        Client onB = b.client();
        int won = 0;
        int conflicts = 0;
        List<Integer> other = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (String id : projects) {
                String path = "/api/v1/projects/" + id + "/phases/REQUIREMENTS/gate";
                CyclicBarrier together = new CyclicBarrier(2);
                Future<Client.Answer> fromA = pool.submit(() -> {
                    together.await();
                    return onA.post("pmo", path, Map.of("decision", "APPROVE", "comment", "on A"));
                });
                Future<Client.Answer> fromB = pool.submit(() -> {
                    together.await();
                    return onB.post("pmo2", path, Map.of("decision", "REJECT", "comment", "on B"));
                });
                List<Integer> statuses =
                        List.of(fromA.get().status(), fromB.get().status());
                assertThat(statuses)
                        .as(
                                "project %s: %s / %s",
                                id, fromA.get().raw(), fromB.get().raw())
                        .containsExactlyInAnyOrder(200, 409);
                won += statuses.stream().filter(s -> s == 200).count();
                conflicts += statuses.stream().filter(s -> s == 409).count();
                statuses.stream().filter(s -> s != 200 && s != 409).forEach(other::add);
                Client.Answer loser = fromA.get().status() == 409 ? fromA.get() : fromB.get();
                assertThat(loser.headers().firstValue("Content-Type").orElse(""))
                        .startsWith("application/problem+json");

                JsonNode history = onB.get("auditor", "/api/v1/projects/" + id + "/history?size=200")
                        .body();
                assertThat(history.path("items").findValuesAsText("type").stream()
                                .filter("GATE_DECIDED"::equals)
                                .count())
                        .as("one decision took effect for %s", id)
                        .isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(won).isEqualTo(DECISIONS);
        assertThat(conflicts).isEqualTo(DECISIONS);
        assertThat(other).isEmpty();
        ReliabilityReport.record(
                "two-replicas-decisions",
                "Concurrent gate decisions for the same project sent to two replicas (two java -jar processes,"
                        + " one PostgreSQL)",
                figures("projects", projects.size(), "won", won, "conflicts409", conflicts, "other", other.size()));
    }

    @Test
    void overdueTimersFireExactlyOnceAcrossTheCluster() {
        ProjectFixtures fixtures = new ProjectFixtures(new Api(b.port()));
        Client admin = a.client();
        List<String> jobs = new ArrayList<>();
        List<String> projects = new ArrayList<>();
        for (int i = 0; i < TIMERS; i++) {
            String id = fixtures.create("Overdue sign-off " + i).path("id").asText();
            fixtures.bringTo(id, "REQUIREMENTS", "AWAITING_SIGNOFF");
            projects.add(id);
            jobs.addAll(Engine.signoffOverdueTimers(admin, id));
        }
        assertThat(jobs).hasSizeGreaterThanOrEqualTo(TIMERS);
        // due in a second: whichever replica's job executor acquires the timer first fires it
        String due = ENGINE_DATE.format(Instant.now().plusSeconds(1));
        for (String job : jobs) {
            Client.Answer moved = admin.put("admin", "/engine-rest/job/" + job + "/duedate", Map.of("duedate", due));
            assertThat(moved.status()).as("move %s: %s", job, moved.raw()).isEqualTo(204);
        }
        Eventually.await("every overdue timer fired", Duration.ofSeconds(60), () -> jobs.stream()
                .allMatch(job -> Engine.successfulExecutions(admin, job) >= 1));
        AppProcess.sleep(3_000); // time for a second execution, if the engine allowed one
        long executions = jobs.stream()
                .mapToLong(job -> Engine.successfulExecutions(admin, job))
                .sum();
        for (String job : jobs) {
            assertThat(Engine.successfulExecutions(admin, job))
                    .as("timer %s", job)
                    .isEqualTo(1);
        }
        long overdueEvents = 0;
        for (String id : projects) {
            JsonNode history = b.client()
                    .get("auditor", "/api/v1/projects/" + id + "/history?size=200")
                    .body();
            overdueEvents += history.path("items").findValuesAsText("type").stream()
                    .filter("GATE_OVERDUE"::equals)
                    .count();
        }
        ReliabilityReport.record(
                "two-replicas-timers",
                "Sign-off-overdue timers made due at once with the job executors of two replicas competing",
                figures(
                        "projects",
                        projects.size(),
                        "timers",
                        jobs.size(),
                        "timerExecutions",
                        executions,
                        "overdueEvents",
                        overdueEvents));
        assertThat(overdueEvents).as("one GATE_OVERDUE per overdue sign-off").isEqualTo(jobs.size());
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void theAuditChainVerifiesOnBothReplicas() {
        for (AppProcess replica : List.of(a, b)) {
            Client.Answer verified = replica.client().get("auditor", "/api/v1/audit/verify");
            assertThat(verified.status()).isEqualTo(200);
            assertThat(verified.body().path("valid").asBoolean())
                    .as("%s: %s", replica.name(), verified.raw())
                    .isTrue();
        }
    }

    /** Figures in the order given, for the report. */
    private static Map<String, Object> figures(Object... namesAndValues) {
        Map<String, Object> figures = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            figures.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return figures;
    }
}
