package io.stagegate.webhook;

import static io.stagegate.lifecycle.ProjectRepository.instant;
import static io.stagegate.lifecycle.ProjectRepository.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Subscriptions. A deleted one keeps its row (who subscribed what, and when) but loses its secret. */
@Repository
class WebhookRepository {

    private final JdbcClient jdbc;

    WebhookRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Subscription s) {
        jdbc.sql("insert into sg_webhook_subscription (id, url, events, secret_ciphertext, created_by, created_at)"
                        + " values (:id, :url, :events, :secret, :by, :at)")
                .param("id", s.id())
                .param("url", s.url())
                .param("events", String.join(",", s.events()))
                .param("secret", s.secretCiphertext())
                .param("by", s.createdBy())
                .param("at", utc(s.createdAt()))
                .update();
    }

    Optional<Subscription> findActive(String id) {
        return jdbc.sql("select * from sg_webhook_subscription where id = :id and deleted_at is null")
                .param("id", id)
                .query(this::subscription)
                .optional();
    }

    /** Active subscriptions, newest first; all of them when {@code createdBy} is null. */
    List<Subscription> page(String createdBy, int page, int size) {
        return byCreator(
                        "select * from sg_webhook_subscription",
                        createdBy,
                        " order by created_at desc, id limit :limit offset :offset")
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(this::subscription)
                .list();
    }

    long count(String createdBy) {
        return byCreator("select count(*) from sg_webhook_subscription", createdBy, "")
                .query(Long.class)
                .single();
    }

    private JdbcClient.StatementSpec byCreator(String select, String createdBy, String rest) {
        if (createdBy == null) {
            return jdbc.sql(select + " where deleted_at is null" + rest);
        }
        return jdbc.sql(select + " where deleted_at is null and created_by = :by" + rest)
                .param("by", createdBy);
    }

    List<Subscription> subscribedTo(String type) {
        return jdbc
                .sql("select * from sg_webhook_subscription where deleted_at is null")
                .query(this::subscription)
                .stream()
                .filter(s -> s.wants(type))
                .toList();
    }

    boolean delete(String id, String by, Instant at) {
        return jdbc.sql("update sg_webhook_subscription set deleted_at = :at, deleted_by = :by,"
                                + " secret_ciphertext = null where id = :id and deleted_at is null")
                        .param("at", utc(at))
                        .param("by", by)
                        .param("id", id)
                        .update()
                == 1;
    }

    private Subscription subscription(ResultSet rs, int row) throws SQLException {
        return new Subscription(
                rs.getString("id"),
                rs.getString("url"),
                Arrays.asList(rs.getString("events").split(",")),
                rs.getString("secret_ciphertext"),
                rs.getString("created_by"),
                instant(rs, "created_at"));
    }
}
