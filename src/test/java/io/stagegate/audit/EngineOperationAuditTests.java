package io.stagegate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stagegate.Api;
import io.stagegate.Api.Answer;
import io.stagegate.ProjectFixtures;
import io.stagegate.StagegateIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

/**
 * An administrator works on the engine directly through {@code /engine-rest}: each action lands in the audit log of
 * the project it touched (or, for a deployment, in the system chain), under the administrator's user id, and every
 * chain still verifies.
 */
@StagegateIntegrationTest
class EngineOperationAuditTests {

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
    void recordsAdministrativeActionsInTheProjectsChain() {
        String id = fixtures.create("Engine admin").get("id").asText();
        String instance = api.get("admin", "/engine-rest/process-instance?businessKey=" + id)
                .body()
                .get(0)
                .get("id")
                .asText();
        long before = history(id).size();

        Answer variable = api.put(
                "admin",
                "/engine-rest/process-instance/" + instance + "/variables/auditProbe",
                Map.of("value", "changed by hand", "type", "String"));
        assertThat(variable.status()).as(variable.raw()).isEqualTo(204);
        Answer suspend =
                api.put("admin", "/engine-rest/process-instance/" + instance + "/suspended", Map.of("suspended", true));
        assertThat(suspend.status()).as(suspend.raw()).isEqualTo(204);
        Answer activate = api.put(
                "admin", "/engine-rest/process-instance/" + instance + "/suspended", Map.of("suspended", false));
        assertThat(activate.status()).as(activate.raw()).isEqualTo(204);
        Answer delete = api.delete("admin", "/engine-rest/process-instance/" + instance);
        assertThat(delete.status()).as(delete.raw()).isEqualTo(204);

        List<JsonNode> added = history(id).subList((int) before, history(id).size());
        assertThat(added)
                .allSatisfy(event -> assertThat(event.get("actor").asText()).isEqualTo("admin"))
                .extracting(event -> event.get("type").asText() + " "
                        + event.get("details").get("operationType").asText())
                .contains(
                        "ENGINE_OPERATION SetVariable",
                        "ENGINE_OPERATION Suspend",
                        "ENGINE_OPERATION Activate",
                        "ENGINE_OPERATION Delete");
        assertThat(added)
                .as("each logged operation recorded once")
                .extracting(event -> event.get("details").get("operationId").asText() + "/"
                        + event.get("details").path("property").asText())
                .doesNotHaveDuplicates();
        assertThat(added).allSatisfy(event -> assertThat(
                        event.get("details").get("processInstanceId").asText())
                .isEqualTo(instance));
        assertThat(api.get("auditor", "/api/v1/audit/verify")
                        .body()
                        .get("valid")
                        .asBoolean())
                .isTrue();
        Answer export = api.get("auditor", "/api/v1/projects/" + id + "/audit-export");
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.body().get("chain").get("valid").asBoolean()).isTrue();
    }

    @Test
    void recordsAPolicyDeploymentInTheSystemChain() {
        String key = "audit-probe-" + UUID.randomUUID().toString().substring(0, 8);
        long before = systemHistory().size();

        deployDecision("admin", key);

        List<JsonNode> all = systemHistory();
        List<JsonNode> added = all.subList((int) before, all.size());
        assertThat(added).hasSize(1);
        JsonNode event = added.get(0);
        assertThat(event.get("type").asText()).isEqualTo("ENGINE_DEPLOYMENT");
        assertThat(event.get("actor").asText()).isEqualTo("admin");
        assertThat(event.get("details").get("definitions").get(0).asText())
                .isEqualTo("decision " + key + " version 1 tag 1.0");
        assertThat(event.get("seq").asLong()).isEqualTo(all.size());
        JsonNode verify = api.get("auditor", "/api/v1/audit/verify").body();
        assertThat(verify.get("valid").asBoolean()).as(verify.toString()).isTrue();
    }

    @Test
    void systemChainIsForAuditReadersOnly() {
        assertThat(api.get("dev", "/api/v1/audit/system-history").status()).isEqualTo(403);
        assertThat(api.get("pmo", "/api/v1/audit/system-history").status()).isEqualTo(200);
    }

    private void deployDecision(String user, String key) {
        String dmn =
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/"
                             xmlns:camunda="http://camunda.org/schema/1.0/dmn"
                             id="probe" name="Audit probe" namespace="http://stagegate.io/test">
                  <decision id="%s" name="Audit probe" camunda:versionTag="1.0" camunda:historyTimeToLive="P3650D">
                    <decisionTable id="table">
                      <output id="out" name="ok" typeRef="boolean"/>
                      <rule id="always"><outputEntry id="yes"><text>true</text></outputEntry></rule>
                    </decisionTable>
                  </decision>
                </definitions>
                """
                        .formatted(key);
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("deployment-name", "audit probe " + key);
        form.add("deployment-source", "audit test");
        form.add("data", new ByteArrayResource(dmn.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return key + ".dmn";
            }
        });
        int status = RestClient.create("http://localhost:" + port)
                .post()
                .uri("/engine-rest/deployment/create")
                .header(HttpHeaders.AUTHORIZATION, Api.basic(user, "demo"))
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(form)
                .exchange((request, response) -> response.getStatusCode().value());
        assertThat(status).isEqualTo(200);
    }

    private List<JsonNode> history(String id) {
        return pages("/api/v1/projects/" + id + "/history");
    }

    private List<JsonNode> systemHistory() {
        return pages("/api/v1/audit/system-history");
    }

    private List<JsonNode> pages(String path) {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 0; ; page++) {
            Answer answer = api.get("auditor", path + "?size=200&page=" + page);
            assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
            answer.body().get("items").forEach(all::add);
            if (all.size() >= answer.body().get("total").asLong()) {
                return all;
            }
        }
    }
}
