package io.stagegate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Supplier;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityBootstrapTests {

    private static final List<String> NON_ADMIN_GROUPS =
            List.of("pmo", "contributor", "business", "technology", "compliance", "auditor", "integration");

    private static ProcessEngine engine;
    private static String processInstanceId;

    @BeforeAll
    static void startEngineAndBootstrapTwice() {
        engine = TestEngine.start(true);
        TestEngine.bootstrap(engine, true).run(null);
        TestEngine.bootstrap(engine, true).run(null);
        engine.getRepositoryService()
                .createDeployment()
                .addModelInstance(
                        "lifecycle-phase.bpmn",
                        Bpmn.createExecutableProcess("lifecycle-phase")
                                .camundaHistoryTimeToLive(1)
                                .startEvent()
                                .userTask("prepare-phase")
                                .camundaCandidateGroups("contributor")
                                .endEvent()
                                .done())
                .deploy();
        processInstanceId = engine.getRuntimeService()
                .startProcessInstanceByKey("lifecycle-phase", "project-1")
                .getId();
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    @Test
    void createsTheGroupsTheDemoUsersAndTheirMemberships() {
        assertThat(engine.getIdentityService().createGroupQuery().list())
                .extracting(group -> group.getId() + ":" + group.getType())
                .containsExactlyInAnyOrder(
                        "pmo:WORKFLOW",
                        "contributor:WORKFLOW",
                        "business:WORKFLOW",
                        "technology:WORKFLOW",
                        "compliance:WORKFLOW",
                        "auditor:WORKFLOW",
                        "integration:WORKFLOW",
                        "camunda-admin:SYSTEM");
        assertThat(groupsOf("lead")).containsExactlyInAnyOrder("contributor", "pmo");
        assertThat(groupsOf("pmo2")).containsExactly("pmo");
        assertThat(groupsOf("comp")).containsExactly("compliance");
        assertThat(groupsOf("admin")).containsExactly("camunda-admin");
        assertThat(engine.getIdentityService().checkPassword("auditor", "demo")).isTrue();
        assertThat(engine.getIdentityService().createUserQuery().count()).isEqualTo(10);
    }

    @Test
    void createsNothingTwiceWhenStartedAgain() {
        long authorizations =
                engine.getAuthorizationService().createAuthorizationQuery().count();
        long filters = engine.getFilterService().createFilterQuery().count();
        TestEngine.bootstrap(engine, true).run(null);
        assertThat(engine.getAuthorizationService().createAuthorizationQuery().count())
                .isEqualTo(authorizations);
        assertThat(engine.getFilterService().createFilterQuery().count()).isEqualTo(2);
        assertThat(filters).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pmo", "contributor", "business", "technology", "compliance", "auditor", "integration"})
    void grantsNoGroupButCamundaAdminARightThatChangesDefinitionsInstancesOrDeployments(String group) {
        for (Permission permission : List.of(
                ProcessDefinitionPermissions.UPDATE,
                ProcessDefinitionPermissions.UPDATE_INSTANCE,
                ProcessDefinitionPermissions.UPDATE_INSTANCE_VARIABLE,
                ProcessDefinitionPermissions.DELETE,
                ProcessDefinitionPermissions.DELETE_INSTANCE,
                ProcessDefinitionPermissions.CREATE_INSTANCE,
                ProcessDefinitionPermissions.MIGRATE_INSTANCE,
                ProcessDefinitionPermissions.SUSPEND_INSTANCE)) {
            assertThat(authorized(group, permission, Resources.PROCESS_DEFINITION, "lifecycle-phase"))
                    .as("%s %s on the lifecycle", group, permission)
                    .isFalse();
        }
        for (Permission permission : List.of(
                ProcessInstancePermissions.UPDATE,
                ProcessInstancePermissions.UPDATE_VARIABLE,
                ProcessInstancePermissions.DELETE,
                ProcessInstancePermissions.CREATE)) {
            assertThat(authorized(group, permission, Resources.PROCESS_INSTANCE, processInstanceId))
                    .as("%s %s on an instance", group, permission)
                    .isFalse();
        }
        assertThat(authorized(group, Permissions.CREATE, Resources.DEPLOYMENT, null))
                .isFalse();
        assertThat(authorized(group, Permissions.ACCESS, Resources.APPLICATION, "tasklist"))
                .isTrue();
        assertThat(authorized(group, Permissions.ACCESS, Resources.APPLICATION, "cockpit"))
                .isTrue();
        assertThat(authorized(group, Permissions.ACCESS, Resources.APPLICATION, "admin"))
                .isFalse();
    }

    @Test
    void letsPmoAndAuditorsReadEverythingAndOthersTheLifecycle() {
        for (String reader : List.of("pmo", "auditor")) {
            assertThat(authorized(reader, ProcessDefinitionPermissions.READ_HISTORY, Resources.PROCESS_DEFINITION, "x"))
                    .isTrue();
            assertThat(authorized(reader, Permissions.READ, Resources.DEPLOYMENT, "any"))
                    .isTrue();
            assertThat(authorized(reader, Permissions.READ_HISTORY, Resources.DECISION_DEFINITION, "gate-signoffs"))
                    .isTrue();
        }
        assertThat(authorized(
                        "business",
                        ProcessDefinitionPermissions.READ_TASK,
                        Resources.PROCESS_DEFINITION,
                        "lifecycle-phase"))
                .isTrue();
        assertThat(authorized(
                        "business",
                        ProcessDefinitionPermissions.READ,
                        Resources.PROCESS_DEFINITION,
                        "some-other-process"))
                .isFalse();
    }

    @Test
    void letsCandidateGroupMembersWorkTheirTaskButNobodyElse() {
        Task task = as("dev", List.of("contributor"), () -> engine.getTaskService()
                .createTaskQuery()
                .processInstanceId(processInstanceId)
                .singleResult());
        assertThat(task).as("dev sees the contributor task").isNotNull();
        assertThatThrownBy(() -> as("pmo", List.of("pmo"), () -> {
                    engine.getTaskService().claim(task.getId(), "pmo");
                    return null;
                }))
                .isInstanceOf(AuthorizationException.class);
        assertThatThrownBy(() -> as("dev", List.of("contributor"), () -> {
                    engine.getRuntimeService().setVariable(processInstanceId, "decision", "APPROVE");
                    return null;
                }))
                .isInstanceOf(AuthorizationException.class);
        as("dev", List.of("contributor"), () -> {
            engine.getTaskService().claim(task.getId(), "dev");
            engine.getTaskService().complete(task.getId());
            return null;
        });
        assertThat(engine.getHistoryService()
                        .createHistoricProcessInstanceQuery()
                        .processInstanceId(processInstanceId)
                        .singleResult()
                        .getEndTime())
                .isNotNull();
    }

    @Test
    void showsEachUserTheTasksOfTheirGroupsInTheSharedFilter() {
        String instance = engine.getRuntimeService()
                .startProcessInstanceByKey("lifecycle-phase", "project-2")
                .getId();
        Filter myGroupTasks = engine.getFilterService()
                .createFilterQuery()
                .filterName(IdentityBootstrap.MY_GROUP_TASKS)
                .singleResult();
        assertThat(as("dev", List.of("contributor"), () -> engine.getFilterService()
                        .list(myGroupTasks.getId())))
                .extracting(task -> ((Task) task).getProcessInstanceId())
                .contains(instance);
        assertThat(as("biz", List.of("business"), () -> engine.getFilterService()
                        .list(myGroupTasks.getId())))
                .isEmpty();
        engine.getRuntimeService().deleteProcessInstance(instance, "test");
    }

    @Test
    void keepsTheGroupFilterWorkingWhenStoredQueriesMayNotUseExpressions() {
        ProcessEngine strict = TestEngine.start(false);
        try {
            TestEngine.bootstrap(strict, false).run(null);
            assertThat(strict.getIdentityService().createUserQuery().count())
                    .as("no demo users")
                    .isZero();
            Filter myGroupTasks = strict.getFilterService()
                    .createFilterQuery()
                    .filterName(IdentityBootstrap.MY_GROUP_TASKS)
                    .singleResult();
            strict.getIdentityService().setAuthentication("dev", List.of("contributor"));
            try {
                assertThat(strict.getFilterService().list(myGroupTasks.getId())).isEmpty();
            } finally {
                strict.getIdentityService().clearAuthentication();
            }
        } finally {
            strict.close();
        }
    }

    private static List<String> groupsOf(String user) {
        return engine.getIdentityService().createGroupQuery().groupMember(user).list().stream()
                .map(group -> group.getId())
                .toList();
    }

    private static boolean authorized(String group, Permission permission, Resource resource, String resourceId) {
        return resourceId == null
                ? engine.getAuthorizationService().isUserAuthorized("someone", List.of(group), permission, resource)
                : engine.getAuthorizationService()
                        .isUserAuthorized("someone", List.of(group), permission, resource, resourceId);
    }

    private static <T> T as(String user, List<String> groups, Supplier<T> action) {
        engine.getIdentityService().setAuthentication(user, groups);
        try {
            return action.get();
        } finally {
            engine.getIdentityService().clearAuthentication();
        }
    }
}
