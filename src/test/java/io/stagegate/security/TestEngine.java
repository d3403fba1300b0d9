package io.stagegate.security;

import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

/** A real in-memory Camunda engine with authorizations on, configured like Stagegate's, for tests without Spring. */
final class TestEngine {

    private TestEngine() {}

    static ProcessEngine start(boolean expressionsInStoredQueries) {
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl)
                ProcessEngineConfiguration.createStandaloneInMemProcessEngineConfiguration();
        configuration
                .setJdbcUrl("jdbc:h2:mem:security-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
                .setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_CREATE_DROP)
                .setHistory(ProcessEngineConfiguration.HISTORY_FULL)
                .setAuthorizationEnabled(true)
                .setDefaultUserPermissionNameForTask("TASK_WORK")
                .setJobExecutorActivate(false)
                .setProcessEngineName("security-" + UUID.randomUUID());
        configuration.setEnableExpressionsInStoredQueries(expressionsInStoredQueries);
        return configuration.buildProcessEngine();
    }

    static IdentityBootstrap bootstrap(ProcessEngine engine, boolean demo) {
        return new IdentityBootstrap(
                engine.getIdentityService(),
                engine.getAuthorizationService(),
                engine.getFilterService(),
                engine.getTaskService(),
                (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration(),
                new FunctionGroups(Map.of()),
                new DemoProperties(demo, "demo"));
    }
}
