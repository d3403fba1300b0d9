package io.stagegate.security;

import static io.stagegate.ProjectFixtures.openTask;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stagegate.Api;
import io.stagegate.Api.Answer;
import io.stagegate.ProjectFixtures;
import io.stagegate.StagegateIntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Camunda's engine REST API is a second channel into the same processes. Over real HTTP with the demo users'
 * credentials, against real projects waiting at a gate: the gate rules still hold when a task is completed there, and
 * nobody but {@code camunda-admin} changes engine state (variables, messages, modification, deletion, starts,
 * deployments) around Stagegate's API. {@code SecurityHttpTests} covers the filter on made-up ids; this class covers
 * what a bypass would do to a live project.
 */
@StagegateIntegrationTest
class EngineRestBypassTests {

    @LocalServerPort
    int port;

    private Api api;
    private ProjectFixtures fixtures;

    @BeforeEach
    void connect() {
        api = new Api(port);
        fixtures = new ProjectFixtures(api);
    }

    @Test
    void refusesCompletingThePreparationTaskWithoutEvidence() {
        String id = fixtures.create("Engine prepare").path("id").asText();
        JsonNode before = fixtures.view(id);
        String taskId = openTask(before, "prepare-phase").path("id").asText();

        Answer completed = api.post("dev", "/engine-rest/task/" + taskId + "/complete", Map.of());

        assertThat(completed.status()).as(completed.raw()).isEqualTo(400);
        assertThat(completed.raw()).contains("requirements-spec");
        assertThat(api.get("dev", "/engine-rest/task/" + taskId).status()).isEqualTo(200);
        JsonNode after = fixtures.view(id);
        assertThat(after.path("phaseState").asText()).isEqualTo("IN_PREPARATION");
        assertThat(openTask(after, "prepare-phase").path("id").asText()).isEqualTo(taskId);
    }

    @Test
    void keepsTheSubmitterFromCompletingTheGateReview() {
        String id = fixtures.create("Engine four eyes").path("id").asText();
        fixtures.bringTo(id, "REQUIREMENTS", "AWAITING_GATE", "lead", ProjectFixtures.KPIS_MET);
        JsonNode before = fixtures.view(id);
        String taskId = openTask(before, "gate-review").path("id").asText();

        Answer completed = api.post("lead", "/engine-rest/task/" + taskId + "/complete", decision("APPROVE"));

        assertThat(completed.status()).as(completed.raw()).isEqualTo(403);
        assertThat(completed.raw()).contains("Four-eyes");
        assertThat(api.get("pmo", "/engine-rest/task/" + taskId).status()).isEqualTo(200);
        JsonNode after = fixtures.view(id);
        assertThat(after.path("currentPhase").asText()).isEqualTo("REQUIREMENTS");
        assertThat(after.path("phaseState").asText()).isEqualTo("AWAITING_GATE");
        assertThat(openTask(after, "gate-review").path("id").asText()).isEqualTo(taskId);
    }

    @Test
    void refusesEngineStateChangesToEveryoneButCamundaAdmin() {
        String id = fixtures.create("Engine writes").path("id").asText();
        fixtures.bringTo(id, "REQUIREMENTS", "AWAITING_GATE");
        JsonNode waiting = fixtures.view(id);
        String instance = waiting.path("processInstanceId").asText();
        assertThat(instance).isNotBlank();
        String taskId = openTask(waiting, "gate-review").path("id").asText();
        String phaseInstance = api.get("pmo", "/engine-rest/task/" + taskId)
                .body()
                .path("processInstanceId")
                .asText();
        assertThat(phaseInstance).isNotBlank();

        Map<String, Object> forged = Map.of("value", "APPROVE", "type", "String");
        for (String user : List.of("pmo", "dev")) {
            forbidden(api.put(user, "/engine-rest/process-instance/" + instance + "/variables/decision", forged));
            forbidden(api.put(user, "/engine-rest/process-instance/" + phaseInstance + "/variables/decision", forged));
            forbidden(api.post(
                    user,
                    "/engine-rest/process-instance/" + instance + "/variables",
                    Map.of("modifications", Map.of("decision", forged))));
            forbidden(api.put(user, "/engine-rest/task/" + taskId + "/variables/decision", forged));
        }
        forbidden(api.post(
                "pmo",
                "/engine-rest/message",
                Map.of("messageName", "ProjectCancellationRequested", "businessKey", id)));
        forbidden(api.post(
                "pmo",
                "/engine-rest/process-instance/" + phaseInstance + "/modification",
                Map.of("instructions", List.of(Map.of("type", "cancel", "activityId", "gate-review")))));
        forbidden(api.delete("pmo", "/engine-rest/process-instance/" + instance));
        forbidden(
                api.post("pmo", "/engine-rest/process-definition/key/llm-lifecycle/start", Map.of("businessKey", id)));
        forbidden(api.post("pmo", "/engine-rest/deployment/create", Map.of("deployment-name", "policy")));

        JsonNode after = fixtures.view(id);
        assertThat(after).as("nothing reached the project").isEqualTo(waiting);
        assertThat(after.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(api.get("pmo", "/engine-rest/process-instance/" + instance).status())
                .isEqualTo(200);
        assertThat(api.get("pmo", "/engine-rest/process-instance/" + instance + "/variables/decision")
                        .status())
                .as("no forged variable landed")
                .isEqualTo(404);

        Answer admin = api.put(
                "admin",
                "/engine-rest/process-instance/" + instance + "/variables/note",
                Map.of("value", "checked by the administrator", "type", "String"));
        assertThat(admin.status()).as(admin.raw()).isEqualTo(204);
        Answer note = api.get("admin", "/engine-rest/process-instance/" + instance + "/variables/note");
        assertThat(note.body().path("value").asText()).isEqualTo("checked by the administrator");
    }

    @Test
    void refusesAnonymousEngineRestTaskCompletion() {
        String id = fixtures.create("Engine anonymous").path("id").asText();
        String taskId = openTask(fixtures.view(id), "prepare-phase").path("id").asText();

        assertThat(api.post(null, "/engine-rest/task/" + taskId + "/complete", Map.of())
                        .status())
                .isEqualTo(401);
        assertThat(api.get(null, "/engine-rest/task/" + taskId).status()).isEqualTo(401);
        assertThat(openTask(fixtures.view(id), "prepare-phase").path("id").asText())
                .isEqualTo(taskId);
    }

    @Test
    void decidesTheGateThroughEngineRestUnderTheSameRules() {
        String id = fixtures.create("Engine decision").path("id").asText();
        fixtures.bringTo(id, "REQUIREMENTS", "AWAITING_GATE");
        JsonNode waiting = fixtures.view(id);
        String taskId = openTask(waiting, "gate-review").path("id").asText();
        String complete = "/engine-rest/task/" + taskId + "/complete";

        assertThat(api.post("pmo2", complete, Map.of()).status())
                .as("no decision")
                .isEqualTo(400);
        assertThat(api.post("pmo2", complete, decision("LOOP")).status())
                .as("LOOP outside VALIDATION")
                .isEqualTo(400);
        assertThat(api.post("tech", complete, decision("APPROVE")).status())
                .as("a signer, not in pmo")
                .isEqualTo(403);
        assertThat(fixtures.view(id)).isEqualTo(waiting);

        Answer approved = api.post("pmo2", complete, decision("APPROVE"));

        assertThat(approved.status()).as(approved.raw()).isEqualTo(204);
        JsonNode after = fixtures.view(id);
        assertThat(after.path("currentPhase").asText()).isEqualTo("ARCHITECTURE");
        assertThat(after.path("phaseState").asText()).isEqualTo("IN_PREPARATION");
        assertThat(after.path("phases").get(0).path("state").asText()).isEqualTo("PASSED");
        assertThat(openTask(after, "prepare-phase").path("id").asText()).isNotEqualTo(taskId);
    }

    private static Map<String, Object> decision(String decision) {
        return Map.of("variables", Map.of("decision", Map.of("value", decision)));
    }

    private static void forbidden(Answer answer) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(403);
    }
}
