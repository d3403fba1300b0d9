package io.stagegate.operation;

import static io.stagegate.lifecycle.ProjectRepository.instant;
import static io.stagegate.lifecycle.ProjectRepository.utc;

import io.stagegate.operation.OperationRecords.MetricObservation;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Operating metrics: one time series per project and metric, append-only. */
@Repository
class MetricRepository {

    private final JdbcClient jdbc;

    MetricRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(MetricObservation m) {
        jdbc.sql("insert into sg_metric_observation (id, project_id, metric, metric_value, observed_at, received_at,"
                        + " received_by, breached, threshold, reason, policy, review_id) values (:id, :p, :metric,"
                        + " :value, :observed, :received, :by, :breached, :threshold, :reason, :policy, :review)")
                .param("id", m.id())
                .param("p", m.projectId())
                .param("metric", m.metric())
                .param("value", m.value())
                .param("observed", utc(m.observedAt()))
                .param("received", utc(m.receivedAt()))
                .param("by", m.receivedBy())
                .param("breached", m.breached())
                .param("threshold", m.threshold())
                .param("reason", m.reason())
                .param("policy", m.policy())
                .param("review", m.reviewId())
                .update();
    }

    /** A page of the series, oldest observation first; {@code from} inclusive, {@code to} exclusive. */
    List<MetricObservation> page(String projectId, String metric, Instant from, Instant to, int page, int size) {
        Filter filter = filter(projectId, metric, from, to);
        return jdbc.sql("select * from sg_metric_observation" + filter.where()
                        + " order by observed_at, received_at, id limit :limit offset :offset")
                .params(filter.params())
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(this::observation)
                .list();
    }

    long count(String projectId, String metric, Instant from, Instant to) {
        Filter filter = filter(projectId, metric, from, to);
        return jdbc.sql("select count(*) from sg_metric_observation" + filter.where())
                .params(filter.params())
                .query(Long.class)
                .single();
    }

    /** The breaches attached to a degradation review, oldest first. */
    List<MetricObservation> breachesOf(String reviewId) {
        return jdbc.sql("select * from sg_metric_observation where review_id = :review order by observed_at, id")
                .param("review", reviewId)
                .query(this::observation)
                .list();
    }

    /** The breaches of several reviews in one query (the project list), each review's in {@link #breachesOf} order. */
    Map<String, List<MetricObservation>> breachesOfReviews(Collection<String> reviewIds) {
        Map<String, List<MetricObservation>> byReview = new LinkedHashMap<>();
        if (!reviewIds.isEmpty()) {
            jdbc.sql("select * from sg_metric_observation where review_id in (:reviews) order by observed_at, id")
                    .param("reviews", reviewIds)
                    .query(this::observation)
                    .list()
                    .forEach(m -> byReview.computeIfAbsent(m.reviewId(), id -> new ArrayList<>())
                            .add(m));
        }
        return byReview;
    }

    long breachesSince(String projectId, Instant since) {
        return jdbc.sql("select count(*) from sg_metric_observation where project_id = :p and breached = true"
                        + " and received_at >= :since")
                .param("p", projectId)
                .param("since", utc(since))
                .query(Long.class)
                .single();
    }

    /** The metrics observed since a moment, each with its statistics over that time. */
    List<Trend> trends(String projectId, Instant since) {
        return jdbc.sql("select metric, count(*) as n, min(metric_value) as lo, max(metric_value) as hi,"
                        + " avg(metric_value) as mean from sg_metric_observation where project_id = :p"
                        + " and observed_at >= :since group by metric order by metric")
                .param("p", projectId)
                .param("since", utc(since))
                .query((rs, row) -> {
                    String metric = rs.getString("metric");
                    return new Trend(
                            metric,
                            rs.getLong("n"),
                            rs.getDouble("lo"),
                            rs.getDouble("hi"),
                            rs.getDouble("mean"),
                            edge(projectId, metric, since, "asc").orElseThrow(),
                            edge(projectId, metric, since, "desc").orElseThrow());
                })
                .list();
    }

    /** One metric's statistics over a period: how many observations, their range and mean, the first and latest. */
    record Trend(String metric, long count, double min, double max, double mean, double first, double latest) {}

    private Optional<Double> edge(String projectId, String metric, Instant since, String order) {
        return jdbc.sql("select metric_value from sg_metric_observation where project_id = :p and metric = :metric"
                        + " and observed_at >= :since order by observed_at " + order + ", received_at " + order
                        + " limit 1")
                .param("p", projectId)
                .param("metric", metric)
                .param("since", utc(since))
                .query(Double.class)
                .optional();
    }

    private record Filter(String where, Map<String, Object> params) {}

    private static Filter filter(String projectId, String metric, Instant from, Instant to) {
        StringBuilder where = new StringBuilder(" where project_id = :p");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("p", projectId);
        if (metric != null) {
            where.append(" and metric = :metric");
            params.put("metric", metric);
        }
        if (from != null) {
            where.append(" and observed_at >= :from");
            params.put("from", utc(from));
        }
        if (to != null) {
            where.append(" and observed_at < :to");
            params.put("to", utc(to));
        }
        return new Filter(where.toString(), params);
    }

    private MetricObservation observation(ResultSet rs, int row) throws SQLException {
        return new MetricObservation(
                rs.getString("id"),
                rs.getString("project_id"),
                rs.getString("metric"),
                rs.getDouble("metric_value"),
                instant(rs, "observed_at"),
                instant(rs, "received_at"),
                rs.getString("received_by"),
                rs.getBoolean("breached"),
                rs.getObject("threshold", Double.class),
                rs.getString("reason"),
                rs.getString("policy"),
                rs.getString("review_id"));
    }
}
