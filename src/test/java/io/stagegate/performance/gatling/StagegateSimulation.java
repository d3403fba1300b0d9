package io.stagegate.performance.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import io.stagegate.ProjectFixtures;
import io.stagegate.performance.Stats;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stagegate's own API under an open workload (users arrive at a fixed rate whatever the response times), driven by
 * the performance harness ({@code PerformanceBenchmark}) against a separately started application. Each user walks
 * one project through all seven gates exactly as a client would: read the view, register what the gate lacks (by
 * reference), confirm the pending checks, submit, sign off each pending function as its member, decide as the PMO.
 * The populations named in {@code perf.populations} run one after another, each arriving at its
 * {@code perf.rate.<label>} users per second for {@code perf.seconds}:
 *
 * <ul>
 *   <li>{@code api}: gate decisions through {@code POST /api/v1/.../gate};
 *   <li>{@code engine-rest}: the same walk, but the gate task completed through {@code /engine-rest/task/{id}/complete};
 *   <li>{@code warmup}: the two walks in turn, user by user, so that a warm-up compiles both paths' code;
 *   <li>any other label (the harness uses {@code settle}, {@code half}, {@code eighty}, {@code soak}): the API walk
 *       with a filtered project list per phase, for the latency and error targets at a share of the measured
 *       capacity.
 * </ul>
 *
 * Besides Gatling's HTML report it writes per-request samples, lifecycle spans and its own CPU time to
 * {@code perf.out} (JSON) for the harness's report.
 */
public class StagegateSimulation extends Simulation {

    /**
     * The population the harness warms the application up with: users that decide their gates through the API and
     * through {@code /engine-rest} in turn, the two paths the throughput targets compare.
     */
    static final String WARM_UP = "warmup";

    /** The populations that walk without the filtered list. */
    private static final List<String> WALKS = List.of("api", "engine-rest", WARM_UP);

    /** Where a population's users decide their gates. */
    private enum Decisions {
        API,
        ENGINE_REST,
        /** Every other user through {@code /engine-rest}. */
        IN_TURN;

        static Decisions of(String label) {
            return switch (label) {
                case "engine-rest" -> ENGINE_REST;
                case WARM_UP -> IN_TURN;
                default -> API;
            };
        }
    }

    static final Map<String, String> SIGNERS = Map.of("BUSINESS", "biz", "TECHNOLOGY", "tech", "COMPLIANCE", "comp");
    static final ObjectMapper JSON = new ObjectMapper();

    static final Map<String, ConcurrentLinkedQueue<int[]>> SAMPLES = new ConcurrentHashMap<>();
    static final Map<String, ConcurrentLinkedQueue<long[]>> LIFECYCLES = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> FAILED = new ConcurrentHashMap<>();
    /** The users started so far, for the {@code warmup} population's turns. */
    private static final AtomicLong USERS = new AtomicLong();

    private final String baseUrl = System.getProperty("perf.baseUrl", "http://localhost:8080");
    private final List<String> populations =
            List.of(System.getProperty("perf.populations", "api,engine-rest").split(","));
    private final int seconds = Integer.getInteger("perf.seconds", 20);
    private final Path out = Path.of(System.getProperty("perf.out", "perf-http.json"));
    private long cpuAtStart;
    private long compileMillisAtStart;
    private long wallAtStart;

    {
        PopulationBuilder chain = null;
        for (String label : populations) {
            double rate = Double.parseDouble(System.getProperty("perf.rate." + label, "1"));
            PopulationBuilder population = walk(label, Decisions.of(label), !WALKS.contains(label))
                    .injectOpen(constantUsersPerSec(rate).during(seconds));
            chain = chain == null ? population : chain.andThen(population);
        }
        setUp(chain)
                .protocols(http.baseUrl(baseUrl)
                        .acceptHeader("application/json")
                        .contentTypeHeader("application/json")
                        .shareConnections());
    }

    @Override
    public void before() {
        cpuAtStart = Stats.processCpuNanos();
        compileMillisAtStart = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        wallAtStart = System.nanoTime();
    }

    @Override
    public void after() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("populations", populations);
        result.put("seconds", seconds);
        result.put("cpuNanos", Stats.processCpuNanos() - cpuAtStart);
        // the generator's own JIT, a part of its CPU that a warm generator would not spend
        result.put(
                "compileMillis",
                ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - compileMillisAtStart);
        result.put("wallNanos", System.nanoTime() - wallAtStart);
        Map<String, List<int[]>> samples = new LinkedHashMap<>();
        SAMPLES.forEach((name, queue) -> samples.put(name, new ArrayList<>(queue)));
        result.put("samples", samples);
        Map<String, List<long[]>> lifecycles = new LinkedHashMap<>();
        LIFECYCLES.forEach((label, queue) -> lifecycles.put(label, new ArrayList<>(queue)));
        result.put("lifecycles", lifecycles);
        Map<String, Integer> failed = new LinkedHashMap<>();
        FAILED.forEach((label, count) -> failed.put(label, count.get()));
        result.put("failedUsers", failed);
        try {
            Files.writeString(out, JSON.writeValueAsString(result));
        } catch (Exception e) {
            throw new IllegalStateException("cannot write " + out, e);
        }
    }

    /** One project through the seven gates, each decided where {@code decisions} says. */
    private ScenarioBuilder walk(String label, Decisions decisions, boolean withList) {
        ChainBuilder phase = exec(session ->
                        session.remove("missing").remove("pending").remove("signoffs"))
                .exec(timed(
                        label,
                        "GET project view",
                        http("view").get("/api/v1/projects/#{id}").header("Authorization", basic("pmo")),
                        200,
                        jsonPath("$.currentPhase").saveAs("phase"),
                        jsonPath("$.gate.missingDeliverables[*]")
                                .findAll()
                                .optional()
                                .saveAs("missing")))
                .exec(
                        withList
                                ? timed(
                                        label,
                                        "GET project list (filtered)",
                                        http("list")
                                                .get("/api/v1/projects?status=ACTIVE&industry=RETAIL&size=20")
                                                .header("Authorization", basic("pmo")),
                                        200)
                                : exec(session -> session))
                .foreach(session -> list(session, "missing"), "type")
                .on(timed(
                        label,
                        "POST deliverable",
                        http("deliverable")
                                .post("/api/v1/projects/#{id}/deliverables")
                                .header("Authorization", basic("dev"))
                                .body(StringBody(StagegateSimulation::deliverable)),
                        201))
                .exec(timed(
                        label,
                        "GET project view",
                        http("view").get("/api/v1/projects/#{id}").header("Authorization", basic("pmo")),
                        200,
                        jsonPath("$.gate.pendingChecks[*]").findAll().optional().saveAs("pending")))
                .foreach(session -> list(session, "pending"), "check")
                .on(timed(
                        label,
                        "POST check",
                        http("check")
                                .post("/api/v1/projects/#{id}/phases/#{phase}/checks/#{check}")
                                .header("Authorization", basic("dev"))
                                .body(StringBody("{\"confirmed\":true,\"evidence\":\"benchmark\"}")),
                        200))
                .exec(timed(
                        label,
                        "POST submit",
                        http("submit")
                                .post("/api/v1/projects/#{id}/phases/#{phase}/submit")
                                .header("Authorization", basic("dev")),
                        200,
                        jsonPath("$.gate.pendingSignoffs[*]")
                                .findAll()
                                .optional()
                                .saveAs("signoffs")))
                .foreach(session -> list(session, "signoffs"), "function")
                .on(exec(session -> session.set("signer", basic(SIGNERS.get(session.getString("function")))))
                        .exec(timed(
                                label,
                                "POST sign-off",
                                http("signoff")
                                        .post("/api/v1/projects/#{id}/phases/#{phase}/signoffs/#{function}")
                                        .header("Authorization", "#{signer}")
                                        .body(StringBody("{\"decision\":\"APPROVE\",\"comment\":\"benchmark\"}")),
                                200)))
                .exec(
                        switch (decisions) {
                            case API -> apiDecision(label);
                            case ENGINE_REST -> engineRestDecision(label);
                            case IN_TURN ->
                                doIfOrElse(session -> session.getBoolean("viaEngineRest"))
                                        .then(engineRestDecision(label))
                                        .orElse(apiDecision(label));
                        });
        return scenario(label)
                .exec(session -> session.set("started", System.nanoTime())
                        .set("viaEngineRest", USERS.getAndIncrement() % 2 == 1))
                .exec(timed(
                        label,
                        "POST project",
                        http("create")
                                .post("/api/v1/projects")
                                .header("Authorization", basic("pmo"))
                                .body(StringBody(session -> project())),
                        201,
                        jsonPath("$.id").saveAs("id")))
                .exec(repeat(7).on(phase))
                .exec(session -> {
                    if (!session.isFailed()) {
                        LIFECYCLES
                                .computeIfAbsent(label, l -> new ConcurrentLinkedQueue<>())
                                .add(new long[] {session.getLong("started"), System.nanoTime()});
                    }
                    return session;
                });
    }

    private ChainBuilder apiDecision(String label) {
        return timed(
                label,
                "POST gate decision",
                http("gate")
                        .post("/api/v1/projects/#{id}/phases/#{phase}/gate")
                        .header("Authorization", basic("pmo"))
                        .body(StringBody("{\"decision\":\"APPROVE\",\"comment\":\"benchmark\"}")),
                200);
    }

    private ChainBuilder engineRestDecision(String label) {
        return exec(timed(
                        label,
                        "GET engine-rest task",
                        http("task")
                                .get("/engine-rest/task?processInstanceBusinessKey=#{id}&taskDefinitionKey=gate-review")
                                .header("Authorization", basic("pmo")),
                        200,
                        jsonPath("$[0].id").saveAs("taskId")))
                .exec(timed(
                        label,
                        "POST engine-rest task complete (gate decision)",
                        http("complete")
                                .post("/engine-rest/task/#{taskId}/complete")
                                .header("Authorization", basic("pmo"))
                                .body(StringBody("{\"variables\":{\"decision\":{\"value\":\"APPROVE\"},"
                                        + "\"comment\":{\"value\":\"benchmark\"}}}")),
                        204));
    }

    /** A request whose response time and status are recorded under the population's label; a failure ends the user. */
    private static ChainBuilder timed(
            String label,
            String name,
            HttpRequestActionBuilder request,
            int expected,
            io.gatling.javaapi.core.CheckBuilder... checks) {
        List<io.gatling.javaapi.core.CheckBuilder> all = new ArrayList<>();
        all.add(responseTimeInMillis().saveAs("rt"));
        all.add(status().saveAs("status"));
        all.add(status().is(expected));
        all.addAll(List.of(checks));
        String key = label + " | " + name;
        return exec(request.check(all))
                .exec(session -> {
                    if (session.contains("rt")) {
                        SAMPLES.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>())
                                .add(new int[] {session.getInt("rt"), session.getInt("status")});
                    }
                    if (session.isFailed()) {
                        FAILED.computeIfAbsent(label, l -> new AtomicInteger()).incrementAndGet();
                    }
                    return session.remove("rt").remove("status");
                })
                .exitHereIfFailed();
    }

    private static List<Object> list(Session session, String key) {
        return session.contains(key) ? session.getList(key) : List.of();
    }

    private static String project() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Benchmark " + System.nanoTime());
        body.put("industry", "RETAIL");
        body.put("privacyLevel", "MEDIUM");
        body.put("processComplexity", "COMPLEX");
        body.put("domainSpecialization", "GENERAL");
        body.put(
                "kpis",
                List.of(
                        Map.of(
                                "metric",
                                "accuracy",
                                "baseline",
                                0.8,
                                "target",
                                0.9,
                                "unit",
                                "ratio",
                                "direction",
                                "AT_LEAST"),
                        Map.of(
                                "metric",
                                "p95LatencyMs",
                                "baseline",
                                3000,
                                "target",
                                2000,
                                "unit",
                                "ms",
                                "direction",
                                "AT_MOST")));
        body.put("team", Map.of("businessOwner", "biz", "techLead", "tech", "complianceOfficer", "comp"));
        return json(body);
    }

    private static String deliverable(Session session) {
        return json(ProjectFixtures.referenceRequest(
                session.getString("id"),
                session.getString("phase"),
                session.getString("type"),
                ProjectFixtures.KPIS_MET));
    }

    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
