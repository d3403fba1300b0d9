package io.stagegate.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagegate.lifecycle.Project;
import io.stagegate.lifecycle.ProjectQuery;
import io.stagegate.lifecycle.ProjectRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the Cockpit plugin shows, as JSON text: the projects in every status with the state of their chains, one
 * project's audit file with the user-task log of its processes, and the system chain. Callers outside Spring MVC
 * (the plugin's JAX-RS resource) check {@link AuditReaders} first; this class answers whoever asks.
 */
@Component
public class AuditReading {

    private final ProjectRepository projects;
    private final AuditRepository events;
    private final AuditLog log;
    private final AuditExport export;
    private final HistoryService history;
    private final ObjectMapper json;

    AuditReading(
            ProjectRepository projects,
            AuditRepository events,
            AuditLog log,
            AuditExport export,
            HistoryService history,
            ObjectMapper json) {
        this.projects = projects;
        this.events = events;
        this.log = log;
        this.export = export;
        this.history = history;
        this.json = json;
    }

    /** Every project, retired and cancelled ones included, plus the system chain, each with its chain state. */
    @Transactional(readOnly = true)
    public String overview() {
        AuditLog.Verification verification = log.verify();
        Map<String, Long> broken = verification.broken().stream()
                .collect(Collectors.toMap(AuditLog.Broken::projectId, AuditLog.Broken::firstBrokenSeq));
        List<ProjectRow> rows = new ArrayList<>();
        for (int page = 0; ; page++) {
            List<Project> found =
                    projects.find(new ProjectQuery(null, null, null, page, 200)).items();
            for (Project project : found) {
                rows.add(new ProjectRow(
                        project.id(),
                        project.name(),
                        project.status().name(),
                        project.currentPhase() == null
                                ? null
                                : project.currentPhase().name(),
                        project.createdAt(),
                        events.count(project.id()),
                        !broken.containsKey(project.id()),
                        broken.get(project.id())));
            }
            if (found.size() < 200) {
                break;
            }
        }
        return write(new Overview(
                verification.valid(),
                verification.projects(),
                verification.events(),
                new SystemChain(
                        AuditLog.SYSTEM_CHAIN,
                        events.count(AuditLog.SYSTEM_CHAIN),
                        !broken.containsKey(AuditLog.SYSTEM_CHAIN),
                        broken.get(AuditLog.SYSTEM_CHAIN)),
                rows));
    }

    /** The project's audit file (as the export API gives it) and who worked which user task when. */
    @Transactional(readOnly = true)
    public String project(String projectId, String readBy, Locale locale) {
        return write(new ProjectRecord(export.of(projectId, readBy, locale), tasks(projectId)));
    }

    /** The printable audit file, as {@code ?format=html} of the export API gives it. */
    @Transactional(readOnly = true)
    public String projectHtml(String projectId, String readBy, Locale locale) {
        return AuditFileHtml.render(export.of(projectId, readBy, locale), locale);
    }

    /** The system chain: deployments and administrative engine actions that touch no project, newest last. */
    @Transactional(readOnly = true)
    public String systemChain() {
        List<AuditEvent> chain = events.chain(AuditLog.SYSTEM_CHAIN);
        return write(new SystemRecord(
                log.chainState(chain),
                chain.stream()
                        .map(e -> new SystemEvent(e.seq(), e.at(), e.actor(), e.type(), read(e.detailsJson())))
                        .toList()));
    }

    /**
     * The user-task log from the engine's history: every task of the project's processes, who completed it (the
     * engine's operation log names the user) and when. Cockpit's own history views are not in the community edition.
     */
    private List<TaskRow> tasks(String projectId) {
        List<TaskRow> rows = new ArrayList<>();
        for (HistoricProcessInstance instance : history.createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(projectId)
                .orderByProcessInstanceStartTime()
                .asc()
                .list()) {
            Map<String, String> completedBy = new HashMap<>();
            for (UserOperationLogEntry entry : history.createUserOperationLogQuery()
                    .processInstanceId(instance.getId())
                    .operationType(UserOperationLogEntry.OPERATION_TYPE_COMPLETE)
                    .list()) {
                if (entry.getTaskId() != null) {
                    completedBy.put(entry.getTaskId(), entry.getUserId());
                }
            }
            for (HistoricTaskInstance task : history.createHistoricTaskInstanceQuery()
                    .processInstanceId(instance.getId())
                    .orderByHistoricActivityInstanceStartTime()
                    .asc()
                    .list()) {
                rows.add(new TaskRow(
                        instance.getProcessDefinitionKey(),
                        task.getTaskDefinitionKey(),
                        task.getName(),
                        instant(task.getStartTime()),
                        instant(task.getEndTime()),
                        task.getAssignee(),
                        completedBy.get(task.getId()),
                        task.getDeleteReason()));
            }
        }
        return rows;
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private Object read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException unreadable) {
            return text;
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the audit view", e);
        }
    }

    record Overview(boolean valid, long chains, long events, SystemChain system, List<ProjectRow> projects) {}

    record SystemChain(String id, long events, boolean valid, Long firstBrokenSeq) {}

    record ProjectRow(
            String id,
            String name,
            String status,
            String currentPhase,
            Instant createdAt,
            long events,
            boolean chainValid,
            Long firstBrokenSeq) {}

    record ProjectRecord(AuditExport.AuditFile file, List<TaskRow> tasks) {}

    record TaskRow(
            String process,
            String taskKey,
            String name,
            Instant created,
            Instant ended,
            String assignee,
            String completedBy,
            String endReason) {}

    record SystemRecord(AuditLog.ChainState chain, List<SystemEvent> events) {}

    record SystemEvent(long seq, Instant at, String actor, String type, Object details) {}
}
