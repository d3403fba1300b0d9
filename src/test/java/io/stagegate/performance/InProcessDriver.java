package io.stagegate.performance;

import io.stagegate.Api;
import io.stagegate.ProjectFixtures;
import io.stagegate.StagegateApplication;
import io.stagegate.deliverable.DeliverableManagement;
import io.stagegate.deliverable.DeliverableManagement.Registration;
import io.stagegate.demo.LifecycleWalker;
import io.stagegate.gate.GateDecision;
import io.stagegate.gate.GateManagement;
import io.stagegate.lifecycle.Actor;
import io.stagegate.lifecycle.Catalogue;
import io.stagegate.lifecycle.EngineActions;
import io.stagegate.lifecycle.Kpi;
import io.stagegate.lifecycle.Phase;
import io.stagegate.lifecycle.Project;
import io.stagegate.lifecycle.ProjectManagement;
import io.stagegate.lifecycle.ProjectManagement.NewProject;
import io.stagegate.lifecycle.ProjectProfile;
import io.stagegate.lifecycle.ProjectQuery;
import io.stagegate.lifecycle.ProjectRepository;
import io.stagegate.lifecycle.ProjectStatus;
import io.stagegate.lifecycle.ProjectViews;
import io.stagegate.lifecycle.Team;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The in-process limit: the whole application in a Spring context of the harness's JVM, on the same kind of
 * database and history level as the application process, driven through Stagegate's application services without
 * HTTP, JSON or security. The walk is the one the Gatling users make — the same requests, the same rows — minus the
 * transport. Also seeds projects through {@link ProjectManagement#create} for the read-scale measurements.
 */
final class InProcessDriver implements AutoCloseable {

    static final Actor PMO = LifecycleWalker.PMO;
    static final Actor DEV = LifecycleWalker.DEV;
    static final ProjectProfile.Industry[] INDUSTRIES = ProjectProfile.Industry.values();
    /** Reads of each kind before the read scale's p95s are recorded. */
    private static final int READ_WARM_UP = 20;
    /** The demo PMO's credentials, encoded once rather than inside each timed request. */
    private static final String PMO_AUTHORIZATION = Api.basic(PMO.userId(), "demo");

    private final ConfigurableApplicationContext context;
    private final ProjectManagement management;
    private final DeliverableManagement deliverables;
    private final GateManagement gates;
    private final ProjectRepository projects;
    private final ProjectViews views;
    private final Catalogue catalogue;
    private final EngineActions engine;
    private final TransactionTemplate readOnly;
    private final HttpClient http = HttpClient.newHttpClient();
    /** The project endpoints of this context's own web server, which the read scale reads over HTTP. */
    private final String projectsUri;

    /** Latencies of each operation in nanoseconds, for the ratio of each endpoint to its in-process cost. */
    final Map<String, ConcurrentLinkedQueue<Long>> latencies = new ConcurrentHashMap<>();

    InProcessDriver(Map<String, Object> properties, String... profiles) {
        context = new SpringApplicationBuilder(StagegateApplication.class)
                .profiles(profiles)
                .properties(properties)
                .run();
        management = context.getBean(ProjectManagement.class);
        deliverables = context.getBean(DeliverableManagement.class);
        gates = context.getBean(GateManagement.class);
        projects = context.getBean(ProjectRepository.class);
        views = context.getBean(ProjectViews.class);
        catalogue = context.getBean(Catalogue.class);
        engine = context.getBean(EngineActions.class);
        readOnly = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        readOnly.setReadOnly(true);
        projectsUri = "http://localhost:" + context.getEnvironment().getRequiredProperty("local.server.port")
                + "/api/v1/projects";
    }

    /**
     * Warms this JVM up by the rule the application's warm-up follows ({@link WarmUp}): the same walk at the limit, in
     * slices, until its CPU per lifecycle stops falling and its JIT is quiet.
     */
    WarmUp.Result warmUp(int threads, int minSeconds, int maxSeconds, int sliceSeconds, Consumer<WarmUp.Cost> report)
            throws Exception {
        // each walk starts its latencies afresh, so the timed walk after these slices records only its own
        return WarmUp.untilFlat(minSeconds, maxSeconds, sliceSeconds, seconds -> {
            Throughput slice = walkFor(threads, seconds);
            WarmUp.Cost cost = new WarmUp.Cost(slice.cpuSecondsPerLifecycle(), slice.jitCpuSeconds());
            report.accept(cost);
            return cost;
        });
    }

    /** Lifecycles walked by {@code threads} threads for {@code seconds}, and this JVM's CPU and compilation time. */
    Throughput walkFor(int threads, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            return measured(done -> runFor(pool, threads, seconds, done));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Lifecycles arriving at {@code rate} per second for {@code seconds}, each on its own thread whatever the others
     * take — the open arrival the Gatling users make — until the last is done; the same figures as {@link #walkFor}.
     * For comparing what a lifecycle costs this JVM below its limit, at the rate the application is measured at.
     */
    Throughput walkAt(double rate, int seconds) throws Exception {
        return arrivals(rate, seconds).throughput();
    }

    /**
     * Open arrivals as {@link #walkAt}, with each lifecycle's span (its start and end, {@link System#nanoTime}) as the
     * Gatling users record theirs, so that a step of the in-process side is judged by the rule the application's steps
     * are ({@link PerformanceBenchmark#served(List, int, int)}). A lifecycle that fails counts as failed, as a Gatling
     * user that fails does, and the others go on.
     */
    Arrivals arrivals(double rate, int seconds) throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        ConcurrentLinkedQueue<long[]> spans = new ConcurrentLinkedQueue<>();
        AtomicInteger failed = new AtomicInteger();
        try {
            Throughput throughput = measured(done -> {
                List<Future<?>> running = new ArrayList<>();
                long start = System.nanoTime();
                long arrivals = Math.round(rate * seconds);
                for (long i = 0; i < arrivals; i++) {
                    long due = start + Math.round(i * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    running.add(pool.submit(() -> {
                        long started = System.nanoTime();
                        try {
                            walk(ProjectProfile.Industry.RETAIL);
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                            return;
                        }
                        spans.add(new long[] {started, System.nanoTime()});
                        done.incrementAndGet();
                    }));
                }
                for (Future<?> f : running) {
                    f.get();
                }
            });
            return new Arrivals(throughput, List.copyOf(spans), failed.get());
        } finally {
            pool.shutdownNow();
        }
    }

    /** An open arrival's figures, the span of each lifecycle completed and how many failed. */
    record Arrivals(Throughput throughput, List<long[]> spans, int failed) {}

    private interface Run {
        void run(AtomicInteger done) throws Exception;
    }

    private Throughput measured(Run run) throws Exception {
        latencies.clear();
        AtomicInteger done = new AtomicInteger();
        long cpu = Stats.processCpuNanos();
        long compile = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        long jit = AppProcess.compilerTicks(ProcessHandle.current().pid());
        long[] machine = AppProcess.machineTicks();
        long server = AppProcess.postgresTicks();
        long start = System.nanoTime();
        run.run(done);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] machineAfter = AppProcess.machineTicks();
        return new Throughput(
                done.get(),
                elapsed,
                (Stats.processCpuNanos() - cpu) / 1e9,
                (ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - compile) / 1000.0,
                (AppProcess.compilerTicks(ProcessHandle.current().pid()) - jit) / AppProcess.TICKS_PER_SECOND,
                (machineAfter[0] - machine[0]) / AppProcess.TICKS_PER_SECOND,
                (machineAfter[1] - machine[1]) / AppProcess.TICKS_PER_SECOND,
                (AppProcess.postgresTicks() - server) / AppProcess.TICKS_PER_SECOND);
    }

    private void runFor(ExecutorService pool, int threads, int seconds, AtomicInteger done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            running.add(pool.submit(() -> {
                do {
                    walk(ProjectProfile.Industry.RETAIL);
                    done.incrementAndGet();
                } while (System.nanoTime() < deadline);
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
    }

    /**
     * A walk's lifecycles, and the CPU seconds of this JVM, its JIT's compilation time (wall, summed over the compiler
     * threads) and its compiler threads' CPU seconds ({@link AppProcess#compilerTicks(long)}), the CPU seconds of the
     * whole machine (busy and available) and of the PostgreSQL server's processes ({@link AppProcess#postgresTicks()};
     * none on H2, which runs inside this JVM).
     */
    record Throughput(
            int lifecycles,
            double seconds,
            double cpuSeconds,
            double compileSeconds,
            double jitCpuSeconds,
            double machineBusySeconds,
            double machineCapacitySeconds,
            double serverCpuSeconds) {
        double lifecyclesPerSecond() {
            return lifecycles / seconds;
        }

        double gateDecisionsPerSecond() {
            return lifecycles * Phase.values().length / seconds;
        }

        double cpuSecondsPerLifecycle() {
            return lifecycles == 0 ? 0 : cpuSeconds / lifecycles;
        }

        double serverCpuSecondsPerLifecycle() {
            return lifecycles == 0 ? 0 : serverCpuSeconds / lifecycles;
        }
    }

    /** One project through its seven gates, as the Gatling users walk it. */
    void walk(ProjectProfile.Industry industry) {
        String id = time("POST project", () -> as(PMO, () -> create(industry))).id();
        for (int gate = 0; gate < Phase.values().length; gate++) {
            Phase phase = time("GET project view", () -> view(id)).currentPhase();
            for (String type : catalogue.requiredDeliverables(phase)) {
                time(
                        "POST deliverable",
                        () -> as(DEV, () -> deliverables.register(id, reference(id, phase, type), DEV)));
            }
            time("GET project view", () -> view(id));
            for (String check : projects.phase(id, phase).requiredChecks()) {
                time("POST check", () -> as(DEV, () -> gates.confirmCheck(id, phase, check, true, "benchmark", DEV)));
            }
            time("POST submit", () -> as(DEV, () -> gates.submit(id, phase, DEV)));
            for (String function : projects.phase(id, phase).requiredSignoffs()) {
                time("POST sign-off", () -> {
                    Actor signer = LifecycleWalker.SIGNERS.get(function);
                    return as(signer, () -> gates.signoff(id, phase, function, "APPROVE", "benchmark", signer));
                });
            }
            time(
                    "POST gate decision",
                    () -> as(PMO, () -> gates.decide(id, phase, GateDecision.APPROVE, null, "benchmark", PMO)));
        }
    }

    /**
     * A registration by reference, the in-process twin of {@link ProjectFixtures#referenceRequest}: the same title,
     * uri and sha256, and the met KPIs on the report types.
     */
    static Registration reference(String id, Phase phase, String type) {
        return new Registration(
                phase,
                type,
                type + " of " + id,
                "https://artifacts.example.com/" + id + "/" + type,
                ProjectFixtures.sha256(type + id),
                ProjectFixtures.isReport(type) ? ProjectFixtures.KPIS_MET : Map.of(),
                null,
                null,
                null);
    }

    Project create(ProjectProfile.Industry industry) {
        return management.create(
                new NewProject(
                        "Benchmark " + System.nanoTime(),
                        new ProjectProfile(
                                industry,
                                ProjectProfile.PrivacyLevel.MEDIUM,
                                ProjectProfile.ProcessComplexity.COMPLEX,
                                ProjectProfile.DomainSpecialization.GENERAL,
                                ProjectProfile.Audience.INTERNAL,
                                List.of(),
                                null),
                        List.of(
                                new Kpi("accuracy", 0.8, 0.9, "ratio", Kpi.Direction.AT_LEAST),
                                new Kpi("p95LatencyMs", 3000, 2000, "ms", Kpi.Direction.AT_MOST)),
                        new Team("biz", "tech", "comp", List.of())),
                PMO);
    }

    io.stagegate.lifecycle.ProjectView view(String id) {
        return as(PMO, () -> readOnly.execute(status -> views.view(management.get(id), Locale.ENGLISH)));
    }

    List<io.stagegate.lifecycle.ProjectView> filteredList(ProjectProfile.Industry industry) {
        return as(
                PMO,
                () -> readOnly.execute(status -> views.views(
                        projects.find(new ProjectQuery(ProjectStatus.ACTIVE, Phase.REQUIREMENTS, industry, 0, 20))
                                .items(),
                        Locale.ENGLISH)));
    }

    /**
     * Runs a service call as a request runs it behind the API's filter chain: with the caller as the engine's
     * authenticated user, so that the engine's authorization checks and its user operation log see the same user and
     * write the same rows (without it the services' own bookkeeping, such as the gate summary a registration
     * refreshes, ran unattributed and left 32 operation log rows a lifecycle out of the limit).
     */
    private <T> T as(Actor actor, Supplier<T> call) {
        return engine.asUser(actor.userId(), actor.groups(), call);
    }

    /** Creates projects through the service until {@code total} were seeded, in parallel; returns their ids. */
    void seed(List<String> ids, int total, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            AtomicInteger next = new AtomicInteger(ids.size());
            List<String> created = java.util.Collections.synchronizedList(ids);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(pool.submit(() -> {
                    int n;
                    while ((n = next.getAndIncrement()) < total) {
                        created.add(create(INDUSTRIES[n % INDUSTRIES.length]).id());
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * p95 (ms) of the project view of random seeded projects and of the filtered list, each through the application
     * services and over HTTP from this context's own web server ({@code GET /api/v1/projects/{id}} and
     * {@code GET /api/v1/projects?status=ACTIVE&phase=REQUIREMENTS&industry=…&size=20}, as the demo PMO), one thread,
     * after a short warm-up of each.
     */
    Reads readLatencies(List<String> ids, int samples) throws Exception {
        List<Long> view = new ArrayList<>();
        List<Long> list = new ArrayList<>();
        List<Long> viewHttp = new ArrayList<>();
        List<Long> listHttp = new ArrayList<>();
        for (int i = 0; i < samples + READ_WARM_UP; i++) {
            long[] nanos = readOnce(ids, i);
            if (i >= READ_WARM_UP) {
                view.add(nanos[0]);
                list.add(nanos[1]);
                viewHttp.add(nanos[2]);
                listHttp.add(nanos[3]);
            }
        }
        return new Reads(p95(viewHttp), p95(listHttp), p95(view), p95(list), median(viewHttp), median(view));
    }

    /**
     * Reads as {@link #readLatencies} does for {@code seconds}, unrecorded: the limit's walks compiled the services'
     * reads, but nothing has yet compiled the HTTP path of this context, which the first size would otherwise pay for.
     */
    void warmReads(List<String> ids, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (int i = 0; System.nanoTime() < end; i++) {
            readOnce(ids, i);
        }
    }

    /** One view of a random project and one filtered list, through the services and over HTTP; their nanoseconds. */
    private long[] readOnce(List<String> ids, int i) throws Exception {
        String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
        ProjectProfile.Industry industry = INDUSTRIES[i % INDUSTRIES.length];
        long t0 = System.nanoTime();
        view(id);
        long t1 = System.nanoTime();
        filteredList(industry);
        long t2 = System.nanoTime();
        get(projectsUri + "/" + id);
        long t3 = System.nanoTime();
        get(projectsUri + "?status=ACTIVE&phase=REQUIREMENTS&industry=" + industry + "&size=20");
        long t4 = System.nanoTime();
        return new long[] {t1 - t0, t2 - t1, t3 - t2, t4 - t3};
    }

    /**
     * The read scale's p95s at one size (ms): over HTTP, which the targets judge, and through the services; and the
     * view's medians, which tell a shifted read from a longer tail when a p95 grows.
     */
    record Reads(
            double view,
            double list,
            double serviceView,
            double serviceList,
            double viewMedian,
            double serviceViewMedian) {

        /** Each figure's median over the passes, by {@link Stats#median}. */
        static Reads median(List<Reads> passes) {
            return new Reads(
                    middle(passes, Reads::view),
                    middle(passes, Reads::list),
                    middle(passes, Reads::serviceView),
                    middle(passes, Reads::serviceList),
                    middle(passes, Reads::viewMedian),
                    middle(passes, Reads::serviceViewMedian));
        }

        private static double middle(List<Reads> passes, ToDoubleFunction<Reads> figure) {
            return figure.applyAsDouble(Stats.median(passes, figure));
        }
    }

    private static double p95(List<Long> nanos) {
        return Stats.percentile(nanos, 95) / 1e6;
    }

    private static double median(List<Long> nanos) {
        return Stats.percentile(nanos, 50) / 1e6;
    }

    private void get(String uri) throws Exception {
        HttpResponse<Void> response = http.send(
                HttpRequest.newBuilder(URI.create(uri))
                        .header("Authorization", PMO_AUTHORIZATION)
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " answered " + response.statusCode());
        }
    }

    private <T> T time(String name, Supplier<T> work) {
        long t0 = System.nanoTime();
        T result = work.get();
        latencies.computeIfAbsent(name, n -> new ConcurrentLinkedQueue<>()).add(System.nanoTime() - t0);
        return result;
    }

    @Override
    public void close() {
        context.close();
    }
}
