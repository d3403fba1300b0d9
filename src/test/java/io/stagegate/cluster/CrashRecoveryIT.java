package io.stagegate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stagegate.Api;
import io.stagegate.ProjectFixtures;
import io.stagegate.ReliabilityReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The packaged application on PostgreSQL, killed with SIGKILL and started again (issues 7 and 9): webhook deliveries
 * pending at the kill all arrive after the restart, in order per project and correctly signed; a receiver slower than
 * the delivery timeout is retried without holding up other projects; and under load from several clients, with the
 * process killed at random moments, every write that was acknowledged with a 2xx is still there after the restart,
 * nothing half-done is visible, the audit chain verifies, and timers and jobs resume. Kills per run: {@code
 * -Dstagegate.crash.kills} (default 3); client threads: {@code -Dstagegate.crash.clients} (default 4).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashRecoveryIT {

    static final int KILLS = Integer.getInteger("stagegate.crash.kills", 3);
    static final int CLIENTS = Integer.getInteger("stagegate.crash.clients", 4);
    static final String SECRET = "cluster-webhook-secret-0123456789";
    static final Map<String, String> ROUTED = Map.of(
            "PROJECT_CREATED", "project.status",
            "PHASE_ENTERED", "phase.entered",
            "GATE_DECIDED", "gate.decided",
            "GATE_OVERDUE", "gate.overdue");

    static ClusterDatabase database;
    static AppProcess app;

    @BeforeAll
    static void start() {
        database = ClusterDatabase.start("crash-recovery");
        Map<String, String> properties = ClusterSettings.fastWebhooks();
        properties.put("stagegate.demo.projects", "false"); // the demo users only
        app = AppProcess.start("crash-recovery", database, properties);
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
    @Order(1)
    void webhookBacklogSurvivesAKillAndArrivesInOrderAfterTheRestart() {
        try (HookReceiver receiver = new HookReceiver(SECRET)) {
            receiver.answer(hit -> 503);
            String subscription = subscribe(receiver, List.of("project.status", "phase.entered", "gate.decided"));
            ProjectFixtures fixtures = new ProjectFixtures(new Api(app.port()));
            List<String> projects = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String id = fixtures.create("Backlog " + i).path("id").asText();
                fixtures.passCurrentPhase(id);
                projects.add(id);
            }
            Eventually.await("failed attempts for every project", Duration.ofSeconds(30), () -> projects.stream()
                    .allMatch(p -> !receiver.of(p).isEmpty()));
            int failedBeforeKill = receiver.hits().size();
            app.kill();
            receiver.down();
            app.start();
            receiver.answer(hit -> 204);
            receiver.up();

            Map<String, Set<Long>> expected = new HashMap<>();
            for (String project : projects) {
                expected.put(project, routedSeqs(project, Set.of("PROJECT_CREATED", "PHASE_ENTERED", "GATE_DECIDED")));
                assertThat(expected.get(project)).hasSize(4);
            }
            Eventually.await("every event delivered after the restart", Duration.ofSeconds(90), () -> projects.stream()
                    .allMatch(p -> deliveredSeqs(receiver, p).containsAll(expected.get(p))));

            Map<String, Object> figures = assertDeliveries(receiver, projects, expected);
            figures.put("failedAttemptsBeforeKill", failedBeforeKill);
            ReliabilityReport.record(
                    "webhook-restart",
                    "Webhook receiver down while events accumulate, application killed (SIGKILL) mid-backlog,"
                            + " restarted, receiver back",
                    figures);
            unsubscribe(subscription);
        }
    }

    @Test
    @Order(2)
    void aReceiverSlowerThanTheTimeoutIsRetriedWithoutHoldingUpOtherProjects() {
        try (HookReceiver receiver = new HookReceiver(SECRET)) {
            String subscription = subscribe(receiver, List.of("project.status"));
            Client client = app.client();
            String slowName = ProjectFixtures.uniqueName("Slow receiver");
            AtomicInteger slowAttempts = new AtomicInteger();
            // the read timeout is 2 s: the first two attempts for the slow project are answered after 4 s
            receiver.delay(hit -> hit.name().equals(slowName) && slowAttempts.incrementAndGet() <= 2 ? 4_000 : 0);
            String slow = client.post("pmo", "/api/v1/projects", ProjectFixtures.projectRequest(slowName))
                    .text("id");
            String fast = client.post("pmo", "/api/v1/projects", ProjectFixtures.projectRequest("Fast receiver"))
                    .text("id");
            Eventually.await(
                    "both delivered",
                    Duration.ofSeconds(60),
                    () -> receiver.of(slow).stream().anyMatch(HookReceiver.Hit::delivered)
                            && receiver.of(fast).stream().anyMatch(HookReceiver.Hit::delivered));

            List<HookReceiver.Hit> hits = receiver.hits();
            int fastDelivered = firstDelivered(hits, fast);
            assertThat(receiver.of(slow).size())
                    .as("the timed-out attempts were retried")
                    .isGreaterThanOrEqualTo(3);
            JsonNode log = client.get("integration", "/api/v1/webhooks/" + subscription + "/deliveries?size=50")
                    .body();
            JsonNode slowDelivery = null;
            for (JsonNode delivery : log.path("items")) {
                if (delivery.path("projectId").asText().equals(slow)) {
                    slowDelivery = delivery;
                }
            }
            assertThat(slowDelivery).isNotNull();
            assertThat(slowDelivery.path("status").asText()).isEqualTo("DELIVERED");
            assertThat(slowDelivery.path("attempts").asInt()).isGreaterThanOrEqualTo(3);
            // the fast project's event went out while the slow one was still being retried
            int slowDeliveredAt = receiver.hits()
                    .indexOf(receiver.of(slow).stream()
                            .filter(HookReceiver.Hit::delivered)
                            .reduce((a, b) -> b)
                            .orElseThrow());
            assertThat(fastDelivered).isLessThan(slowDeliveredAt);
            assertThat(hits).allMatch(HookReceiver.Hit::signatureValid);
            unsubscribe(subscription);
        }
    }

    @Test
    @Order(3)
    void acknowledgedWritesSurviveKillsAtRandomMoments() throws Exception {
        try (HookReceiver receiver = new HookReceiver(SECRET)) {
            subscribe(receiver, List.of("project.status", "phase.entered", "gate.decided", "gate.overdue"));
            Client admin = app.client();
            ProjectFixtures fixtures = new ProjectFixtures(new Api(app.port()));
            String timerProject =
                    fixtures.create("Timer across kills").path("id").asText();
            fixtures.bringTo(timerProject, "REQUIREMENTS", "AWAITING_SIGNOFF");
            List<String> timers = Engine.signoffOverdueTimers(admin, timerProject);
            assertThat(timers).isNotEmpty();

            Load load = new Load(app.port(), CLIENTS);
            load.start();
            int kills = 0;
            for (int k = 0; k < KILLS; k++) {
                AppProcess.sleep(ThreadLocalRandom.current().nextLong(4_000, 10_000));
                if (k == 0) {
                    // the timer falls due while the process is dead or restarting: it must fire after the restart
                    String due = TwoReplicasIT.ENGINE_DATE.format(Instant.now().plusSeconds(2));
                    for (String job : timers) {
                        assertThat(admin.put("admin", "/engine-rest/job/" + job + "/duedate", Map.of("duedate", due))
                                        .status())
                                .isEqualTo(204);
                    }
                }
                app.kill(); // requests in flight get no answer: their outcome is unknown, they are not counted
                load.paused = true;
                kills++;
                app.start();
                load.paused = false;
            }
            AppProcess.sleep(3_000);
            load.stop();

            Verification v = verify(load, admin);
            Eventually.await("the overdue timer fired after the kills", Duration.ofSeconds(60), () -> timers.stream()
                    .allMatch(job -> Engine.successfulExecutions(admin, job) >= 1));
            AppProcess.sleep(2_000);
            long timerExecutions = timers.stream()
                    .mapToLong(job -> Engine.successfulExecutions(admin, job))
                    .sum();
            for (String job : timers) {
                assertThat(Engine.successfulExecutions(admin, job)).isEqualTo(1);
            }
            List<String> all = new ArrayList<>(load.created.keySet());
            all.add(timerProject);
            Map<String, Set<Long>> expected = new HashMap<>();
            for (String project : all) {
                expected.put(project, routedSeqs(project, ROUTED.keySet()));
            }
            Eventually.await("every event delivered", Duration.ofSeconds(120), () -> all.stream()
                    .allMatch(p -> deliveredSeqs(receiver, p).containsAll(expected.get(p))));
            Map<String, Object> webhookFigures = assertDeliveries(receiver, all, expected);
            Client.Answer verified = admin.get("auditor", "/api/v1/audit/verify");

            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("clients", CLIENTS);
            figures.put("requests", load.requests.get());
            figures.put("acknowledgedWrites", load.acknowledged.get());
            figures.put("kills", kills);
            figures.put("requestsInFlightAtAKill", load.unanswered.get());
            figures.put("status4xx", load.status4xx.get());
            figures.put("status5xx", load.status5xx.get());
            figures.put("projectsCreated", load.created.size());
            figures.put("deliverablesRegistered", load.deliverables.size());
            figures.put("gatesDecided", load.gates.size());
            figures.put("lostAcknowledgedWrites", v.lost.size());
            figures.put("halfDoneProjects", v.inconsistent.size());
            figures.put("webhookEventsDelivered", webhookFigures.get("events"));
            figures.put("webhookDuplicateDeliveries", webhookFigures.get("duplicateDeliveries"));
            figures.put("timersDueAcrossTheKills", timers.size());
            figures.put("timerExecutions", timerExecutions);
            figures.put("chainValid", verified.body().path("valid").asBoolean());
            ReliabilityReport.record(
                    "crash-safety",
                    "Load from several clients against the packaged jar on PostgreSQL, SIGKILL at random moments,"
                            + " restart, then every acknowledged write checked",
                    figures);

            assertThat(load.acknowledged.get()).as("the load did something").isGreaterThan(20);
            assertThat(v.lost).as("acknowledged writes lost").isEmpty();
            assertThat(v.inconsistent)
                    .as("projects whose read model and engine disagree")
                    .isEmpty();
            assertThat(load.status5xx.get()).as("5xx answers: %s", load.fivexx).isZero();
            assertThat(verified.body().path("valid").asBoolean())
                    .as(verified.raw())
                    .isTrue();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static void unsubscribe(String subscription) {
        assertThat(app.client()
                        .delete("integration", "/api/v1/webhooks/" + subscription)
                        .status())
                .isEqualTo(204);
    }

    private static String subscribe(HookReceiver receiver, List<String> events) {
        Client.Answer created = app.client()
                .post(
                        "integration",
                        "/api/v1/webhooks",
                        Map.of("url", receiver.url(), "events", events, "secret", SECRET));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.text("id");
    }

    /** The sequence numbers of the project's audit events that are published to webhook subscribers. */
    private static Set<Long> routedSeqs(String project, Set<String> types) {
        JsonNode history = app.client()
                .get("auditor", "/api/v1/projects/" + project + "/history?size=200")
                .body();
        Set<Long> seqs = new TreeSet<>();
        for (JsonNode event : history.path("items")) {
            if (types.contains(event.path("type").asText())) {
                seqs.add(event.path("seq").asLong());
            }
        }
        return seqs;
    }

    private static Set<Long> deliveredSeqs(HookReceiver receiver, String project) {
        return receiver.of(project).stream()
                .filter(HookReceiver.Hit::delivered)
                .map(HookReceiver.Hit::projectSeq)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static int firstDelivered(List<HookReceiver.Hit> hits, String project) {
        for (int i = 0; i < hits.size(); i++) {
            if (hits.get(i).projectId().equals(project) && hits.get(i).delivered()) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Every expected event arrived with a valid signature, attempts per project came in project sequence (a
     * redelivery repeats the same sequence number, it never goes back), nothing arrived that was not expected, and
     * deliveries beyond the first successful one per event are counted as at-least-once duplicates.
     */
    private static Map<String, Object> assertDeliveries(
            HookReceiver receiver, List<String> projects, Map<String, Set<Long>> expected) {
        int duplicates = 0;
        int events = 0;
        int lost = 0;
        for (String project : projects) {
            Set<Long> missing = new TreeSet<>(expected.get(project));
            missing.removeAll(deliveredSeqs(receiver, project));
            lost += missing.size();
            List<HookReceiver.Hit> hits = receiver.of(project);
            List<Long> order = hits.stream().map(HookReceiver.Hit::projectSeq).toList();
            assertThat(order).as("attempts of %s in project order", project).isSorted();
            assertThat(deliveredSeqs(receiver, project)).isEqualTo(expected.get(project));
            Map<String, Long> perEvent = hits.stream()
                    .filter(HookReceiver.Hit::delivered)
                    .collect(Collectors.groupingBy(HookReceiver.Hit::eventId, Collectors.counting()));
            events += perEvent.size();
            duplicates +=
                    perEvent.values().stream().mapToInt(n -> (int) (n - 1)).sum();
        }
        List<HookReceiver.Hit> all = receiver.hits();
        assertThat(all).as("signatures").allMatch(HookReceiver.Hit::signatureValid);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("projects", projects.size());
        figures.put("events", events);
        figures.put("requestsReceived", all.size());
        figures.put("lostEvents", lost);
        figures.put("duplicateDeliveries", duplicates);
        figures.put(
                "invalidSignatures",
                all.stream().filter(h -> !h.signatureValid()).count());
        return figures;
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** What was lost and which projects show a half-done state, after the last restart. */
    record Verification(List<String> lost, List<String> inconsistent) {}

    private static Verification verify(Load load, Client admin) {
        List<String> lost = new ArrayList<>();
        List<String> inconsistent = new ArrayList<>();
        for (Map.Entry<String, Integer> created : load.created.entrySet()) {
            String id = created.getKey();
            Client.Answer view = admin.get("pmo", "/api/v1/projects/" + id);
            if (view.status() != 200) {
                lost.add("project " + id + " (" + view.status() + ")");
                continue;
            }
            int progress = Load.progress(view.body());
            if (progress < created.getValue()) {
                lost.add("progress of " + id + ": acknowledged " + created.getValue() + ", found " + progress);
            }
            JsonNode history = admin.get("auditor", "/api/v1/projects/" + id + "/history?size=200")
                    .body();
            List<String> types = history.path("items").findValuesAsText("type");
            List<String> phases = new ArrayList<>();
            history.path("items")
                    .forEach(e -> phases.add(
                            e.path("type").asText() + "@" + e.path("phase").asText()));
            for (String phase : load.gates.getOrDefault(id, Set.of())) {
                if (!phases.contains("GATE_DECIDED@" + phase)) {
                    lost.add("gate " + phase + " of " + id);
                }
            }
            // no transition recorded twice: each phase entered and decided at most once (the load never rejects)
            Map<String, Long> counts = phases.stream()
                    .filter(p -> p.startsWith("GATE_DECIDED@") || p.startsWith("PHASE_ENTERED@"))
                    .collect(Collectors.groupingBy(p -> p, Collectors.counting()));
            counts.forEach((transition, n) -> {
                if (n > 1) {
                    inconsistent.add(id + ": " + transition + " recorded " + n + " times");
                }
            });
            long acknowledged =
                    load.writesPerProject.getOrDefault(id, new AtomicInteger()).get();
            if (types.size() < acknowledged) {
                lost.add("audit events of " + id + ": " + types.size() + " < " + acknowledged + " acknowledged writes");
            }
            String problem = consistency(admin, id, view.body());
            if (problem != null) {
                inconsistent.add(problem);
            }
        }
        for (Map.Entry<String, String> deliverable : load.deliverables.entrySet()) {
            String[] key = deliverable.getKey().split("/");
            JsonNode list = admin.get("dev", "/api/v1/projects/" + key[0] + "/deliverables?size=200")
                    .body();
            boolean found = false;
            for (JsonNode d : list.path("items")) {
                if (d.path("id").asText().equals(key[1])
                        && d.path("version").asText().equals(deliverable.getValue())) {
                    found = true;
                }
            }
            if (!found) {
                lost.add("deliverable " + deliverable.getKey() + " v" + deliverable.getValue());
            }
        }
        return new Verification(lost, inconsistent);
    }

    /**
     * Exactly one phase in progress, and the read model's open tasks are the engine's waiting tasks, of the kind the
     * phase state says (prepare-phase, sign-off or gate-review). Null if consistent.
     */
    private static String consistency(Client admin, String id, JsonNode view) {
        long inProgress = 0;
        for (JsonNode phase : view.path("phases")) {
            String state = phase.path("state").asText();
            if (Set.of("IN_PREPARATION", "AWAITING_SIGNOFF", "AWAITING_GATE").contains(state)) {
                inProgress++;
            }
        }
        if (!view.path("status").asText().equals("ACTIVE")) {
            return null;
        }
        if (inProgress != 1) {
            return id + ": " + inProgress + " phases in progress: " + view.path("phases");
        }
        TreeSet<String> readModel = new TreeSet<>();
        view.path("openTasks")
                .forEach(t -> readModel.add(
                        t.path("key").asText() + ":" + t.path("id").asText()));
        TreeSet<String> engine = Engine.openTasks(admin, id);
        if (!readModel.equals(engine)) {
            return id + ": read model tasks " + readModel + " but engine tasks " + engine;
        }
        String expectedKey =
                switch (view.path("phaseState").asText()) {
                    case "IN_PREPARATION" -> "prepare-phase";
                    case "AWAITING_SIGNOFF" -> "sign-off";
                    case "AWAITING_GATE" -> "gate-review";
                    default -> "?";
                };
        if (engine.isEmpty() || !engine.stream().allMatch(t -> t.startsWith(expectedKey + ":"))) {
            return id + ": state " + view.path("phaseState").asText() + " but engine tasks " + engine;
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Client threads that each take projects through the first phases one API call at a time, deciding every next
     * step from the project view (so a call whose outcome is unknown — the process died — is simply re-read), and
     * record every write that was acknowledged with a 2xx.
     */
    static final class Load {

        static final List<String> PHASES = ProjectFixtures.PHASES;
        static final Map<String, Integer> STATE_RANK =
                Map.of("IN_PREPARATION", 0, "AWAITING_SIGNOFF", 1, "AWAITING_GATE", 2);

        final Client client;
        final int threads;
        final AtomicBoolean running = new AtomicBoolean(true);
        /** While the process is being restarted the clients wait instead of counting refused connections. */
        volatile boolean paused;

        final List<Thread> workers = new ArrayList<>();
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger acknowledged = new AtomicInteger();
        final AtomicInteger unanswered = new AtomicInteger();
        final AtomicInteger status4xx = new AtomicInteger();
        final AtomicInteger status5xx = new AtomicInteger();
        final List<String> fivexx = new java.util.concurrent.CopyOnWriteArrayList<>();
        /** project id → highest progress acknowledged by an answer (phase × 3 + state rank). */
        final Map<String, Integer> created = new ConcurrentHashMap<>();
        /** "project/deliverable id" → version. */
        final Map<String, String> deliverables = new ConcurrentHashMap<>();
        /** project id → phases whose gate decision was acknowledged. */
        final Map<String, Set<String>> gates = new ConcurrentHashMap<>();

        final Map<String, AtomicInteger> writesPerProject = new ConcurrentHashMap<>();

        Load(int port, int threads) {
            this.client = new Client(port, Duration.ofSeconds(30));
            this.threads = threads;
        }

        static int progress(JsonNode view) {
            if (!view.path("status").asText().equals("ACTIVE")) {
                return Integer.MAX_VALUE;
            }
            return PHASES.indexOf(view.path("currentPhase").asText()) * 3
                    + STATE_RANK.getOrDefault(view.path("phaseState").asText(), 0);
        }

        void start() {
            for (int i = 0; i < threads; i++) {
                Thread worker = new Thread(this::work, "load-" + i);
                worker.start();
                workers.add(worker);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread worker : workers) {
                worker.join(60_000);
            }
        }

        private void work() {
            String project = null;
            while (running.get()) {
                if (paused) {
                    AppProcess.sleep(100);
                    continue;
                }
                if (project == null) {
                    Client.Answer answer = call(
                            "POST",
                            "pmo",
                            "/api/v1/projects",
                            ProjectFixtures.projectRequest(ProjectFixtures.uniqueName("Crash load")));
                    if (answer.status() == 201) {
                        project = answer.text("id");
                        created.put(project, progress(answer.body()));
                        acknowledge(project);
                    }
                    continue;
                }
                Client.Answer view = call("GET", "pmo", "/api/v1/projects/" + project, null);
                if (!view.ok()) {
                    continue;
                }
                if (PHASES.indexOf(view.body().path("currentPhase").asText()) >= 3) {
                    project = null; // three gates passed: start another project
                    continue;
                }
                step(project, view.body());
            }
        }

        private void step(String project, JsonNode view) {
            String phase = view.path("currentPhase").asText();
            String base = "/api/v1/projects/" + project;
            JsonNode gate = view.path("gate");
            switch (view.path("phaseState").asText()) {
                case "IN_PREPARATION" -> {
                    if (!gate.path("missingDeliverables").isEmpty()) {
                        String type = gate.path("missingDeliverables").get(0).asText();
                        Map<String, Object> body = new LinkedHashMap<>();
                        body.put("phase", phase);
                        body.put("type", type);
                        body.put("title", type);
                        body.put("uri", "https://artifacts.example.com/" + project + "/" + type);
                        body.put("sha256", ProjectFixtures.sha256(type + project));
                        if (ProjectFixtures.isReport(type)) {
                            body.put("metrics", ProjectFixtures.KPIS_MET);
                        }
                        Client.Answer registered = call("POST", "dev", base + "/deliverables", body);
                        if (registered.status() == 201) {
                            deliverables.put(project + "/" + registered.text("id"), registered.text("version"));
                            acknowledge(project);
                        }
                    } else if (!gate.path("pendingChecks").isEmpty()) {
                        String check = gate.path("pendingChecks").get(0).asText();
                        acknowledgeView(
                                project,
                                call(
                                        "POST",
                                        "dev",
                                        base + "/phases/" + phase + "/checks/" + check,
                                        Map.of("confirmed", true, "evidence", "load")));
                    } else {
                        acknowledgeView(project, call("POST", "dev", base + "/phases/" + phase + "/submit", null));
                    }
                }
                case "AWAITING_SIGNOFF" -> {
                    if (!gate.path("pendingSignoffs").isEmpty()) {
                        String function = gate.path("pendingSignoffs").get(0).asText();
                        acknowledgeView(
                                project,
                                call(
                                        "POST",
                                        ProjectFixtures.SIGNERS.get(function),
                                        base + "/phases/" + phase + "/signoffs/" + function,
                                        Map.of("decision", "APPROVE")));
                    }
                }
                case "AWAITING_GATE" -> {
                    Client.Answer decided =
                            call("POST", "pmo", base + "/phases/" + phase + "/gate", Map.of("decision", "APPROVE"));
                    if (acknowledgeView(project, decided)) {
                        gates.computeIfAbsent(project, p -> ConcurrentHashMap.newKeySet())
                                .add(phase);
                    }
                }
                default -> AppProcess.sleep(100);
            }
        }

        private boolean acknowledgeView(String project, Client.Answer answer) {
            if (answer.status() != 200) {
                return false;
            }
            created.merge(project, progress(answer.body()), Math::max);
            acknowledge(project);
            return true;
        }

        private void acknowledge(String project) {
            acknowledged.incrementAndGet();
            writesPerProject.computeIfAbsent(project, p -> new AtomicInteger()).incrementAndGet();
        }

        private Client.Answer call(String method, String user, String path, Object body) {
            requests.incrementAndGet();
            Client.Answer answer = client.send(method, user, path, body == null && method.equals("POST") ? "" : body);
            if (!answer.answered()) {
                unanswered.incrementAndGet();
                AppProcess.sleep(250); // the process is down or restarting
            } else if (answer.status() >= 500) {
                status5xx.incrementAndGet();
                fivexx.add(method + " " + path + " → " + answer.status() + " " + answer.raw());
            } else if (answer.status() >= 400) {
                status4xx.incrementAndGet();
            }
            return answer;
        }
    }
}
