package io.stagegate.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagegate.lifecycle.ProjectProfile.Audience;
import io.stagegate.lifecycle.ProjectProfile.DomainSpecialization;
import io.stagegate.lifecycle.ProjectProfile.EuRiskClass;
import io.stagegate.lifecycle.ProjectProfile.Industry;
import io.stagegate.lifecycle.ProjectProfile.Jurisdiction;
import io.stagegate.lifecycle.ProjectProfile.PrivacyLevel;
import io.stagegate.lifecycle.ProjectProfile.ProcessComplexity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Projects and their phase progress in Stagegate's own tables; the read model of the project view and lists. */
@Repository
public class ProjectRepository {

    private static final String COLUMNS =
            "id, name, industry, privacy_level, process_complexity, domain_specialization, audience, jurisdictions,"
                    + " eu_risk_class, team_json, kpis_json, status, current_phase, phase_state, recommendation_json,"
                    + " approach_json, validation_loops, launched, process_instance_id, created_by, created_at,"
                    + " updated_at, row_version";

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final PortfolioCounts counts;
    /**
     * The key under which a transaction holds what it has read or written of projects and phases: one gate completion
     * runs several listeners that each read the project and its phase; only this class writes those rows, so within
     * the transaction the last row it read or wrote is the row. Readers get their own copy of a project; a phase is
     * immutable. The reads are bound to the transaction like Spring's own resource holders: unbound while an inner
     * transaction suspends it, dropped when it completes.
     */
    private final Object readsKey = new Object();

    ProjectRepository(JdbcClient jdbc, ObjectMapper json, PortfolioCounts counts) {
        this.jdbc = jdbc;
        this.json = json;
        this.counts = counts;
    }

    private record Reads(Map<String, Project> projects, Map<String, PhaseProgress> phases) {
        Reads() {
            this(new HashMap<>(), new HashMap<>());
        }

        static String key(String projectId, Phase phase) {
            return projectId + "/" + phase.name();
        }
    }

    /** This transaction's reads, or nothing outside a transaction. */
    private Optional<Reads> reads() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || !TransactionSynchronizationManager.isSynchronizationActive()) {
            return Optional.empty();
        }
        Reads reads = (Reads) TransactionSynchronizationManager.getResource(readsKey);
        if (reads == null) {
            reads = new Reads();
            TransactionSynchronizationManager.bindResource(readsKey, reads);
            TransactionSynchronizationManager.registerSynchronization(new ReadsBinding(reads));
        }
        return Optional.of(reads);
    }

    /** Keeps a transaction's reads bound to it alone: not to an inner transaction, not beyond its end. */
    private final class ReadsBinding implements TransactionSynchronization {

        private final Reads reads;

        ReadsBinding(Reads reads) {
            this.reads = reads;
        }

        @Override
        public void suspend() {
            TransactionSynchronizationManager.unbindResource(readsKey);
        }

        @Override
        public void resume() {
            TransactionSynchronizationManager.bindResource(readsKey, reads);
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(readsKey);
        }
    }

    private static void remember(Optional<Reads> reads, Project project) {
        reads.ifPresent(r -> r.projects().put(project.id(), project.copy()));
    }

    void insert(Project project) {
        jdbc.sql(
                        "insert into sg_project (" + COLUMNS + ") values (:id, :name, :industry, :privacy, :complexity,"
                                + " :domain, :audience, :jurisdictions, :euRisk, :team, :kpis, :status, :phase, :phaseState,"
                                + " :recommendation, :approach, :loops, :launched, :pid, :createdBy, :createdAt, :updatedAt, 0)")
                .params(parameters(project))
                .param("createdBy", project.createdBy())
                .param("createdAt", utc(project.createdAt()))
                .update();
        for (Phase phase : Phase.values()) {
            insertPhase(PhaseProgress.notStarted(project.id(), phase));
        }
        counts.added(project.id(), PortfolioCounts.Cell.of(project));
    }

    /** Saves the aggregate; fails if someone else saved it since it was read. */
    public void save(Project project) {
        Instant now = Instant.now();
        int updated = jdbc.sql("update sg_project set name = :name, industry = :industry, privacy_level = :privacy,"
                        + " process_complexity = :complexity, domain_specialization = :domain, audience = :audience,"
                        + " jurisdictions = :jurisdictions, eu_risk_class = :euRisk, team_json = :team,"
                        + " kpis_json = :kpis, status = :status, current_phase = :phase, phase_state = :phaseState,"
                        + " recommendation_json = :recommendation, approach_json = :approach,"
                        + " validation_loops = :loops, launched = :launched, process_instance_id = :pid,"
                        + " updated_at = :updatedAt, row_version = row_version + 1"
                        + " where id = :id and row_version = :rowVersion")
                .params(parameters(project))
                .param("updatedAt", utc(now))
                .param("rowVersion", project.rowVersion())
                .update();
        if (updated != 1) {
            throw new OptimisticLockingFailureException("Project " + project.id() + " changed concurrently");
        }
        counts.moved(project.id(), project.counted(), PortfolioCounts.Cell.of(project));
        project.touched(now, project.rowVersion() + 1);
        remember(reads(), project);
    }

    public Optional<Project> findById(String id) {
        Optional<Reads> reads = reads();
        Project known = reads.map(r -> r.projects().get(id)).orElse(null);
        if (known != null) {
            return Optional.of(known.copy());
        }
        Optional<Project> found = jdbc.sql("select " + COLUMNS + " from sg_project where id = :id")
                .param("id", id)
                .query(this::project)
                .optional();
        found.ifPresent(project -> remember(reads, project));
        return found;
    }

    /**
     * Reads the project and locks its row until the transaction ends, so that writes to one project are
     * serialized whichever channel (this API, engine REST, Tasklist) they come through.
     */
    public Optional<Project> lock(String id) {
        Optional<Project> locked = jdbc.sql("select " + COLUMNS + " from sg_project where id = :id for update")
                .param("id", id)
                .query(this::project)
                .optional();
        locked.ifPresent(project -> remember(reads(), project));
        return locked;
    }

    public ProjectPage find(ProjectQuery query) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        // The filtered columns are constant in the result, so ordering by them first changes nothing but lets H2 read
        // the page in the order of sg_project_portfolio_idx and stop after it (H2 takes an index's order only when
        // the ORDER BY starts with the index's columns; PostgreSQL sees it either way).
        StringBuilder order = new StringBuilder(" order by ");
        Map<String, Object> params = new LinkedHashMap<>();
        if (query.status() != null) {
            where.append(" and status = :status");
            order.append("status, ");
            params.put("status", query.status().name());
        }
        if (query.phase() != null) {
            where.append(" and current_phase = :phase");
            order.append("current_phase, ");
            params.put("phase", query.phase().name());
        }
        if (query.industry() != null) {
            where.append(" and industry = :industry");
            order.append("industry, ");
            params.put("industry", query.industry().name());
        }
        long total = counts.total(where.toString(), params);
        List<Project> items = jdbc.sql("select " + COLUMNS + " from sg_project" + where
                        + order
                        + "created_at desc, id limit :limit offset :offset")
                .params(params)
                .param("limit", query.size())
                .param("offset", (long) query.page() * query.size())
                .query(this::project)
                .list();
        return new ProjectPage(items, total);
    }

    public List<PhaseProgress> phases(String projectId) {
        List<PhaseProgress> phases = jdbc.sql("select * from sg_project_phase where project_id = :id")
                .param("id", projectId)
                .query(this::phaseProgress)
                .list();
        List<PhaseProgress> ordered = new ArrayList<>(phases);
        ordered.sort((a, b) -> Integer.compare(a.phase().order(), b.phase().order()));
        return ordered;
    }

    /** The phases of several projects in one query (the project list), each project's in phase order. */
    public Map<String, List<PhaseProgress>> phasesOf(Collection<String> projectIds) {
        Map<String, List<PhaseProgress>> byProject = new LinkedHashMap<>();
        if (projectIds.isEmpty()) {
            return byProject;
        }
        jdbc.sql("select * from sg_project_phase where project_id in (:ids)")
                .param("ids", projectIds)
                .query(this::phaseProgress)
                .list()
                .forEach(p -> byProject
                        .computeIfAbsent(p.projectId(), id -> new ArrayList<>())
                        .add(p));
        byProject
                .values()
                .forEach(phases ->
                        phases.sort(Comparator.comparingInt(p -> p.phase().order())));
        return byProject;
    }

    public PhaseProgress phase(String projectId, Phase phase) {
        Optional<Reads> reads = reads();
        PhaseProgress known =
                reads.map(r -> r.phases().get(Reads.key(projectId, phase))).orElse(null);
        if (known != null) {
            return known;
        }
        PhaseProgress found = jdbc.sql("select * from sg_project_phase where project_id = :id and phase = :phase")
                .param("id", projectId)
                .param("phase", phase.name())
                .query(this::phaseProgress)
                .single();
        reads.ifPresent(r -> r.phases().put(Reads.key(projectId, phase), found));
        return found;
    }

    public void save(PhaseProgress progress) {
        jdbc.sql("update sg_project_phase set state = :state, iteration = :iteration,"
                        + " evidence_from_iteration = :evidenceFrom, entries = :entries,"
                        + " required_checks = :checks, required_signoffs = :signoffs, policy_json = :policy,"
                        + " submitted_by = :submittedBy, submitted_at = :submittedAt, last_decision = :lastDecision,"
                        + " loop_to = :loopTo, revalidation_required = :revalidation"
                        + " where project_id = :projectId and phase = :phase")
                .params(phaseParameters(progress))
                .update();
        reads().ifPresent(r -> r.phases().put(Reads.key(progress.projectId(), progress.phase()), progress));
    }

    void attachProcessInstance(Project project, String processInstanceId) {
        jdbc.sql("update sg_project set process_instance_id = :pid where id = :id")
                .param("pid", processInstanceId)
                .param("id", project.id())
                .update();
        project.attachProcessInstance(processInstanceId);
        reads().ifPresent(r -> r.projects().remove(project.id()));
    }

    private void insertPhase(PhaseProgress progress) {
        jdbc.sql("insert into sg_project_phase (project_id, phase, state, iteration, evidence_from_iteration,"
                        + " entries, required_checks, required_signoffs, policy_json, submitted_by, submitted_at,"
                        + " last_decision, loop_to, revalidation_required) values (:projectId, :phase, :state,"
                        + " :iteration, :evidenceFrom, :entries, :checks, :signoffs, :policy, :submittedBy,"
                        + " :submittedAt, :lastDecision, :loopTo, :revalidation)")
                .params(phaseParameters(progress))
                .update();
    }

    private Map<String, Object> parameters(Project project) {
        Map<String, Object> params = new LinkedHashMap<>();
        ProjectProfile profile = project.profile();
        params.put("id", project.id());
        params.put("name", project.name());
        params.put("industry", profile.industry().name());
        params.put("privacy", profile.privacyLevel().name());
        params.put("complexity", profile.processComplexity().name());
        params.put("domain", profile.domainSpecialization().name());
        params.put("audience", profile.audience().name());
        params.put(
                "jurisdictions",
                String.join(
                        ",", profile.jurisdictions().stream().map(Enum::name).toList()));
        params.put(
                "euRisk",
                profile.euRiskClass() == null ? null : profile.euRiskClass().name());
        params.put("team", write(project.team()));
        params.put("kpis", write(project.kpis()));
        params.put("status", project.status().name());
        params.put(
                "phase",
                project.currentPhase() == null ? null : project.currentPhase().name());
        params.put(
                "phaseState",
                project.phaseState() == null ? null : project.phaseState().name());
        params.put("recommendation", project.recommendation() == null ? null : write(project.recommendation()));
        params.put("approach", project.approach() == null ? null : write(project.approach()));
        params.put("loops", project.validationLoops());
        params.put("launched", project.launched());
        params.put("pid", project.processInstanceId());
        params.put("updatedAt", utc(project.updatedAt()));
        return params;
    }

    private Map<String, Object> phaseParameters(PhaseProgress progress) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("projectId", progress.projectId());
        params.put("phase", progress.phase().name());
        params.put("state", progress.state().name());
        params.put("iteration", progress.iteration());
        params.put("evidenceFrom", progress.evidenceFromIteration());
        params.put("entries", progress.entries());
        params.put("checks", String.join(",", progress.requiredChecks()));
        params.put("signoffs", String.join(",", progress.requiredSignoffs()));
        params.put("policy", progress.policy());
        params.put("submittedBy", progress.submittedBy());
        params.put("submittedAt", progress.submittedAt() == null ? null : utc(progress.submittedAt()));
        params.put("lastDecision", progress.lastDecision());
        params.put("loopTo", progress.loopTo());
        params.put("revalidation", progress.revalidationRequired());
        return params;
    }

    private Project project(ResultSet rs, int row) throws SQLException {
        String euRisk = rs.getString("eu_risk_class");
        String jurisdictions = rs.getString("jurisdictions");
        ProjectProfile profile = new ProjectProfile(
                Industry.valueOf(rs.getString("industry")),
                PrivacyLevel.valueOf(rs.getString("privacy_level")),
                ProcessComplexity.valueOf(rs.getString("process_complexity")),
                DomainSpecialization.valueOf(rs.getString("domain_specialization")),
                Audience.valueOf(rs.getString("audience")),
                split(jurisdictions).stream().map(Jurisdiction::valueOf).toList(),
                euRisk == null ? null : EuRiskClass.valueOf(euRisk));
        String phase = rs.getString("current_phase");
        String phaseState = rs.getString("phase_state");
        String recommendation = rs.getString("recommendation_json");
        String approach = rs.getString("approach_json");
        return new Project(
                rs.getString("id"),
                rs.getString("name"),
                profile,
                read(rs.getString("team_json"), new TypeReference<Team>() {}),
                read(rs.getString("kpis_json"), new TypeReference<List<Kpi>>() {}),
                ProjectStatus.valueOf(rs.getString("status")),
                phase == null ? null : Phase.valueOf(phase),
                phaseState == null ? null : PhaseState.valueOf(phaseState),
                recommendation == null ? null : read(recommendation, new TypeReference<Recommendation>() {}),
                approach == null ? null : read(approach, new TypeReference<Approach>() {}),
                rs.getInt("validation_loops"),
                rs.getBoolean("launched"),
                rs.getString("process_instance_id"),
                rs.getString("created_by"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                rs.getLong("row_version"));
    }

    private PhaseProgress phaseProgress(ResultSet rs, int row) throws SQLException {
        return new PhaseProgress(
                rs.getString("project_id"),
                Phase.valueOf(rs.getString("phase")),
                PhaseState.valueOf(rs.getString("state")),
                rs.getInt("iteration"),
                rs.getInt("evidence_from_iteration"),
                rs.getInt("entries"),
                split(rs.getString("required_checks")),
                split(rs.getString("required_signoffs")),
                rs.getString("policy_json"),
                rs.getString("submitted_by"),
                instant(rs, "submitted_at"),
                rs.getString("last_decision"),
                rs.getString("loop_to"),
                rs.getBoolean("revalidation_required"));
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static List<String> split(String csv) {
        return csv == null || csv.isBlank() ? List.of() : Arrays.asList(csv.split(","));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "Cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    private <T> T read(String value, TypeReference<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot read stored " + type.getType(), e);
        }
    }
}
