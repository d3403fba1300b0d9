package io.stagegate.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.dmn.Dmn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The models in {@code bpmn/} as the engine sees them: they pass schema validation and deploy together into a plain
 * in-memory engine (no Spring, no Stagegate beans; expressions are only resolved when an instance runs).
 */
class ModelDeploymentTests {

    private static final Path MODELS = Path.of("bpmn");

    private static ProcessEngine engine;

    @BeforeAll
    static void startEngine() {
        engine = new StandaloneInMemProcessEngineConfiguration()
                .setProcessEngineName("model-deployment-tests")
                .setJdbcUrl("jdbc:h2:mem:model-deployment-tests;DB_CLOSE_DELAY=-1")
                .setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_CREATE_DROP)
                .setHistory(ProcessEngineConfiguration.HISTORY_FULL)
                .setJobExecutorActivate(false)
                .buildProcessEngine();
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    @Test
    void processModelsPassSchemaValidation() throws IOException {
        for (Path model : models("bpmn")) {
            try (InputStream in = Files.newInputStream(model)) {
                BpmnModelInstance instance = Bpmn.readModelFromStream(in);
                Bpmn.validateModel(instance);
            }
        }
    }

    @Test
    void decisionModelsPassSchemaValidation() throws IOException {
        for (Path model : models("dmn")) {
            try (InputStream in = Files.newInputStream(model)) {
                Dmn.validateModel(Dmn.readModelFromStream(in));
            }
        }
    }

    @Test
    void deploysBothProcessesAllDecisionsAndAllFormsTogether() throws IOException {
        DeploymentBuilder builder =
                engine.getRepositoryService().createDeployment().name("stagegate-models");
        for (Path model : Stream.of("bpmn", "dmn", "form")
                .flatMap(extension -> models(extension).stream())
                .toList()) {
            builder.addString(model.getFileName().toString(), Files.readString(model));
        }

        DeploymentWithDefinitions deployment = builder.deployWithResult();

        assertThat(deployment.getDeployedProcessDefinitions())
                .extracting(ProcessDefinition::getKey, ProcessDefinition::getVersionTag)
                .containsExactlyInAnyOrder(tuple("llm-lifecycle", "1.0.0"), tuple("lifecycle-phase", "1.0.0"));
        assertThat(deployment.getDeployedDecisionDefinitions())
                .extracting(DecisionDefinition::getKey, DecisionDefinition::getVersionTag)
                .containsExactlyInAnyOrder(
                        tuple("technical-approach", "1.0.0"),
                        tuple("gate-checklist", "1.0.0"),
                        tuple("gate-signoffs", "1.0.0"),
                        tuple("metric-thresholds", "1.0.0"));
        assertThat(formKeys(deployment.getId()))
                .containsExactlyInAnyOrder(
                        "prepare-phase",
                        "sign-off",
                        "gate-review",
                        "knowledge-refresh",
                        "degradation-review",
                        "operations-review");
    }

    /** Camunda Forms have no query API; their definitions live in ACT_RE_CAMFORMDEF. */
    private static List<Object> formKeys(String deploymentId) {
        return engine
                .getManagementService()
                .createTablePageQuery()
                .tableName("ACT_RE_CAMFORMDEF")
                .listPage(0, 100)
                .getRows()
                .stream()
                .filter(row -> deploymentId.equals(row.get("DEPLOYMENT_ID_")))
                .map(row -> row.get("KEY_"))
                .toList();
    }

    private static List<Path> models(String extension) {
        try (Stream<Path> files = Files.list(MODELS)) {
            return files.filter(file -> file.getFileName().toString().endsWith("." + extension))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + MODELS.toAbsolutePath(), e);
        }
    }
}
