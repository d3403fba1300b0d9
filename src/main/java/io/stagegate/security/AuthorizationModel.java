package io.stagegate.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.HistoricProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.HistoricTaskPermissions;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.authorization.UserOperationLogCategoryPermissions;

/**
 * Stagegate's groups and the Camunda authorizations each one holds, as data. Two principles: whoever reads the
 * portfolio or its history (PMO, auditors) reads everything; everyone else reads the lifecycle's two process
 * definitions with their instances, tasks and history. Nobody but {@code camunda-admin} holds a right that changes a
 * definition, an instance or a deployment; task work comes from the candidate-group authorization the engine grants
 * per task ({@code defaultUserPermissionNameForTask=TASK_WORK}). The detailed matrix per function is still to come.
 */
final class AuthorizationModel {

    static final String PMO = "pmo";
    static final String CONTRIBUTOR = "contributor";
    static final String AUDITOR = "auditor";
    static final String INTEGRATION = "integration";
    static final String ADMIN = Groups.CAMUNDA_ADMIN;

    /** Process definition keys of the lifecycle (resource ids of PROCESS_DEFINITION authorizations). */
    static final List<String> LIFECYCLE_PROCESSES = List.of("llm-lifecycle", "lifecycle-phase");

    static final String TASKLIST = "tasklist";
    static final String COCKPIT = "cockpit";

    /** A group to create: id, display name and Camunda group type. */
    record GroupSpec(String id, String name, String type) {}

    /** A GRANT authorization of a group on one resource. */
    record Grant(String groupId, Resource resource, String resourceId, List<Permission> permissions) {

        Grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
            this(groupId, resource, resourceId, List.of(permissions));
        }
    }

    private final List<GroupSpec> groups;

    AuthorizationModel(FunctionGroups functionGroups) {
        List<GroupSpec> all = new ArrayList<>();
        all.add(workflow(PMO, "PMO"));
        all.add(workflow(CONTRIBUTOR, "Project team"));
        functionGroups.functions().forEach((function, group) -> all.add(workflow(group, "Sign-off: " + function)));
        all.add(workflow(AUDITOR, "Auditors"));
        all.add(workflow(INTEGRATION, "Integrating systems"));
        all.add(new GroupSpec(ADMIN, "Camunda administrators", Groups.GROUP_TYPE_SYSTEM));
        this.groups = distinctById(all);
    }

    List<GroupSpec> groups() {
        return groups;
    }

    List<String> groupIds() {
        return groups.stream().map(GroupSpec::id).toList();
    }

    /** Every grant, in a stable order. Filter grants are added by the bootstrap, because filter ids are generated. */
    List<Grant> grants() {
        List<Grant> grants = new ArrayList<>();
        for (String group : groupIds()) {
            if (ADMIN.equals(group)) {
                grants.addAll(administration());
            } else {
                grants.add(new Grant(group, Resources.APPLICATION, TASKLIST, Permissions.ACCESS));
                grants.add(new Grant(group, Resources.APPLICATION, COCKPIT, Permissions.ACCESS));
                grants.addAll(
                        PMO.equals(group) || AUDITOR.equals(group) ? readEverything(group) : readLifecycle(group));
            }
        }
        return grants;
    }

    /** Like the admin created by Camunda's own set-up: every permission on every resource. */
    private static List<Grant> administration() {
        List<Grant> grants = new ArrayList<>();
        for (Resources resource : Resources.values()) {
            grants.add(new Grant(ADMIN, resource, "*", Permissions.ALL));
        }
        return grants;
    }

    private static List<Grant> readEverything(String group) {
        return List.of(
                new Grant(
                        group,
                        Resources.PROCESS_DEFINITION,
                        "*",
                        ProcessDefinitionPermissions.READ,
                        ProcessDefinitionPermissions.READ_INSTANCE,
                        ProcessDefinitionPermissions.READ_TASK,
                        ProcessDefinitionPermissions.READ_HISTORY),
                new Grant(group, Resources.PROCESS_INSTANCE, "*", ProcessInstancePermissions.READ),
                new Grant(group, Resources.TASK, "*", TaskPermissions.READ),
                new Grant(group, Resources.DECISION_DEFINITION, "*", Permissions.READ, Permissions.READ_HISTORY),
                new Grant(group, Resources.DECISION_REQUIREMENTS_DEFINITION, "*", Permissions.READ),
                new Grant(group, Resources.DEPLOYMENT, "*", Permissions.READ),
                new Grant(group, Resources.HISTORIC_TASK, "*", HistoricTaskPermissions.READ),
                new Grant(group, Resources.HISTORIC_PROCESS_INSTANCE, "*", HistoricProcessInstancePermissions.READ),
                // the operation log entries that belong to no process definition: deployments, identity changes
                new Grant(group, Resources.OPERATION_LOG_CATEGORY, "*", UserOperationLogCategoryPermissions.READ));
    }

    private static List<Grant> readLifecycle(String group) {
        return LIFECYCLE_PROCESSES.stream()
                .map(key -> new Grant(
                        group,
                        Resources.PROCESS_DEFINITION,
                        key,
                        ProcessDefinitionPermissions.READ,
                        ProcessDefinitionPermissions.READ_INSTANCE,
                        ProcessDefinitionPermissions.READ_TASK,
                        ProcessDefinitionPermissions.READ_HISTORY))
                .toList();
    }

    private static GroupSpec workflow(String id, String name) {
        return new GroupSpec(id, name, Groups.GROUP_TYPE_WORKFLOW);
    }

    private static List<GroupSpec> distinctById(Collection<GroupSpec> specs) {
        Set<String> seen = new LinkedHashSet<>();
        return specs.stream().filter(spec -> seen.add(spec.id())).toList();
    }
}
