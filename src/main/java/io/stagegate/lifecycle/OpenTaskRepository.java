package io.stagegate.lifecycle;

import static io.stagegate.lifecycle.ProjectRepository.instant;
import static io.stagegate.lifecycle.ProjectRepository.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The open-task read model, written by engine task listeners in the engine's transaction. */
@Repository
public class OpenTaskRepository {

    private final JdbcClient jdbc;

    OpenTaskRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(OpenTask task) {
        jdbc.sql("insert into sg_task (id, project_id, task_key, name, phase, function_key, candidate_groups, due,"
                        + " created_at) values (:id, :p, :key, :name, :phase, :fn, :groups, :due, :created)")
                .param("id", task.id())
                .param("p", task.projectId())
                .param("key", task.key())
                .param("name", task.name())
                .param("phase", task.phase() == null ? null : task.phase().name())
                .param("fn", task.function())
                .param("groups", String.join(",", task.candidateGroups()))
                .param("due", utc(task.due()))
                .param("created", utc(task.createdAt()))
                .update();
    }

    void delete(String taskId) {
        jdbc.sql("delete from sg_task where id = :id").param("id", taskId).update();
    }

    /** Flags a task overdue (escalated) from {@code at} on; a task flagged once keeps its first flag. */
    public void markOverdue(String taskId, Instant at) {
        jdbc.sql("update sg_task set overdue_at = :at where id = :id and overdue_at is null")
                .param("at", utc(at))
                .param("id", taskId)
                .update();
    }

    /** Records a candidate group added to an open task after it was created (an escalation). */
    public void addCandidateGroup(String taskId, String group) {
        byId(taskId).filter(task -> !task.candidateGroups().contains(group)).ifPresent(task -> {
            List<String> groups = new ArrayList<>(task.candidateGroups());
            groups.add(group);
            jdbc.sql("update sg_task set candidate_groups = :groups where id = :id")
                    .param("groups", String.join(",", groups))
                    .param("id", taskId)
                    .update();
        });
    }

    public List<OpenTask> ofProject(String projectId) {
        return jdbc.sql("select * from sg_task where project_id = :p order by created_at, id")
                .param("p", projectId)
                .query(OpenTaskRepository::openTask)
                .list();
    }

    /** The open tasks of several projects in one query (the project list). */
    public Map<String, List<OpenTask>> ofProjects(Collection<String> projectIds) {
        Map<String, List<OpenTask>> byProject = new LinkedHashMap<>();
        if (projectIds.isEmpty()) {
            return byProject;
        }
        jdbc.sql("select * from sg_task where project_id in (:ids) order by created_at, id")
                .param("ids", projectIds)
                .query(OpenTaskRepository::openTask)
                .list()
                .forEach(t -> byProject
                        .computeIfAbsent(t.projectId(), id -> new ArrayList<>())
                        .add(t));
        return byProject;
    }

    private static OpenTask openTask(ResultSet rs, int row) throws SQLException {
        String phase = rs.getString("phase");
        String groups = rs.getString("candidate_groups");
        return new OpenTask(
                rs.getString("id"),
                rs.getString("project_id"),
                rs.getString("task_key"),
                rs.getString("name"),
                phase == null ? null : Phase.valueOf(phase),
                rs.getString("function_key"),
                groups.isEmpty() ? List.of() : Arrays.asList(groups.split(",")),
                instant(rs, "due"),
                instant(rs, "created_at"),
                instant(rs, "overdue_at"));
    }

    public List<OpenTask> find(String projectId, String key) {
        return ofProject(projectId).stream().filter(t -> t.key().equals(key)).toList();
    }

    public Optional<OpenTask> byId(String taskId) {
        return jdbc.sql("select project_id from sg_task where id = :id")
                .param("id", taskId)
                .query(String.class)
                .optional()
                .flatMap(projectId -> ofProject(projectId).stream()
                        .filter(t -> t.id().equals(taskId))
                        .findFirst());
    }
}
