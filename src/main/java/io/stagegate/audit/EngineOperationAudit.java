package io.stagegate.audit;

import io.stagegate.lifecycle.ProjectRepository;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.EntityTypes;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.dmn.entity.repository.DecisionDefinitionEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricProcessInstanceEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.UserOperationLogEntryEventEntity;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Turns the engine's user operation log into audit records, in the transaction of the operation: whatever an
 * administrator does to the engine directly — modifying or deleting an instance, changing a variable, suspending,
 * setting job retries, deploying a new policy — lands in the chain of the project it touched, or in the
 * {@linkplain AuditLog#SYSTEM_CHAIN system chain} when it touches no project (deployments, definitions).
 *
 * <p>Only what comes through the engine's own channels ({@code /engine-rest}, the webapps' API) is recorded, and
 * only operator and administrator operations: what Stagegate itself does to the engine, and ordinary task work, is
 * already recorded as project events, with their meaning. Deployments are recorded whatever the channel. The engine
 * writes its log only for an authenticated user, so every record names a user id.
 */
@Component
class EngineOperationAudit extends AbstractProcessEnginePlugin {

    static final String ENGINE_OPERATION = "ENGINE_OPERATION";
    static final String ENGINE_DEPLOYMENT = "ENGINE_DEPLOYMENT";

    private final ObjectProvider<AuditLog> log;
    private final ObjectProvider<ProjectRepository> projects;

    EngineOperationAudit(ObjectProvider<AuditLog> log, ObjectProvider<ProjectRepository> projects) {
        this.log = log;
        this.projects = projects;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<HistoryEventHandler> handlers = configuration.getCustomHistoryEventHandlers() == null
                ? new ArrayList<>()
                : new ArrayList<>(configuration.getCustomHistoryEventHandlers());
        // not a HistoryEventHandler bean itself: the starter adds such a bean to the handlers too, which would
        // record every entry twice
        handlers.add(new HistoryEventHandler() {
            @Override
            public void handleEvent(HistoryEvent event) {
                record(event);
            }

            @Override
            public void handleEvents(List<HistoryEvent> events) {
                events.forEach(this::handleEvent);
            }
        });
        configuration.setCustomHistoryEventHandlers(handlers);
    }

    private void record(HistoryEvent event) {
        if (!(event instanceof UserOperationLogEntryEventEntity entry) || entry.getUserId() == null) {
            return;
        }
        boolean deployment = EntityTypes.DEPLOYMENT.equals(entry.getEntityType());
        boolean administrative = UserOperationLogEntry.CATEGORY_OPERATOR.equals(entry.getCategory())
                || UserOperationLogEntry.CATEGORY_ADMIN.equals(entry.getCategory());
        if (!deployment && !(administrative && throughEngineChannel())) {
            return;
        }
        CommandContext command = Context.getCommandContext();
        String projectId = projectOf(command, entry);
        // the same row lock every other writer of this project holds: links of one chain never race
        boolean project =
                projectId != null && projects.getObject().lock(projectId).isPresent();
        String chain = project ? projectId : AuditLog.SYSTEM_CHAIN;
        Map<String, Object> details = new TreeMap<>();
        put(details, "operationType", entry.getOperationType());
        put(details, "operationId", entry.getOperationId());
        put(details, "entityType", entry.getEntityType());
        put(details, "category", entry.getCategory());
        put(details, "property", entry.getProperty());
        put(details, "orgValue", entry.getOrgValue());
        put(details, "newValue", entry.getNewValue());
        put(details, "processInstanceId", entry.getProcessInstanceId());
        put(details, "processDefinitionKey", entry.getProcessDefinitionKey());
        put(details, "processDefinitionId", entry.getProcessDefinitionId());
        put(details, "deploymentId", entry.getDeploymentId());
        put(details, "jobId", entry.getJobId());
        put(details, "taskId", entry.getTaskId());
        put(details, "batchId", entry.getBatchId());
        put(details, "annotation", entry.getAnnotation());
        if (deployment && command != null && entry.getDeploymentId() != null) {
            details.put("definitions", deployedDefinitions(command, entry.getDeploymentId()));
        }
        log.getObject()
                .appendRecord(chain, entry.getUserId(), deployment ? ENGINE_DEPLOYMENT : ENGINE_OPERATION, details);
    }

    /** True inside a request to {@code /engine-rest} or to the webapps' API (Cockpit, Tasklist, Admin). */
    private static boolean throughEngineChannel() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (!(attributes instanceof ServletRequestAttributes servlet)) {
            return false;
        }
        HttpServletRequest request = servlet.getRequest();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/engine-rest/") || path.startsWith("/camunda/api/");
    }

    /**
     * The project is the business key of the instance's root; an instance without one belongs to no project. The
     * instance may be half-deleted by the operation being logged, so the history (level full) is asked first.
     */
    private static String projectOf(CommandContext command, UserOperationLogEntryEventEntity entry) {
        if (command == null) {
            return null;
        }
        String instanceId = entry.getRootProcessInstanceId() != null
                ? entry.getRootProcessInstanceId()
                : entry.getProcessInstanceId();
        if (instanceId == null) {
            return null;
        }
        HistoricProcessInstanceEventEntity historic =
                command.getDbEntityManager().selectById(HistoricProcessInstanceEventEntity.class, instanceId);
        if (historic != null && historic.getBusinessKey() != null) {
            return historic.getBusinessKey();
        }
        ExecutionEntity execution = command.getExecutionManager().findExecutionById(instanceId);
        return execution == null ? null : execution.getBusinessKey();
    }

    /** What the deployment brought, read from the command's cache: nothing is flushed yet. */
    private static List<String> deployedDefinitions(CommandContext command, String deploymentId) {
        List<String> definitions = new ArrayList<>();
        for (DecisionDefinitionEntity decision :
                command.getDbEntityManager().getCachedEntitiesByType(DecisionDefinitionEntity.class)) {
            if (deploymentId.equals(decision.getDeploymentId())) {
                definitions.add("decision " + decision.getKey() + " version " + decision.getVersion()
                        + (decision.getVersionTag() == null ? "" : " tag " + decision.getVersionTag()));
            }
        }
        for (ProcessDefinitionEntity process :
                command.getDbEntityManager().getCachedEntitiesByType(ProcessDefinitionEntity.class)) {
            if (deploymentId.equals(process.getDeploymentId())) {
                definitions.add("process " + process.getKey() + " version " + process.getVersion()
                        + (process.getVersionTag() == null ? "" : " tag " + process.getVersionTag()));
            }
        }
        definitions.sort(null);
        return definitions;
    }

    private static void put(Map<String, Object> details, String key, Object value) {
        if (value != null) {
            details.put(key, value);
        }
    }
}
