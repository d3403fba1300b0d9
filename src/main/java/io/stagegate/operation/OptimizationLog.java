package io.stagegate.operation;

import static io.stagegate.lifecycle.ProjectRepository.instant;
import static io.stagegate.lifecycle.ProjectRepository.utc;

import io.stagegate.operation.OperationRecords.EntryKind;
import io.stagegate.operation.OperationRecords.OptimizationEntry;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The optimization log (优化日志) of an operating project: knowledge refreshes, degradation reviews and their
 * outcomes, new versions put live, operations reviews. Append-only; writers hold the project's row lock, so the
 * sequence has no gaps. A knowledge refresh registers the log as a new {@code optimization-log} version.
 */
@Repository
class OptimizationLog {

    private final JdbcClient jdbc;

    OptimizationLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    OptimizationEntry append(String projectId, EntryKind kind, String actor, String text) {
        long seq = jdbc.sql("select coalesce(max(seq), 0) + 1 from sg_optimization_entry where project_id = :p")
                .param("p", projectId)
                .query(Long.class)
                .single();
        String body =
                text.length() > OperationProcess.NOTE_LIMIT ? text.substring(0, OperationProcess.NOTE_LIMIT) : text;
        OptimizationEntry entry = new OptimizationEntry(
                UUID.randomUUID().toString(), projectId, seq, OperationProcess.now(), kind, actor, body);
        jdbc.sql("insert into sg_optimization_entry (id, project_id, seq, at, kind, actor, text_body) values (:id, :p,"
                        + " :seq, :at, :kind, :actor, :text)")
                .param("id", entry.id())
                .param("p", projectId)
                .param("seq", seq)
                .param("at", utc(entry.at()))
                .param("kind", kind.name())
                .param("actor", actor)
                .param("text", entry.text())
                .update();
        return entry;
    }

    /** Entries in order, oldest first. */
    List<OptimizationEntry> page(String projectId, int page, int size) {
        return jdbc.sql("select * from sg_optimization_entry where project_id = :p order by seq limit :limit"
                        + " offset :offset")
                .param("p", projectId)
                .param("limit", size)
                .param("offset", (long) page * size)
                .query((rs, row) -> new OptimizationEntry(
                        rs.getString("id"),
                        rs.getString("project_id"),
                        rs.getLong("seq"),
                        instant(rs, "at"),
                        EntryKind.valueOf(rs.getString("kind")),
                        rs.getString("actor"),
                        rs.getString("text_body")))
                .list();
    }

    long count(String projectId) {
        return jdbc.sql("select count(*) from sg_optimization_entry where project_id = :p")
                .param("p", projectId)
                .query(Long.class)
                .single();
    }

    /** The whole log as a Markdown document, the content of an {@code optimization-log} version. */
    String render(String projectId, String projectName) {
        StringBuilder text =
                new StringBuilder("# Optimization log — ").append(projectName).append("\n");
        for (OptimizationEntry entry : page(projectId, 0, Integer.MAX_VALUE)) {
            text.append("\n## ")
                    .append(entry.seq())
                    .append(" · ")
                    .append(entry.at())
                    .append(" · ")
                    .append(entry.kind())
                    .append(" · ")
                    .append(entry.actor())
                    .append("\n\n")
                    .append(entry.text())
                    .append("\n");
        }
        return text.toString();
    }
}
