package io.stagegate.operation;

import static io.stagegate.lifecycle.ProjectRepository.instant;
import static io.stagegate.lifecycle.ProjectRepository.utc;

import io.stagegate.operation.OperationRecords.DegradationReview;
import io.stagegate.operation.OperationRecords.KnowledgeRefresh;
import io.stagegate.operation.OperationRecords.OperationSchedule;
import io.stagegate.operation.OperationRecords.OperationsReview;
import io.stagegate.operation.OperationRecords.ReviewOutcome;
import io.stagegate.operation.OperationRecords.ReviewState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.Period;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The operation schedule, degradation reviews, knowledge refreshes and operations reviews of each project. */
@Repository
class OperationRepository {

    private final JdbcClient jdbc;

    OperationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // schedule

    Optional<OperationSchedule> schedule(String projectId) {
        return jdbc.sql("select * from sg_operation where project_id = :p")
                .param("p", projectId)
                .query(this::scheduleRow)
                .optional();
    }

    /** The schedules of several projects in one query (the project list). */
    Map<String, OperationSchedule> schedules(Collection<String> projectIds) {
        Map<String, OperationSchedule> byProject = new LinkedHashMap<>();
        if (!projectIds.isEmpty()) {
            jdbc.sql("select * from sg_operation where project_id in (:ids)")
                    .param("ids", projectIds)
                    .query(this::scheduleRow)
                    .list()
                    .forEach(s -> byProject.put(s.projectId(), s));
        }
        return byProject;
    }

    /** Each project's active review as {@link #activeReview} picks it, for several projects in one query. */
    Map<String, DegradationReview> activeReviews(Collection<String> projectIds) {
        Map<String, DegradationReview> byProject = new LinkedHashMap<>();
        if (!projectIds.isEmpty()) {
            jdbc.sql("select * from sg_degradation_review where project_id in (:ids) and state <> :closed"
                            + " order by opened_at desc, id")
                    .param("ids", projectIds)
                    .param("closed", ReviewState.CLOSED.name())
                    .query(this::reviewRow)
                    .list()
                    .forEach(r -> byProject.putIfAbsent(r.projectId(), r));
        }
        return byProject;
    }

    /** Each project's open refresh as {@link #openRefresh} picks it, for several projects in one query. */
    Map<String, KnowledgeRefresh> openRefreshes(Collection<String> projectIds) {
        Map<String, KnowledgeRefresh> byProject = new LinkedHashMap<>();
        if (!projectIds.isEmpty()) {
            jdbc.sql("select * from sg_knowledge_refresh where project_id in (:ids) and completed_at is null"
                            + " order by scheduled_for desc")
                    .param("ids", projectIds)
                    .query(this::refreshRow)
                    .list()
                    .forEach(r -> byProject.putIfAbsent(r.projectId(), r));
        }
        return byProject;
    }

    void save(OperationSchedule s) {
        int updated = jdbc.sql("update sg_operation set refresh_cycle = :cycle, review_period = :period,"
                        + " launched_at = :launched, next_refresh_due = :nextRefresh, last_refresh_at = :lastRefresh,"
                        + " next_review_due = :nextReview, last_review_at = :lastReview, last_review_by = :reviewer"
                        + " where project_id = :p")
                .params(scheduleParameters(s))
                .update();
        if (updated == 0) {
            jdbc.sql("insert into sg_operation (project_id, refresh_cycle, review_period, launched_at,"
                            + " next_refresh_due, last_refresh_at, next_review_due, last_review_at, last_review_by)"
                            + " values (:p, :cycle, :period, :launched, :nextRefresh, :lastRefresh, :nextReview,"
                            + " :lastReview, :reviewer)")
                    .params(scheduleParameters(s))
                    .update();
        }
    }

    // degradation reviews

    void insert(DegradationReview r) {
        jdbc.sql("insert into sg_degradation_review (id, project_id, task_id, state, opened_at) values (:id, :p,"
                        + " :task, :state, :opened)")
                .param("id", r.id())
                .param("p", r.projectId())
                .param("task", r.taskId())
                .param("state", r.state().name())
                .param("opened", utc(r.openedAt()))
                .update();
    }

    /** The review in progress: open, or deciding a re-iteration that has not gone live yet. */
    Optional<DegradationReview> activeReview(String projectId) {
        return jdbc.sql("select * from sg_degradation_review where project_id = :p and state <> :closed"
                        + " order by opened_at desc, id limit 1")
                .param("p", projectId)
                .param("closed", ReviewState.CLOSED.name())
                .query(this::reviewRow)
                .optional();
    }

    /** The open review still waiting for its task: the one a breach just correlated. */
    Optional<DegradationReview> reviewAwaitingTask(String projectId) {
        return activeReview(projectId).filter(r -> r.state() == ReviewState.OPEN && r.taskId() == null);
    }

    Optional<DegradationReview> reviewOfTask(String taskId) {
        return jdbc.sql("select * from sg_degradation_review where task_id = :task")
                .param("task", taskId)
                .query(this::reviewRow)
                .optional();
    }

    /** The most recently decided review of the project: the one whose outcome the process follows now. */
    Optional<DegradationReview> lastDecidedReview(String projectId) {
        return jdbc.sql("select * from sg_degradation_review where project_id = :p and outcome is not null"
                        + " order by decided_at desc, id limit 1")
                .param("p", projectId)
                .query(this::reviewRow)
                .optional();
    }

    void attachTask(String reviewId, String taskId) {
        jdbc.sql("update sg_degradation_review set task_id = :task where id = :id")
                .param("task", taskId)
                .param("id", reviewId)
                .update();
    }

    void decide(String reviewId, ReviewOutcome outcome, String note, String by, Instant at, ReviewState state) {
        jdbc.sql("update sg_degradation_review set outcome = :outcome, note = :note, decided_by = :by,"
                        + " decided_at = :at, state = :state, closed_at = :closed where id = :id")
                .param("outcome", outcome.name())
                .param("note", note)
                .param("by", by)
                .param("at", utc(at))
                .param("state", state.name())
                .param("closed", state == ReviewState.CLOSED ? utc(at) : null)
                .param("id", reviewId)
                .update();
    }

    void close(String reviewId, Instant at) {
        jdbc.sql("update sg_degradation_review set state = :state, closed_at = :at where id = :id")
                .param("state", ReviewState.CLOSED.name())
                .param("at", utc(at))
                .param("id", reviewId)
                .update();
    }

    // knowledge refreshes

    void insert(KnowledgeRefresh r) {
        jdbc.sql("insert into sg_knowledge_refresh (task_id, project_id, scheduled_for, due, baseline_version)"
                        + " values (:task, :p, :scheduled, :due, :baseline)")
                .param("task", r.taskId())
                .param("p", r.projectId())
                .param("scheduled", utc(r.scheduledFor()))
                .param("due", utc(r.due()))
                .param("baseline", r.baselineVersion())
                .update();
    }

    Optional<KnowledgeRefresh> refresh(String taskId) {
        return jdbc.sql("select * from sg_knowledge_refresh where task_id = :task")
                .param("task", taskId)
                .query(this::refreshRow)
                .optional();
    }

    /** The refresh whose task is open (at most one: the cycle waits for it). */
    Optional<KnowledgeRefresh> openRefresh(String projectId) {
        return jdbc.sql("select * from sg_knowledge_refresh where project_id = :p and completed_at is null"
                        + " order by scheduled_for desc limit 1")
                .param("p", projectId)
                .query(this::refreshRow)
                .optional();
    }

    long refreshesCompletedSince(String projectId, Instant since) {
        return jdbc.sql("select count(*) from sg_knowledge_refresh where project_id = :p and completed_at >= :since")
                .param("p", projectId)
                .param("since", utc(since))
                .query(Long.class)
                .single();
    }

    void escalated(String taskId, Instant at) {
        jdbc.sql("update sg_knowledge_refresh set escalated_at = :at where task_id = :task and escalated_at is null")
                .param("at", utc(at))
                .param("task", taskId)
                .update();
    }

    void completed(String taskId, String by, Instant at, int knowledgeBaseVersion, int optimizationLogVersion) {
        jdbc.sql("update sg_knowledge_refresh set completed_at = :at, completed_by = :by,"
                        + " knowledge_base_version = :kb, optimization_log_version = :log where task_id = :task")
                .param("at", utc(at))
                .param("by", by)
                .param("kb", knowledgeBaseVersion)
                .param("log", optimizationLogVersion)
                .param("task", taskId)
                .update();
    }

    // operations reviews

    void insert(OperationsReview r) {
        jdbc.sql("insert into sg_operations_review (task_id, project_id, since, created_at, summary) values (:task,"
                        + " :p, :since, :created, :summary)")
                .param("task", r.taskId())
                .param("p", r.projectId())
                .param("since", utc(r.since()))
                .param("created", utc(r.createdAt()))
                .param("summary", r.summary())
                .update();
    }

    Optional<OperationsReview> operationsReview(String taskId) {
        return jdbc.sql("select * from sg_operations_review where task_id = :task")
                .param("task", taskId)
                .query((rs, row) -> new OperationsReview(
                        rs.getString("task_id"),
                        rs.getString("project_id"),
                        instant(rs, "since"),
                        instant(rs, "created_at"),
                        rs.getString("summary"),
                        instant(rs, "completed_at"),
                        rs.getString("completed_by"),
                        rs.getString("note")))
                .optional();
    }

    boolean hasOpenOperationsReview(String projectId) {
        return jdbc.sql("select count(*) from sg_operations_review where project_id = :p and completed_at is null")
                        .param("p", projectId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    void reviewed(String taskId, String by, Instant at, String note) {
        jdbc.sql("update sg_operations_review set completed_at = :at, completed_by = :by, note = :note"
                        + " where task_id = :task")
                .param("at", utc(at))
                .param("by", by)
                .param("note", note)
                .param("task", taskId)
                .update();
    }

    long reviewsDecidedSince(String projectId, Instant since) {
        return jdbc.sql("select count(*) from sg_degradation_review where project_id = :p and decided_at >= :since")
                .param("p", projectId)
                .param("since", utc(since))
                .query(Long.class)
                .single();
    }

    private Map<String, Object> scheduleParameters(OperationSchedule s) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("p", s.projectId());
        params.put("cycle", s.refreshCycle().toString());
        params.put("period", s.reviewPeriod().toString());
        params.put("launched", utc(s.launchedAt()));
        params.put("nextRefresh", utc(s.nextRefreshDue()));
        params.put("lastRefresh", utc(s.lastRefreshAt()));
        params.put("nextReview", utc(s.nextReviewDue()));
        params.put("lastReview", utc(s.lastReviewAt()));
        params.put("reviewer", s.lastReviewBy());
        return params;
    }

    private OperationSchedule scheduleRow(ResultSet rs, int row) throws SQLException {
        return new OperationSchedule(
                rs.getString("project_id"),
                Period.parse(rs.getString("refresh_cycle")),
                Period.parse(rs.getString("review_period")),
                instant(rs, "launched_at"),
                instant(rs, "next_refresh_due"),
                instant(rs, "last_refresh_at"),
                instant(rs, "next_review_due"),
                instant(rs, "last_review_at"),
                rs.getString("last_review_by"));
    }

    private DegradationReview reviewRow(ResultSet rs, int row) throws SQLException {
        String outcome = rs.getString("outcome");
        return new DegradationReview(
                rs.getString("id"),
                rs.getString("project_id"),
                rs.getString("task_id"),
                ReviewState.valueOf(rs.getString("state")),
                instant(rs, "opened_at"),
                outcome == null ? null : ReviewOutcome.valueOf(outcome),
                rs.getString("note"),
                rs.getString("decided_by"),
                instant(rs, "decided_at"),
                instant(rs, "closed_at"));
    }

    private KnowledgeRefresh refreshRow(ResultSet rs, int row) throws SQLException {
        return new KnowledgeRefresh(
                rs.getString("task_id"),
                rs.getString("project_id"),
                instant(rs, "scheduled_for"),
                instant(rs, "due"),
                rs.getInt("baseline_version"),
                instant(rs, "escalated_at"),
                instant(rs, "completed_at"),
                rs.getString("completed_by"),
                rs.getObject("knowledge_base_version", Integer.class),
                rs.getObject("optimization_log_version", Integer.class));
    }
}
