package io.stagegate.reliability;

import static io.stagegate.ProjectFixtures.openTask;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stagegate.Api;
import io.stagegate.Api.Answer;
import io.stagegate.ProjectFixtures;
import io.stagegate.ReliabilityReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.springframework.http.MediaType;

/**
 * Races on one project, repeated over many trials, against whichever running application {@code api} talks to (H2 or
 * PostgreSQL). Each trial walks a fresh project through the REQUIREMENTS gate and at each step lets {@link #CLIENTS}
 * clients act at the same moment, some through Stagegate's API and some by completing the task through Camunda's
 * {@code /engine-rest}: the submission (by two contributors), the BUSINESS sign-off (the same person, many times) and
 * the gate decision (two PMO members, approving and rejecting). After each race it checks what must hold whoever
 * wins: exactly one action took effect, the API's losers got 409 problem details, the engine's losers a non-2xx
 * answer, the audit history holds the race's event once, and the read model and the engine both show exactly one
 * active phase with the expected open task. Every violation is collected, the figures are recorded with {@link
 * ReliabilityReport} (also when something broke), and only then does the test fail.
 */
final class ConcurrencyTrials {

    /** Trials per run: small in {@code mvn verify}, {@code -Dstagegate.reliability.trials=500} for the full run. */
    static final int TRIALS = Integer.getInteger("stagegate.reliability.trials", 10);

    static final int CLIENTS = 16;

    private static final Set<String> ACTIVE_STATES = Set.of("IN_PREPARATION", "AWAITING_SIGNOFF", "AWAITING_GATE");

    private final Api api;
    private final ProjectFixtures fixtures;
    private final Map<String, Integer> apiStatuses = new TreeMap<>();
    private final Map<String, Integer> engineStatuses = new TreeMap<>();
    private final List<String> violations = new ArrayList<>();
    private int races;
    private int requests;
    private int serverErrors;
    private int duplicateEvents;
    private int brokenInvariants;

    ConcurrencyTrials(int port) {
        this.api = new Api(port);
        this.fixtures = new ProjectFixtures(api);
    }

    /** Runs {@link #TRIALS} trials, records the figures as {@code scenario}, then fails on any violation. */
    void runAndRecord(String scenario, String database) throws Exception {
        long started = System.nanoTime();
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int trial = 0; trial < TRIALS; trial++) {
                trial(threads, database + " race " + trial);
            }
        } finally {
            threads.shutdownNow();
        }
        Answer verify = api.get("auditor", "/api/v1/audit/verify");
        boolean chainValid =
                verify.status() == 200 && verify.body().path("valid").asBoolean();
        if (!chainValid) {
            violations.add("audit chain does not verify: " + verify.raw());
        }
        Map<String, Object> figures = new java.util.LinkedHashMap<>();
        figures.put("database", database);
        figures.put("trials", TRIALS);
        figures.put("clients per race", CLIENTS);
        figures.put("races (submit, sign-off, gate per trial)", races);
        figures.put("racing requests", requests);
        figures.put("API answers by status", apiStatuses);
        figures.put("/engine-rest answers by status", engineStatuses);
        figures.put("API 5xx answers", serverErrors);
        figures.put("duplicate audit events", duplicateEvents);
        figures.put(
                "broken invariants (not exactly one winner, wrong state, zero or two active phases)", brokenInvariants);
        figures.put("audit chain verifies after the run", chainValid);
        figures.put("seconds", Math.round((System.nanoTime() - started) / 1e9));
        ReliabilityReport.record(
                scenario,
                "Concurrent submissions, sign-offs and gate decisions on one project (" + CLIENTS
                        + " clients, API and /engine-rest), " + database,
                figures);
        assertThat(violations).as("violations over %d trials", TRIALS).isEmpty();
    }

    private void trial(ExecutorService threads, String name) throws Exception {
        String id = fixtures.create(name).path("id").asText();
        String base = "/api/v1/projects/" + id;
        fixtures.prepare(id, null);

        // 1. submission: two contributors through the API, the prepare-phase task through /engine-rest
        String prepareTask =
                openTask(fixtures.view(id), "prepare-phase").path("id").asText();
        List<Outcome> submitted = race(
                threads,
                i -> i % 4 == 3
                        ? engine("dev", prepareTask, Map.of())
                        : api(() -> api.post(i % 2 == 0 ? "dev" : "lead", base + "/phases/REQUIREMENTS/submit", null)));
        JsonNode afterSubmit = fixtures.view(id);
        check(id, "submit", submitted);
        expectState(id, "submit", afterSubmit, "REQUIREMENTS", "AWAITING_SIGNOFF");
        List<String> signoffs = ProjectFixtures.texts(afterSubmit.path("gate").path("pendingSignoffs"));
        expect(
                id,
                "submit: one sign-off task per pending function",
                afterSubmit.path("openTasks").findValuesAsText("key").stream()
                                .filter("sign-off"::equals)
                                .count()
                        == signoffs.size());
        expectEvents(id, "submit", "PHASE_SUBMITTED", 1);

        // 2. the same person signs off BUSINESS many times: through the API and by completing their task
        String businessTask = signoffTask(afterSubmit, "business");
        List<Outcome> signed = race(
                threads,
                i -> i % 4 == 3
                        ? engine("biz", businessTask, decision("APPROVE"))
                        : api(() -> api.post(
                                "biz",
                                base + "/phases/REQUIREMENTS/signoffs/BUSINESS",
                                Map.of("decision", "APPROVE"))));
        check(id, "sign-off", signed);
        expectEvents(id, "sign-off", "SIGNOFF_GIVEN", 1);
        JsonNode afterSignoff = fixtures.view(id);
        expect(
                id,
                "sign-off: BUSINESS no longer pending",
                !ProjectFixtures.texts(afterSignoff.path("gate").path("pendingSignoffs"))
                        .contains("BUSINESS"));
        fixtures.signOffAll(id);
        expectEvents(id, "sign-offs", "SIGNOFF_GIVEN", signoffs.size());

        // 3. two PMO members approve and reject at once, through the API and through the gate-review task
        JsonNode awaitingGate = fixtures.view(id);
        expectState(id, "before the gate", awaitingGate, "REQUIREMENTS", "AWAITING_GATE");
        String gateTask = openTask(awaitingGate, "gate-review").path("id").asText();
        List<Outcome> decided = race(threads, i -> {
            String user = i % 4 < 2 ? "pmo" : "pmo2";
            String choice = (i / 4) % 2 == 0 ? "APPROVE" : "REJECT";
            return i % 2 == 1
                    ? engine(user, gateTask, decision(choice))
                    : api(() -> fixtures.decide(user, id, "REQUIREMENTS", choice));
        });
        check(id, "gate", decided);
        expectEvents(id, "gate", "GATE_DECIDED", 1);
        JsonNode afterGate = fixtures.view(id);
        if (afterGate.path("currentPhase").asText().equals("ARCHITECTURE")) {
            expectState(id, "gate approved", afterGate, "ARCHITECTURE", "IN_PREPARATION");
            expect(id, "gate approved: iteration 1", afterGate.path("iteration").asInt() == 1);
        } else {
            expectState(id, "gate rejected", afterGate, "REQUIREMENTS", "IN_PREPARATION");
            expect(
                    id,
                    "gate rejected: one new iteration",
                    afterGate.path("iteration").asInt() == 2);
        }
        expect(
                id,
                "gate: only the next prepare-phase task is open, got "
                        + afterGate.path("openTasks").findValuesAsText("key"),
                afterGate.path("openTasks").findValuesAsText("key").equals(List.of("prepare-phase")));
        expectEvents(
                id,
                "gate",
                "PHASE_ENTERED",
                afterGate.path("currentPhase").asText().equals("ARCHITECTURE") ? 2 : 1);
    }

    /** One client's call: through the API (problem details expected from losers) or through /engine-rest. */
    private record Call(boolean engine, Callable<Answer> action) {}

    private record Outcome(boolean engine, Answer answer) {}

    private Call api(Callable<Answer> action) {
        return new Call(false, action);
    }

    private Call engine(String user, String taskId, Map<String, Object> body) {
        return new Call(true, () -> api.post(user, "/engine-rest/task/" + taskId + "/complete", body));
    }

    private static Map<String, Object> decision(String decision) {
        return Map.of("variables", Map.of("decision", Map.of("value", decision)));
    }

    /** Runs {@link #CLIENTS} calls released at the same moment; returns their outcomes. */
    private List<Outcome> race(ExecutorService threads, IntFunction<Call> calls) throws Exception {
        CountDownLatch ready = new CountDownLatch(CLIENTS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Outcome>> futures = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Call call = calls.apply(i);
            futures.add(threads.submit(() -> {
                ready.countDown();
                go.await();
                return new Outcome(call.engine(), call.action().call());
            }));
        }
        assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> future : futures) {
            outcomes.add(future.get(120, TimeUnit.SECONDS));
        }
        races++;
        requests += outcomes.size();
        return outcomes;
    }

    /** Exactly one 2xx; API losers 409 problem details, never 5xx; engine losers non-2xx. */
    private void check(String id, String race, List<Outcome> outcomes) {
        int winners = 0;
        for (Outcome outcome : outcomes) {
            int status = outcome.answer().status();
            (outcome.engine() ? engineStatuses : apiStatuses).merge(String.valueOf(status), 1, Integer::sum);
            if (status >= 200 && status < 300) {
                winners++;
                continue;
            }
            if (outcome.engine()) {
                continue;
            }
            if (status >= 500) {
                serverErrors++;
            }
            if (status != 409 || !isProblem(outcome.answer(), 409)) {
                violations.add(id + " " + race + ": API loser answered " + status + " "
                        + outcome.answer().raw());
            }
        }
        if (winners != 1) {
            brokenInvariants++;
            violations.add(id + " " + race + ": " + winners + " winners, answers "
                    + outcomes.stream()
                            .map(o -> (o.engine() ? "engine " : "api ")
                                    + o.answer().status())
                            .toList());
        }
    }

    private static boolean isProblem(Answer answer, int status) {
        MediaType type = answer.headers().getContentType();
        return type != null
                && "application/problem+json".equals(type.getType() + "/" + type.getSubtype())
                && answer.body() != null
                && answer.body().path("status").asInt() == status
                && !answer.body().path("title").asText().isBlank();
    }

    /** The read model and the engine agree: one active phase, in the expected state. */
    private void expectState(String id, String step, JsonNode view, String phase, String state) {
        expect(
                id,
                step + ": " + phase + "/" + state + " expected, got "
                        + view.path("currentPhase").asText() + "/"
                        + view.path("phaseState").asText(),
                view.path("currentPhase").asText().equals(phase)
                        && view.path("phaseState").asText().equals(state));
        long activePhases = 0;
        for (JsonNode p : view.path("phases")) {
            if (ACTIVE_STATES.contains(p.path("state").asText())) {
                activePhases++;
            }
        }
        expect(id, step + ": read model shows " + activePhases + " active phases", activePhases == 1);
        Answer instances = api.get(
                "admin", "/engine-rest/process-instance?businessKey=" + id + "&processDefinitionKey=lifecycle-phase");
        expect(
                id,
                step + ": engine shows " + instances.body().size() + " running phase instances",
                instances.status() == 200 && instances.body().size() == 1);
    }

    private void expectEvents(String id, String step, String type, int expected) {
        Answer history = api.get("auditor", "/api/v1/projects/" + id + "/history?size=200");
        assertThat(history.status()).as(history.raw()).isEqualTo(200);
        long count = 0;
        long seq = 0;
        boolean gapless = true;
        for (JsonNode event : history.body().path("items")) {
            gapless &= event.path("seq").asLong() == ++seq;
            if (type.equals(event.path("type").asText())) {
                count++;
            }
        }
        if (count > expected) {
            duplicateEvents += (int) (count - expected);
        }
        expect(id, step + ": " + count + " " + type + " events, expected " + expected, count == expected);
        expect(id, step + ": history seq has gaps or repeats", gapless);
    }

    private void expect(String id, String what, boolean holds) {
        if (!holds) {
            brokenInvariants++;
            violations.add(id + " " + what);
        }
    }

    private static String signoffTask(JsonNode view, String group) {
        for (JsonNode task : view.path("openTasks")) {
            if ("sign-off".equals(task.path("key").asText())
                    && ProjectFixtures.texts(task.path("candidateGroups")).contains(group)) {
                return task.path("id").asText();
            }
        }
        throw new AssertionError("no open sign-off task for " + group + " in " + view.path("openTasks"));
    }
}
