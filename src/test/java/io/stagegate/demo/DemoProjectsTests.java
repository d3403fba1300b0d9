package io.stagegate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stagegate.Api;
import io.stagegate.StagegateIntegrationTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The demo a newcomer starts with: four projects at different points of the lifecycle, read as the demo users. */
@StagegateIntegrationTest
class DemoProjectsTests {

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    @Test
    void seedsFourProjectsAtDifferentPointsOfTheLifecycle() {
        Map<String, JsonNode> demo = demoProjects();

        assertThat(where(demo.get("Retail bank customer-service assistant")))
                .isEqualTo("ACTIVE ARCHITECTURE IN_PREPARATION");
        assertThat(where(demo.get("Hospital discharge-summary drafting"))).isEqualTo("ACTIVE VALIDATION AWAITING_GATE");
        assertThat(demo.get("Hospital discharge-summary drafting")
                        .at("/gate/unmetKpis/0")
                        .asText())
                .isEqualTo("accuracy");
        assertThat(demo.get("Ministry policy Q&A portal").get("status").asText())
                .isEqualTo("OPERATING");
        assertThat(demo.get("Call-centre summarisation pilot").get("status").asText())
                .isEqualTo("RETIRED");
    }

    @Test
    void theRetiredPilotHasAFinishedLifecycleAndACompleteVerifiableHistory() {
        JsonNode pilot = demoProjects().get("Call-centre summarisation pilot");
        String id = pilot.get("id").asText();

        JsonNode instances = api.get(
                        "auditor",
                        "/engine-rest/history/process-instance?processDefinitionKey=llm-lifecycle&processInstanceBusinessKey="
                                + id)
                .body();
        assertThat(instances).hasSize(1);
        assertThat(instances.get(0).get("state").asText()).isEqualTo("COMPLETED");
        assertThat(pilot.get("openTasks")).isEmpty();

        JsonNode history = api.get("auditor", "/api/v1/projects/" + id + "/history?size=200")
                .body();
        JsonNode items = history.get("items");
        assertThat(items.get(0).get("type").asText()).isEqualTo("PROJECT_CREATED");
        assertThat(items.get(items.size() - 1).get("type").asText()).isEqualTo("PROJECT_RETIRED");
        assertThat(history.findValuesAsText("type")).contains("GATE_DECIDED", "PROJECT_LAUNCHED");
    }

    private static String where(JsonNode project) {
        return project.get("status").asText() + " "
                + project.get("currentPhase").asText() + " "
                + project.get("phaseState").asText();
    }

    private Map<String, JsonNode> demoProjects() {
        Map<String, JsonNode> byName = new HashMap<>();
        int page = 0;
        long total;
        do {
            JsonNode body =
                    api.get("auditor", "/api/v1/projects?size=200&page=" + page).body();
            body.get("items").forEach(p -> byName.putIfAbsent(p.get("name").asText(), p));
            total = body.get("total").asLong();
            page++;
        } while ((long) page * 200 < total);
        return byName;
    }
}
