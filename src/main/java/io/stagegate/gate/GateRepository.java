package io.stagegate.gate;

import static io.stagegate.lifecycle.ProjectRepository.instant;
import static io.stagegate.lifecycle.ProjectRepository.utc;

import io.stagegate.gate.GateRecords.CheckConfirmation;
import io.stagegate.gate.GateRecords.GateDecisionRecord;
import io.stagegate.gate.GateRecords.Signoff;
import io.stagegate.lifecycle.Phase;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class GateRepository {

    private final JdbcClient jdbc;

    GateRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(CheckConfirmation c) {
        jdbc.sql("insert into sg_check_confirmation (id, project_id, phase, iteration, check_key, confirmed, evidence,"
                        + " confirmed_by, confirmed_at) values (:id, :p, :phase, :it, :key, :confirmed, :evidence, :by,"
                        + " :at)")
                .param("id", c.id())
                .param("p", c.projectId())
                .param("phase", c.phase().name())
                .param("it", c.iteration())
                .param("key", c.checkKey())
                .param("confirmed", c.confirmed())
                .param("evidence", c.evidence())
                .param("by", c.confirmedBy())
                .param("at", utc(c.confirmedAt()))
                .update();
    }

    /** The latest confirmation of each check of the phase, counting from the given iteration on. */
    Map<String, CheckConfirmation> latestChecks(String projectId, Phase phase, int fromIteration) {
        Map<String, CheckConfirmation> latest = new LinkedHashMap<>();
        jdbc.sql("select * from sg_check_confirmation where project_id = :p and phase = :phase and iteration >= :from"
                        + " order by confirmed_at, id")
                .param("p", projectId)
                .param("phase", phase.name())
                .param("from", fromIteration)
                .query(GateRepository::checkConfirmation)
                .list()
                .forEach(c -> latest.put(c.checkKey(), c));
        return latest;
    }

    void insert(Signoff s) {
        jdbc.sql("insert into sg_signoff (id, project_id, phase, iteration, function_key, decision, comment_text,"
                        + " signed_by, signed_at) values (:id, :p, :phase, :it, :fn, :decision, :comment, :by, :at)")
                .param("id", s.id())
                .param("p", s.projectId())
                .param("phase", s.phase().name())
                .param("it", s.iteration())
                .param("fn", s.function())
                .param("decision", s.decision())
                .param("comment", s.comment())
                .param("by", s.signedBy())
                .param("at", utc(s.signedAt()))
                .update();
    }

    List<Signoff> signoffs(String projectId, Phase phase, int iteration) {
        return jdbc.sql("select * from sg_signoff where project_id = :p and phase = :phase and iteration = :it"
                        + " order by signed_at, id")
                .param("p", projectId)
                .param("phase", phase.name())
                .param("it", iteration)
                .query(GateRepository::signoff)
                .list();
    }

    /** Every check confirmation of the given phases of several projects, in one query (the project list). */
    List<CheckConfirmation> checksOf(Collection<String> projectIds, Collection<Phase> phases) {
        if (projectIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from sg_check_confirmation where project_id in (:ids) and phase in (:phases)"
                        + " order by confirmed_at, id")
                .param("ids", projectIds)
                .param("phases", phases.stream().map(Phase::name).toList())
                .query(GateRepository::checkConfirmation)
                .list();
    }

    /** Every sign-off of the given phases of several projects, in one query (the project list). */
    List<Signoff> signoffsOf(Collection<String> projectIds, Collection<Phase> phases) {
        if (projectIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from sg_signoff where project_id in (:ids) and phase in (:phases)"
                        + " order by signed_at, id")
                .param("ids", projectIds)
                .param("phases", phases.stream().map(Phase::name).toList())
                .query(GateRepository::signoff)
                .list();
    }

    private static CheckConfirmation checkConfirmation(ResultSet rs, int row) throws SQLException {
        return new CheckConfirmation(
                rs.getString("id"),
                rs.getString("project_id"),
                Phase.valueOf(rs.getString("phase")),
                rs.getInt("iteration"),
                rs.getString("check_key"),
                rs.getBoolean("confirmed"),
                rs.getString("evidence"),
                rs.getString("confirmed_by"),
                instant(rs, "confirmed_at"));
    }

    private static Signoff signoff(ResultSet rs, int row) throws SQLException {
        return new Signoff(
                rs.getString("id"),
                rs.getString("project_id"),
                Phase.valueOf(rs.getString("phase")),
                rs.getInt("iteration"),
                rs.getString("function_key"),
                rs.getString("decision"),
                rs.getString("comment_text"),
                rs.getString("signed_by"),
                instant(rs, "signed_at"));
    }

    void insert(GateDecisionRecord d) {
        jdbc.sql("insert into sg_gate_decision (id, project_id, phase, iteration, decision, loop_to, comment_text,"
                        + " decided_by, decided_at, evidence_json) values (:id, :p, :phase, :it, :decision, :loopTo,"
                        + " :comment, :by, :at, :evidence)")
                .param("id", d.id())
                .param("p", d.projectId())
                .param("phase", d.phase().name())
                .param("it", d.iteration())
                .param("decision", d.decision())
                .param("loopTo", d.loopTo())
                .param("comment", d.comment())
                .param("by", d.decidedBy())
                .param("at", utc(d.decidedAt()))
                .param("evidence", d.evidenceJson())
                .update();
    }
}
