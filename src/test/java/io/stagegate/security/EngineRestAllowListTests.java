package io.stagegate.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EngineRestAllowListTests {

    private final EngineRestAllowList allowList = new EngineRestAllowList();

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "GET, /process-definition",
        "GET, /process-definition/key/llm-lifecycle/xml",
        "GET, /history/process-instance",
        "GET, /engine/default/task/42/form-variables",
        "HEAD, /task",
        "POST, /task",
        "POST, /task/count",
        "POST, /process-instance",
        "POST, /process-instance/count",
        "POST, /history/process-instance",
        "POST, /history/task/count",
        "POST, /history/variable-instance",
        "POST, /variable-instance/count",
        "POST, /filter/f1/list",
        "POST, /task/42/claim",
        "POST, /task/42/unclaim",
        "POST, /task/42/complete",
        "POST, /task/42/submit-form",
        "POST, /engine/default/task/42/complete",
        "POST, /engine/default/history/task",
    })
    void letsEveryUserReadQueryAndWorkTasks(String method, String path) {
        assertThat(allowList.permits(method, path, null)).isTrue();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "PUT, /process-instance/pi1/variables/x",
        "POST, /process-instance/pi1/variables",
        "DELETE, /process-instance/pi1/variables/x",
        "POST, /message",
        "POST, /process-instance/message-async",
        "POST, /process-instance/pi1/modification",
        "DELETE, /process-instance/pi1",
        "POST, /process-instance/delete",
        "POST, /process-instance/delete-historic-query-based",
        "POST, /deployment/create",
        "POST, /deployment/d1/redeploy",
        "POST, /process-definition/pd1/start",
        "POST, /process-definition/key/llm-lifecycle/start",
        "POST, /process-definition/key/llm-lifecycle/submit-form",
        "POST, /modification/execute",
        "POST, /migration/execute",
        "POST, /job/j1/execute",
        "PUT, /job/j1/retries",
        "POST, /signal",
        "POST, /user/create",
        "PUT, /user/dev/credentials",
        "PUT, /group/pmo/members/dev",
        "POST, /authorization/create",
        "PUT, /authorization/a1",
        "POST, /task/create",
        "POST, /task/42/assignee",
        "POST, /task/42/delegate",
        "POST, /task/42/resolve",
        "POST, /task/42/variables",
        "PUT, /task/42/localVariables/decision",
        "POST, /task/42/identity-links",
        "POST, /history/process-instance/delete",
        "POST, /history/cleanup",
        "DELETE, /history/process-instance/pi1",
        "POST, /identity/verify",
        "POST, /decision-definition/key/gate-signoffs/evaluate",
        "POST, /external-task/fetchAndLock",
        "POST, /engine/default/message",
        "POST, /engine/default/process-instance/pi1/modification",
        "OPTIONS, /task",
        "PATCH, /task/42",
    })
    void refusesEveryOtherCallToNonAdmins(String method, String path) {
        assertThat(allowList.permits(method, path, null)).isFalse();
    }

    @Test
    void refusesAQueryThatAsksToBeTreatedAsAnotherMethod() {
        assertThat(allowList.permits("POST", "/task/count", "DELETE")).isFalse();
        assertThat(allowList.permits("GET", "/task", "GET")).isFalse();
    }

    @Test
    void treatsANamedEngineLikeTheDefaultOne() {
        assertThat(EngineRestAllowList.defaultEngineForm("/engine/default/task/1/complete"))
                .isEqualTo("/task/1/complete");
        assertThat(EngineRestAllowList.defaultEngineForm("/engine")).isEqualTo("/engine");
        assertThat(EngineRestAllowList.defaultEngineForm("/engine/default")).isEqualTo("/engine/default");
        assertThat(EngineRestAllowList.defaultEngineForm("/task/1/complete")).isEqualTo("/task/1/complete");
    }

    /**
     * Checks the list against the engine REST API's own OpenAPI document (camunda-engine-rest-openapi, same version
     * as the engine): every POST whose operation only queries is open, every other POST, PUT, DELETE or PATCH is not —
     * except the four task-work calls.
     */
    @Test
    void opensExactlyTheQueriesAndTaskWorkOfTheEngineRestApi() throws IOException {
        JsonNode paths = openApi().get("paths");
        List<String> wronglyOpen = new ArrayList<>();
        List<String> wronglyClosed = new ArrayList<>();
        List<String> taskWork = List.of("claim", "unclaim", "complete", "submit");
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                String method = operation.getKey().toUpperCase();
                if (method.equals("GET")
                        || !List.of("POST", "PUT", "DELETE", "PATCH").contains(method)) {
                    continue;
                }
                String operationId = operation.getValue().get("operationId").asText();
                boolean expected = method.equals("POST")
                        && (operationId.startsWith("query")
                                || operationId.startsWith("postQuery")
                                || operationId.startsWith("postExecuteFilter")
                                || path.getKey().startsWith("/task/{id}/") && taskWork.contains(operationId));
                if (operationId.equals("querySchemaLog") || path.getKey().startsWith("/group")) {
                    expected = false; // queries that only administrators need
                }
                String concrete = path.getKey().replaceAll("\\{[^}]+}", "x");
                boolean actual = allowList.permits(method, concrete, null);
                if (actual && !expected) {
                    wronglyOpen.add(method + " " + path.getKey() + " (" + operationId + ")");
                } else if (!actual && expected) {
                    wronglyClosed.add(method + " " + path.getKey() + " (" + operationId + ")");
                }
            }
        }
        assertThat(paths.size()).as("paths in the OpenAPI document").isGreaterThan(100);
        assertThat(wronglyOpen).as("writes open to non-admins").isEmpty();
        assertThat(wronglyClosed)
                .as("queries and task work closed to non-admins")
                .isEmpty();
    }

    private static JsonNode openApi() throws IOException {
        try (InputStream in = EngineRestAllowListTests.class.getResourceAsStream("/openapi.json")) {
            assertThat(in)
                    .as("openapi.json of camunda-engine-rest-openapi on the classpath")
                    .isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }
}
