package io.stagegate.lifecycle;

import io.stagegate.lifecycle.ProjectProfile.Industry;
import jakarta.annotation.PostConstruct;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The number of projects per status, current phase and industry ({@code sg_project_count}), changed in the
 * transaction that changes the project, so that the filtered list's exact total is a sum over a bounded number of
 * rows instead of a count over every matching project. A combination's count is spread over {@value #SLOTS} rows
 * chosen by the project's id: two projects changing at the same time meet on the same row once in sixteen times, and
 * then the second waits for the first to commit rather than for a table-wide counter.
 */
@Repository
class PortfolioCounts {

    static final int SLOTS = 16;

    /** Rows are always changed in this order, so that two moves in opposite directions cannot deadlock. */
    private static final Comparator<Cell> ORDER =
            Comparator.comparing(Cell::status).thenComparing(Cell::phase).thenComparing(Cell::industry);

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TransactionTemplate separately;

    PortfolioCounts(JdbcClient jdbc, JdbcTemplate batch, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.separately = new TransactionTemplate(transactions);
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Creates the zero rows of every combination and slot that has none yet (about four thousand on a new database),
     * so that a change costs one update, the same statement for the first project of a combination as for the
     * next ones. Replicas starting together may both try: the loser of a row re-reads and inserts what is left.
     */
    @PostConstruct
    void createMissingRows() {
        for (int attempt = 1; ; attempt++) {
            try {
                separately.executeWithoutResult(status -> insertMissingRows());
                return;
            } catch (DuplicateKeyException anotherReplica) {
                if (attempt == 3) {
                    throw anotherReplica;
                }
            }
        }
    }

    private void insertMissingRows() {
        Set<List<Object>> existing =
                new HashSet<>(jdbc.sql("select status, current_phase, industry, slot from sg_project_count")
                        .query((rs, row) -> List.<Object>of(
                                rs.getString("status"),
                                rs.getString("current_phase"),
                                rs.getString("industry"),
                                rs.getInt("slot")))
                        .list());
        List<String> phases =
                new ArrayList<>(Arrays.stream(Phase.values()).map(Enum::name).toList());
        phases.add("-");
        List<Object[]> missing = new ArrayList<>();
        for (ProjectStatus status : ProjectStatus.values()) {
            for (String phase : phases) {
                for (Industry industry : Industry.values()) {
                    for (int slot = 0; slot < SLOTS; slot++) {
                        List<Object> key = List.of(status.name(), phase, industry.name(), slot);
                        if (!existing.contains(key)) {
                            missing.add(key.toArray());
                        }
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            batch.batchUpdate(
                    "insert into sg_project_count (status, current_phase, industry, slot, projects)"
                            + " values (?, ?, ?, ?, 0)",
                    missing);
        }
    }

    /** Where a project is counted: its status, current phase and industry. */
    record Cell(String status, String phase, String industry) {

        static Cell of(Project project) {
            return new Cell(
                    project.status().name(),
                    project.currentPhase() == null
                            ? "-"
                            : project.currentPhase().name(),
                    project.profile().industry().name());
        }
    }

    void added(String projectId, Cell cell) {
        change(slot(projectId), cell, 1);
    }

    void moved(String projectId, Cell from, Cell to) {
        if (from.equals(to)) {
            return;
        }
        int slot = slot(projectId);
        if (ORDER.compare(from, to) < 0) {
            change(slot, from, -1);
            change(slot, to, 1);
        } else {
            change(slot, to, 1);
            change(slot, from, -1);
        }
    }

    /** The number of projects matching a filter on status, current_phase and industry (the list's where clause). */
    long total(String where, Map<String, Object> params) {
        return jdbc.sql("select coalesce(sum(projects), 0) from sg_project_count" + where)
                .params(params)
                .query(Long.class)
                .single();
    }

    private void change(int slot, Cell cell, int delta) {
        if (update(slot, cell, delta) == 0) {
            // a row removed since the start (the start creates them all): create it on its own, so that a concurrent
            // creator waits for a committed row instead of failing on the key, then count as usual
            separately.executeWithoutResult(status -> {
                try {
                    jdbc.sql("insert into sg_project_count (status, current_phase, industry, slot, projects)"
                                    + " values (:status, :phase, :industry, :slot, 0)")
                            .params(parameters(slot, cell))
                            .update();
                } catch (DuplicateKeyException alreadyThere) {
                    status.setRollbackOnly();
                }
            });
            if (update(slot, cell, delta) != 1) {
                throw new IllegalStateException("No count row for " + cell + " in slot " + slot);
            }
        }
    }

    private int update(int slot, Cell cell, int delta) {
        return jdbc.sql("update sg_project_count set projects = projects + :delta where status = :status"
                        + " and current_phase = :phase and industry = :industry and slot = :slot")
                .params(parameters(slot, cell))
                .param("delta", delta)
                .update();
    }

    private static Map<String, Object> parameters(int slot, Cell cell) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("status", cell.status());
        params.put("phase", cell.phase());
        params.put("industry", cell.industry());
        params.put("slot", slot);
        return params;
    }

    static int slot(String projectId) {
        return Math.floorMod(projectId.hashCode(), SLOTS);
    }
}
