package io.stagegate.audit;

import static io.stagegate.lifecycle.ProjectRepository.instant;
import static io.stagegate.lifecycle.ProjectRepository.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Inserts and reads; this class has no update and no delete, and on PostgreSQL the role may not either. */
@Repository
class AuditRepository {

    private final JdbcClient jdbc;

    AuditRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<AuditEvent> last(String projectId) {
        return jdbc.sql("select * from sg_audit_event where project_id = :p order by seq desc limit 1")
                .param("p", projectId)
                .query(this::event)
                .optional();
    }

    void insert(AuditEvent e) {
        jdbc.sql("insert into sg_audit_event (project_id, seq, at, actor, type, phase, details_json, hash,"
                        + " previous_hash) values (:p, :seq, :at, :actor, :type, :phase, :details, :hash, :prev)")
                .param("p", e.projectId())
                .param("seq", e.seq())
                .param("at", utc(e.at()))
                .param("actor", e.actor())
                .param("type", e.type())
                .param("phase", e.phase())
                .param("details", e.detailsJson())
                .param("hash", e.hash())
                .param("prev", e.previousHash())
                .update();
    }

    List<AuditEvent> page(String projectId, int page, int size) {
        return jdbc.sql("select * from sg_audit_event where project_id = :p order by seq limit :limit offset :offset")
                .param("p", projectId)
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(this::event)
                .list();
    }

    long count(String projectId) {
        return jdbc.sql("select count(*) from sg_audit_event where project_id = :p")
                .param("p", projectId)
                .query(Long.class)
                .single();
    }

    /** Streams every link, chain by chain, in order. */
    void forEachInOrder(Consumer<AuditEvent> consumer) {
        jdbc.sql("select * from sg_audit_event order by project_id, seq").query(this::event).stream()
                .forEach(consumer);
    }

    /** One project's links, in order. */
    List<AuditEvent> chain(String projectId) {
        return jdbc.sql("select * from sg_audit_event where project_id = :p order by seq")
                .param("p", projectId)
                .query(this::event)
                .list();
    }

    private AuditEvent event(ResultSet rs, int row) throws SQLException {
        return new AuditEvent(
                rs.getString("project_id"),
                rs.getLong("seq"),
                instant(rs, "at"),
                rs.getString("actor"),
                rs.getString("type"),
                rs.getString("phase"),
                rs.getString("details_json"),
                rs.getString("hash"),
                rs.getString("previous_hash"));
    }
}
