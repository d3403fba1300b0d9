package io.stagegate.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stagegate.lifecycle.LifecycleProcess;
import io.stagegate.lifecycle.ProjectStatus;
import io.stagegate.operation.OperationProcess;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Gauges over Stagegate's own tables: open tasks per task type ({@code sg_task}), projects per status
 * ({@code sg_project}) and webhook deliveries per status plus the pending backlog and its age
 * ({@code sg_webhook_delivery}). Each table is read with one grouped query, cached for
 * {@code stagegate.observability.gauge-refresh}, so a scrape costs at most three small queries however many series
 * there are, and nothing between scrapes. The tag values are fixed lists (the models' task keys, the statuses), so a
 * series never appears or disappears with the data.
 */
@Component
class ReadModelGauges {

    static final List<String> TASK_KEYS = List.of(
            LifecycleProcess.TASK_PREPARE,
            LifecycleProcess.TASK_SIGNOFF,
            LifecycleProcess.TASK_GATE_REVIEW,
            OperationProcess.TASK_KNOWLEDGE_REFRESH,
            OperationProcess.TASK_OPERATIONS_REVIEW,
            OperationProcess.TASK_DEGRADATION_REVIEW);
    static final List<String> DELIVERY_STATUSES = List.of("PENDING", "DELIVERED", "FAILED");
    private static final String BACKLOG_OLDEST = "oldest";

    private final Cached tasks;
    private final Cached projects;
    private final Cached deliveries;

    ReadModelGauges(MeterRegistry registry, JdbcTemplate jdbc, ObservabilityProperties properties) {
        Clock clock = Clock.systemUTC();
        Duration ttl = properties.gaugeRefresh();
        this.tasks =
                new Cached(clock, ttl, () -> grouped(jdbc, "select task_key, count(*) from sg_task group by task_key"));
        this.projects =
                new Cached(clock, ttl, () -> grouped(jdbc, "select status, count(*) from sg_project group by status"));
        this.deliveries = new Cached(clock, ttl, () -> {
            Map<String, Double> counts =
                    grouped(jdbc, "select status, count(*) from sg_webhook_delivery group by status");
            Timestamp oldest = jdbc.queryForObject(
                    "select min(created_at) from sg_webhook_delivery where status = 'PENDING'", Timestamp.class);
            counts.put(
                    BACKLOG_OLDEST,
                    oldest == null
                            ? 0.0
                            : Math.max(
                                    0,
                                    Duration.between(oldest.toInstant(), clock.instant())
                                                    .toMillis()
                                            / 1000.0));
            return counts;
        });
        for (String key : TASK_KEYS) {
            Gauge.builder("stagegate.tasks.open", tasks, cached -> cached.get(key))
                    .description("Open user tasks by type (read model)")
                    .tag("task", key)
                    .register(registry);
        }
        for (ProjectStatus status : ProjectStatus.values()) {
            Gauge.builder("stagegate.projects", projects, cached -> cached.get(status.name()))
                    .description("Projects by status")
                    .tag("status", status.name())
                    .register(registry);
        }
        for (String status : DELIVERY_STATUSES) {
            Gauge.builder("stagegate.webhook.deliveries", deliveries, cached -> cached.get(status))
                    .description("Webhook deliveries in the delivery log by status (PENDING is the backlog)")
                    .tag("status", status)
                    .register(registry);
        }
        Gauge.builder("stagegate.webhook.backlog.age", deliveries, cached -> cached.get(BACKLOG_OLDEST))
                .description("Age of the oldest pending webhook delivery")
                .baseUnit("seconds")
                .register(registry);
    }

    private static Map<String, Double> grouped(JdbcTemplate jdbc, String sql) {
        Map<String, Double> counts = new HashMap<>();
        jdbc.query(sql, row -> {
            counts.put(row.getString(1), (double) row.getLong(2));
        });
        return counts;
    }

    /** The latest counts, read again when older than the refresh interval; one refresh at a time. */
    static final class Cached {

        private final Clock clock;
        private final Duration ttl;
        private final Supplier<Map<String, Double>> loader;
        private Map<String, Double> values = Map.of();
        private Instant loadedAt = Instant.MIN;

        Cached(Clock clock, Duration ttl, Supplier<Map<String, Double>> loader) {
            this.clock = clock;
            this.ttl = ttl;
            this.loader = loader;
        }

        synchronized double get(String key) {
            Instant now = clock.instant();
            if (loadedAt.plus(ttl).isBefore(now)) {
                values = loader.get();
                loadedAt = now;
            }
            return values.getOrDefault(key, 0.0);
        }
    }
}
