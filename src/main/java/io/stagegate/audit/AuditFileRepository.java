package io.stagegate.audit;

import static io.stagegate.lifecycle.ProjectRepository.instant;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads, never writes, the records an audit file is made of: the gate decisions with the evidence they were taken
 * on, every deliverable version with its hash, and the confirmed checks. Read straight from the tables, so the
 * file shows what is stored, not what a feature's current rules make of it.
 */
@Repository
class AuditFileRepository {

    private final JdbcClient jdbc;

    AuditFileRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<DecisionRow> decisions(String projectId) {
        return jdbc.sql("select * from sg_gate_decision where project_id = :p order by decided_at, id")
                .param("p", projectId)
                .query((rs, row) -> new DecisionRow(
                        rs.getString("id"),
                        rs.getString("phase"),
                        rs.getInt("iteration"),
                        rs.getString("decision"),
                        rs.getString("loop_to"),
                        rs.getString("comment_text"),
                        rs.getString("decided_by"),
                        instant(rs, "decided_at"),
                        rs.getString("evidence_json")))
                .list();
    }

    List<DeliverableRow> deliverables(String projectId) {
        return jdbc.sql("select * from sg_deliverable where project_id = :p order by submitted_at, type, version")
                .param("p", projectId)
                .query((rs, row) -> new DeliverableRow(
                        rs.getString("id"),
                        rs.getString("phase"),
                        rs.getString("type"),
                        rs.getInt("version"),
                        rs.getInt("iteration"),
                        rs.getString("title"),
                        rs.getString("uri"),
                        rs.getString("sha256"),
                        rs.getObject("size_bytes", Long.class),
                        rs.getString("media_type"),
                        rs.getString("file_name"),
                        rs.getString("submitted_by"),
                        instant(rs, "submitted_at")))
                .list();
    }

    List<CheckRow> confirmedChecks(String projectId) {
        return jdbc.sql("select * from sg_check_confirmation where project_id = :p and confirmed = true"
                        + " order by confirmed_at, check_key")
                .param("p", projectId)
                .query((rs, row) -> new CheckRow(
                        rs.getString("phase"),
                        rs.getInt("iteration"),
                        rs.getString("check_key"),
                        rs.getString("evidence"),
                        rs.getString("confirmed_by"),
                        instant(rs, "confirmed_at")))
                .list();
    }

    record DecisionRow(
            String id,
            String phase,
            int iteration,
            String decision,
            String loopTo,
            String comment,
            String decidedBy,
            Instant decidedAt,
            String evidenceJson) {}

    record DeliverableRow(
            String id,
            String phase,
            String type,
            int version,
            int iteration,
            String title,
            String uri,
            String sha256,
            Long sizeBytes,
            String mediaType,
            String fileName,
            String submittedBy,
            Instant submittedAt) {}

    record CheckRow(
            String phase, int iteration, String checkKey, String evidence, String confirmedBy, Instant confirmedAt) {}
}
