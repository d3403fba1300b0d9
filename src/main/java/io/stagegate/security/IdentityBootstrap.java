package io.stagegate.security;

import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import io.stagegate.security.AuthorizationModel.Grant;
import io.stagegate.security.AuthorizationModel.GroupSpec;
import io.stagegate.security.DemoIdentity.DemoUser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.query.Query;
import org.camunda.bpm.engine.task.TaskQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Makes sure, on every start, that Stagegate's groups, their Camunda authorizations, the shared Tasklist filters and
 * (with the demo on) the demo users exist. Every step first looks and only then creates, and only ever adds, so a
 * restart on the same database changes nothing and an administrator's later additions survive. Replicas starting
 * together on one database may race to create the same row; the loser finds it created and moves on. Runs before
 * other application runners, so demo data that names demo users finds them.
 */
@Component
@Order(IdentityBootstrap.ORDER)
class IdentityBootstrap implements ApplicationRunner {

    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    static final String MY_GROUP_TASKS = "My group tasks";
    static final String ALL_PROJECT_TASKS = "All project tasks";

    private static final Logger log = LoggerFactory.getLogger(IdentityBootstrap.class);

    private final IdentityService identityService;
    private final AuthorizationService authorizationService;
    private final FilterService filterService;
    private final TaskService taskService;
    private final ProcessEngineConfigurationImpl engineConfiguration;
    private final FunctionGroups functionGroups;
    private final AuthorizationModel model;
    private final DemoProperties demo;

    IdentityBootstrap(
            IdentityService identityService,
            AuthorizationService authorizationService,
            FilterService filterService,
            TaskService taskService,
            ProcessEngineConfigurationImpl engineConfiguration,
            FunctionGroups functionGroups,
            DemoProperties demo) {
        this.identityService = identityService;
        this.authorizationService = authorizationService;
        this.filterService = filterService;
        this.taskService = taskService;
        this.engineConfiguration = engineConfiguration;
        this.functionGroups = functionGroups;
        this.model = new AuthorizationModel(functionGroups);
        this.demo = demo;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (identityService.isReadOnly()) {
            log.info("The identity provider is read-only: groups and users are expected to exist there already");
        } else {
            model.groups().forEach(this::ensureGroup);
            if (demo.enabled()) {
                DemoIdentity.USERS.forEach(this::ensureDemoUser);
                log.warn("Demo users exist with the password from stagegate.demo.password; never use this set-up in"
                        + " production");
            }
        }
        model.grants().forEach(this::ensureGrant);
        ensureFilters().forEach(filter -> model.groupIds()
                .forEach(group -> ensureGrant(new Grant(group, Resources.FILTER, filter.getId(), Permissions.READ))));
    }

    private void ensureGroup(GroupSpec spec) {
        createOnce(() -> exists(identityService.createGroupQuery().groupId(spec.id())), () -> {
            Group group = identityService.newGroup(spec.id());
            group.setName(spec.name());
            group.setType(spec.type());
            identityService.saveGroup(group);
            log.info("Created group {}", spec.id());
        });
    }

    private void ensureDemoUser(DemoUser demoUser) {
        createOnce(() -> exists(identityService.createUserQuery().userId(demoUser.id())), () -> {
            User user = identityService.newUser(demoUser.id());
            user.setFirstName(demoUser.firstName());
            user.setLastName(demoUser.lastName());
            user.setEmail(demoUser.id() + "@demo.stagegate.invalid");
            user.setPassword(demo.password());
            identityService.saveUser(user);
            log.info("Created demo user {}", demoUser.id());
        });
        List<String> groups = new ArrayList<>(demoUser.groups());
        demoUser.functions()
                .forEach(function -> functionGroups.groupOf(function).ifPresent(groups::add));
        for (String group : groups) {
            createOnce(
                    () -> exists(identityService
                            .createUserQuery()
                            .userId(demoUser.id())
                            .memberOfGroup(group)),
                    () -> identityService.createMembership(demoUser.id(), group));
        }
    }

    private void ensureGrant(Grant grant) {
        createOnce(() -> grantHolds(grant), () -> {
            Authorization authorization = findGrant(grant);
            if (authorization == null) {
                authorization = authorizationService.createNewAuthorization(AUTH_TYPE_GRANT);
                authorization.setGroupId(grant.groupId());
                authorization.setResource(grant.resource());
                authorization.setResourceId(grant.resourceId());
            }
            for (var permission : grant.permissions()) {
                authorization.addPermission(permission);
            }
            authorizationService.saveAuthorization(authorization);
        });
    }

    private boolean grantHolds(Grant grant) {
        Authorization authorization = findGrant(grant);
        return authorization != null && grant.permissions().stream().allMatch(authorization::isPermissionGranted);
    }

    private Authorization findGrant(Grant grant) {
        return authorizationService
                .createAuthorizationQuery()
                .authorizationType(AUTH_TYPE_GRANT)
                .groupIdIn(grant.groupId())
                .resourceType(grant.resource())
                .resourceId(grant.resourceId())
                .singleResult();
    }

    private List<Filter> ensureFilters() {
        TaskQuery myGroupTasks;
        if (engineConfiguration.isEnableExpressionsInStoredQueries()) {
            myGroupTasks = taskService.createTaskQuery().taskCandidateGroupInExpression("${currentUserGroups()}");
        } else {
            // without expressions a stored query cannot know the user; the engine's task authorizations then
            // narrow the list to tasks of the caller's groups (PMO and auditors read all tasks anyway)
            myGroupTasks = taskService.createTaskQuery().withCandidateGroups();
            log.info(
                    "Expressions in stored queries are off: '{}' lists the tasks the caller may read that have a"
                            + " candidate group",
                    MY_GROUP_TASKS);
        }
        return List.of(
                ensureFilter(
                        MY_GROUP_TASKS,
                        myGroupTasks.includeAssignedTasks(),
                        -10,
                        "Open tasks of the groups you belong to"),
                ensureFilter(
                        ALL_PROJECT_TASKS,
                        taskService
                                .createTaskQuery()
                                .processDefinitionKeyIn(AuthorizationModel.LIFECYCLE_PROCESSES.toArray(String[]::new)),
                        0,
                        "Every open task of every project that you may see"));
    }

    private Filter ensureFilter(String name, TaskQuery query, int priority, String description) {
        createOnce(() -> findFilter(name) != null, () -> {
            Filter filter = filterService.newTaskFilter(name);
            filter.setQuery(query);
            filter.setProperties(filterProperties(priority, description));
            filterService.saveFilter(filter);
            log.info("Created Tasklist filter '{}'", name);
        });
        return findFilter(name);
    }

    private Filter findFilter(String name) {
        return filterService.createTaskFilterQuery().filterName(name).orderByFilterId().asc().list().stream()
                .findFirst()
                .orElse(null);
    }

    private static Map<String, Object> filterProperties(int priority, String description) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("description", description);
        properties.put("priority", priority);
        properties.put("refresh", true);
        properties.put("showUndefinedVariable", false);
        properties.put(
                "variables",
                List.of(Map.of("name", "projectName", "label", "Project"), Map.of("name", "phase", "label", "Phase")));
        return properties;
    }

    private static boolean exists(Query<?, ?> query) {
        return query.count() > 0;
    }

    /** Creates unless present; if creating fails because another replica just did it, that is success too. */
    private static void createOnce(BooleanSupplier present, Runnable create) {
        if (present.getAsBoolean()) {
            return;
        }
        try {
            create.run();
        } catch (RuntimeException e) {
            if (!present.getAsBoolean()) {
                throw e;
            }
            log.debug("Created concurrently by another node", e);
        }
    }
}
