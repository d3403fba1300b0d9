package io.stagegate.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stagegate.audit.AuditEventRecorded;
import io.stagegate.gate.GateEvents.GateDecided;
import io.stagegate.lifecycle.ProjectEvent;
import io.stagegate.operation.OperationEvents.MetricBreached;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Counts what happens to projects, from the audit module's {@link AuditEventRecorded} (one per project event that
 * became an audit link) and only once its transaction committed, so that a refused or rolled-back change is never
 * counted. Tags are low-cardinality on purpose: phase, decision, event type; never a project id or a metric name
 * (metric names are chosen per project).
 *
 * <ul>
 *   <li>{@code stagegate.audit.events{type}}: audit links appended;
 *   <li>{@code stagegate.gate.decisions{phase,decision}}: gate decisions;
 *   <li>{@code stagegate.gate.lead.time{phase,decision}}: from the phase's latest entry (its audit link) to the
 *       decision, read from the audit chain so that it is right on every replica and across restarts;
 *   <li>{@code stagegate.metric.breaches{review}}: breaches, {@code opened} when one opened a degradation review,
 *       {@code joined} when it joined the review in progress.
 * </ul>
 */
@Component
class BusinessMetrics {

    private static final String PHASE_ENTERED = "PHASE_ENTERED";

    private final MeterRegistry registry;
    private final JdbcTemplate jdbc;

    BusinessMetrics(MeterRegistry registry, JdbcTemplate jdbc) {
        this.registry = registry;
        this.jdbc = jdbc;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(AuditEventRecorded recorded) {
        ProjectEvent event = recorded.source();
        Counter.builder("stagegate.audit.events")
                .description("Links appended to the projects' audit chains")
                .tag("type", event.type())
                .register(registry)
                .increment();
        if (event instanceof GateDecided decided) {
            String phase = decided.phase().name();
            Counter.builder("stagegate.gate.decisions")
                    .description("Gate decisions")
                    .tag("phase", phase)
                    .tag("decision", decided.decision())
                    .register(registry)
                    .increment();
            phaseEntered(decided.projectId(), phase, recorded.projectSeq())
                    .ifPresent(entered -> Timer.builder("stagegate.gate.lead.time")
                            .description("From entering a phase to its gate decision")
                            .tag("phase", phase)
                            .tag("decision", decided.decision())
                            .publishPercentileHistogram()
                            .minimumExpectedValue(Duration.ofMinutes(1))
                            .maximumExpectedValue(Duration.ofDays(365))
                            .register(registry)
                            .record(Duration.between(entered, recorded.at())));
        } else if (event instanceof MetricBreached breached) {
            Counter.builder("stagegate.metric.breaches")
                    .description("Operating metrics that breached their threshold")
                    .tag("review", breached.reviewOpened() ? "opened" : "joined")
                    .register(registry)
                    .increment();
        }
    }

    private java.util.Optional<Instant> phaseEntered(String projectId, String phase, long beforeSeq) {
        Timestamp at = jdbc.queryForObject(
                "select max(at) from sg_audit_event where project_id = ? and type = ? and phase = ? and seq < ?",
                Timestamp.class,
                projectId,
                PHASE_ENTERED,
                phase,
                beforeSeq);
        return java.util.Optional.ofNullable(at).map(Timestamp::toInstant);
    }
}
