package io.stagegate.webhook;

import static io.stagegate.lifecycle.ProjectRepository.instant;
import static io.stagegate.lifecycle.ProjectRepository.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The outbox and delivery log in one table. A row is claimed by one node with a single conditional update before it
 * is sent, and the result is written only by the node that holds the claim; every statement commits on its own, so
 * no transaction stays open while a receiver answers.
 */
@Repository
class DeliveryRepository {

    private final JdbcClient jdbc;

    DeliveryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Delivery d) {
        jdbc.sql("insert into sg_webhook_delivery (id, subscription_id, event_id, event_type, project_id, project_seq,"
                        + " payload, status, attempts, created_at, next_attempt_at, redelivery_of) values (:id, :sub,"
                        + " :event, :type, :project, :seq, :payload, :status, 0, :at, :next, :of)")
                .param("id", d.id())
                .param("sub", d.subscriptionId())
                .param("event", d.eventId())
                .param("type", d.eventType())
                .param("project", d.projectId())
                .param("seq", d.projectSeq())
                .param("payload", d.payload())
                .param("status", d.status().name())
                .param("at", utc(d.createdAt()))
                .param("next", utc(d.nextAttemptAt()))
                .param("of", d.redeliveryOf())
                .update();
    }

    /**
     * Due deliveries that head their queue: the queue of a subscription and a project is served in project sequence,
     * so a row waits while an earlier pending row of its queue exists (whether due, backing off or being sent by
     * any node). Delivered and parked rows do not hold a queue up.
     */
    List<Delivery> dueHeads(Instant now, int limit) {
        return jdbc.sql("select d.* from sg_webhook_delivery d join sg_webhook_subscription s on s.id ="
                        + " d.subscription_id where d.status = 'PENDING' and d.next_attempt_at <= :now and"
                        + " s.deleted_at is null and (d.claimed_until is null or d.claimed_until < :now) and not"
                        + " exists (select 1 from sg_webhook_delivery e where e.subscription_id ="
                        + " d.subscription_id and e.project_id = d.project_id and e.status = 'PENDING' and e.id <>"
                        + " d.id and (e.project_seq < d.project_seq or e.claimed_until >= :now)) order by"
                        + " d.next_attempt_at, d.project_seq limit :limit")
                .param("now", utc(now))
                .param("limit", limit)
                .query(this::delivery)
                .list();
    }

    /**
     * Reserves the row for this node until {@code until}; false if another node holds it, it is done, or another
     * node's failed attempt has meanwhile put it back to wait.
     */
    boolean claim(String id, String node, Instant now, Instant until) {
        return jdbc.sql("update sg_webhook_delivery set claimed_by = :node, claimed_until = :until where id = :id"
                                + " and status = 'PENDING' and next_attempt_at <= :now"
                                + " and (claimed_until is null or claimed_until < :now)")
                        .param("node", node)
                        .param("until", utc(until))
                        .param("id", id)
                        .param("now", utc(now))
                        .update()
                == 1;
    }

    void delivered(String id, String node, Instant at, int statusCode) {
        jdbc.sql("update sg_webhook_delivery set status = 'DELIVERED', attempts = attempts + 1, last_attempt_at = :at,"
                        + " last_status_code = :code, last_error = null, next_attempt_at = null, claimed_by = null,"
                        + " claimed_until = null where id = :id and claimed_by = :node and status = 'PENDING'")
                .param("at", utc(at))
                .param("code", statusCode)
                .param("id", id)
                .param("node", node)
                .update();
    }

    /** A failed attempt: back to PENDING until {@code nextAttemptAt}, or parked as FAILED when that is null. */
    void failed(String id, String node, Instant at, Integer statusCode, String error, Instant nextAttemptAt) {
        jdbc.sql("update sg_webhook_delivery set status = :status, attempts = attempts + 1, last_attempt_at = :at,"
                        + " last_status_code = :code, last_error = :error, next_attempt_at = :next, claimed_by = null,"
                        + " claimed_until = null where id = :id and claimed_by = :node and status = 'PENDING'")
                .param("status", (nextAttemptAt == null ? DeliveryStatus.FAILED : DeliveryStatus.PENDING).name())
                .param("at", utc(at))
                .param("code", statusCode)
                .param("error", error)
                .param("next", utc(nextAttemptAt))
                .param("id", id)
                .param("node", node)
                .update();
    }

    /** Gives a claimed row back untouched (the node is shutting down before it could send). */
    void release(String id, String node) {
        jdbc.sql("update sg_webhook_delivery set claimed_by = null, claimed_until = null where id = :id"
                        + " and claimed_by = :node and status = 'PENDING'")
                .param("id", id)
                .param("node", node)
                .update();
    }

    /** Parks every pending row of a deleted subscription, so that the log says why they were never delivered. */
    void parkPending(String subscriptionId, Instant at, String reason) {
        jdbc.sql("update sg_webhook_delivery set status = 'FAILED', last_error = :reason, next_attempt_at ="
                        + " null, claimed_by = null, claimed_until = null where subscription_id = :sub and status"
                        + " = 'PENDING'")
                .param("reason", reason)
                .param("sub", subscriptionId)
                .update();
    }

    Optional<Delivery> find(String subscriptionId, String id) {
        return jdbc.sql("select * from sg_webhook_delivery where subscription_id = :sub and id = :id")
                .param("sub", subscriptionId)
                .param("id", id)
                .query(this::delivery)
                .optional();
    }

    boolean hasPending(String subscriptionId, String eventId) {
        return jdbc.sql("select count(*) from sg_webhook_delivery where subscription_id = :sub and event_id = :event"
                                + " and status = 'PENDING'")
                        .param("sub", subscriptionId)
                        .param("event", eventId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** The subscription's log, newest first, optionally of one status. */
    List<Delivery> page(String subscriptionId, DeliveryStatus status, int page, int size) {
        return filtered(
                        "select * from sg_webhook_delivery",
                        subscriptionId,
                        status,
                        " order by created_at desc, project_seq desc, id limit :limit offset :offset")
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(this::delivery)
                .list();
    }

    long count(String subscriptionId, DeliveryStatus status) {
        return filtered("select count(*) from sg_webhook_delivery", subscriptionId, status, "")
                .query(Long.class)
                .single();
    }

    /** Forgets delivered and parked rows created before {@code before}. */
    int purge(Instant before) {
        return jdbc.sql("delete from sg_webhook_delivery where status in ('DELIVERED', 'FAILED') and created_at <"
                        + " :before")
                .param("before", utc(before))
                .update();
    }

    private JdbcClient.StatementSpec filtered(
            String select, String subscriptionId, DeliveryStatus status, String rest) {
        if (status == null) {
            return jdbc.sql(select + " where subscription_id = :sub" + rest).param("sub", subscriptionId);
        }
        return jdbc.sql(select + " where subscription_id = :sub and status = :status" + rest)
                .param("sub", subscriptionId)
                .param("status", status.name());
    }

    private Delivery delivery(ResultSet rs, int row) throws SQLException {
        return new Delivery(
                rs.getString("id"),
                rs.getString("subscription_id"),
                rs.getString("event_id"),
                rs.getString("event_type"),
                rs.getString("project_id"),
                rs.getLong("project_seq"),
                rs.getString("payload"),
                DeliveryStatus.valueOf(rs.getString("status")),
                rs.getInt("attempts"),
                instant(rs, "created_at"),
                instant(rs, "last_attempt_at"),
                rs.getObject("last_status_code", Integer.class),
                rs.getString("last_error"),
                instant(rs, "next_attempt_at"),
                rs.getString("redelivery_of"));
    }
}
