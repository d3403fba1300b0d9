package io.stagegate.operation;

import io.stagegate.lifecycle.Actor;
import io.stagegate.lifecycle.EngineActions;
import io.stagegate.lifecycle.Kpi;
import io.stagegate.lifecycle.Project;
import io.stagegate.lifecycle.ProjectRepository;
import io.stagegate.lifecycle.ProjectStatus;
import io.stagegate.lifecycle.Refusal;
import io.stagegate.operation.MetricThresholds.Verdict;
import io.stagegate.operation.OperationEvents.MetricBreached;
import io.stagegate.operation.OperationRecords.DegradationReview;
import io.stagegate.operation.OperationRecords.MetricObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Operating metrics of launched projects. Each observation is validated, stored in the project's time series and
 * judged by the {@code metric-thresholds} policy; a breach opens a degradation review in the running lifecycle, or
 * joins the review in progress, so a project never has two. Writes hold the project's row lock.
 */
@Service
public class MetricManagement {

    /** Metrics every project may report, with their unit, besides the KPIs it declares. */
    static final Map<String, String> KNOWN_METRICS =
            Map.of("hallucinationRate", "ratio", "accuracy", "ratio", "p95LatencyMs", "ms", "satisfaction", "score");

    /** How far ahead of the engine's clock an observation may be stamped (clocks of integrating systems drift). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final ProjectRepository projects;
    private final MetricRepository metrics;
    private final OperationRepository operations;
    private final MetricThresholds thresholds;
    private final DegradationReviews reviews;
    private final EngineActions engine;
    private final RuntimeService runtime;
    private final ApplicationEventPublisher events;

    MetricManagement(
            ProjectRepository projects,
            MetricRepository metrics,
            OperationRepository operations,
            MetricThresholds thresholds,
            DegradationReviews reviews,
            EngineActions engine,
            RuntimeService runtime,
            ApplicationEventPublisher events) {
        this.projects = projects;
        this.metrics = metrics;
        this.operations = operations;
        this.thresholds = thresholds;
        this.reviews = reviews;
        this.engine = engine;
        this.runtime = runtime;
        this.events = events;
    }

    /** One observation as an integrating system reports it; {@code observedAt} defaults to now. */
    public record Observation(String metric, Double value, Instant observedAt) {}

    public record MetricPage(List<MetricObservation> items, long total) {}

    @Transactional
    public MetricObservation record(String projectId, Observation observation, Actor actor) {
        if (!actor.isMember(Actor.INTEGRATION) && !actor.isMember(Actor.PMO)) {
            throw Refusal.forbidden(
                    "Operating metrics are pushed by integrating systems (group integration) or the PMO");
        }
        Project project = projects.lock(projectId).orElseThrow(() -> Refusal.notFound("No project " + projectId));
        if (project.status() != ProjectStatus.OPERATING) {
            throw Refusal.conflict("Metrics are accepted for OPERATING projects; this one is " + project.status());
        }
        String metric = observation.metric();
        double value = validValue(project, metric, observation.value());
        Instant now = OperationProcess.now();
        Instant observedAt = observation.observedAt() == null ? now : observation.observedAt();
        if (observedAt.isAfter(now.plus(CLOCK_SKEW))) {
            throw Refusal.badRequest("observedAt", "observedAt lies in the future (now is " + now + ")");
        }
        Verdict verdict = thresholds.judge(project, metric, value);
        Optional<DegradationReview> active = verdict.breached() ? operations.activeReview(projectId) : Optional.empty();
        String reviewId = verdict.breached()
                ? active.map(DegradationReview::id)
                        .orElseGet(() -> reviews.open(projectId).id())
                : null;
        MetricObservation stored = new MetricObservation(
                UUID.randomUUID().toString(),
                projectId,
                metric,
                value,
                observedAt,
                now,
                actor.userId(),
                verdict.breached(),
                verdict.threshold(),
                verdict.reason(),
                verdict.policy(),
                reviewId);
        metrics.insert(stored);
        if (verdict.breached()) {
            if (active.isEmpty()) {
                // the running lifecycle starts its degradation review on this message
                engine.asSystemFor(actor.userId(), actor.groups(), () -> runtime.createMessageCorrelation(
                                OperationProcess.MESSAGE_METRIC_BREACHED)
                        .processInstanceId(project.processInstanceId())
                        .correlateWithResult());
            } else {
                reviews.breachAttached(project, active.get());
            }
            events.publishEvent(new MetricBreached(
                    projectId,
                    actor.userId(),
                    stored.id(),
                    metric,
                    value,
                    verdict.threshold(),
                    verdict.reason(),
                    observedAt,
                    reviewId,
                    active.isEmpty(),
                    verdict.policy()));
        }
        return stored;
    }

    @Transactional(readOnly = true)
    public MetricPage list(String projectId, String metric, Instant from, Instant to, int page, int size) {
        if (projects.findById(projectId).isEmpty()) {
            throw Refusal.notFound("No project " + projectId);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw Refusal.badRequest("to", "to must lie after from");
        }
        return new MetricPage(
                metrics.page(projectId, metric, from, to, page, size), metrics.count(projectId, metric, from, to));
    }

    /** A known metric or a declared KPI, a finite number, in the range of its unit. */
    private static double validValue(Project project, String metric, Double value) {
        String unit = MetricThresholds.kpiOf(project, metric).map(Kpi::unit).orElse(KNOWN_METRICS.get(metric));
        if (unit == null) {
            throw Refusal.badRequest(
                    "metric",
                    "unknown metric '" + metric + "': report one of "
                            + KNOWN_METRICS.keySet().stream().sorted().toList()
                            + " or a KPI of the project "
                            + project.kpis().stream().map(Kpi::metric).toList());
        }
        if (value == null) {
            throw Refusal.badRequest("value", "value is required");
        }
        if (!Double.isFinite(value)) {
            throw Refusal.badRequest("value", "value must be a finite number");
        }
        boolean inRange =
                switch (unit) {
                    case "ratio" -> value >= 0 && value <= 1;
                    case "ms", "count", "score" -> value >= 0;
                    default -> true;
                };
        if (!inRange) {
            throw Refusal.badRequest(
                    "value",
                    "ratio".equals(unit)
                            ? metric + " is a ratio between 0 and 1 (97 % is 0.97)"
                            : metric + " (" + unit + ") cannot be negative");
        }
        return value;
    }
}
