package io.stagegate.lifecycle;

import static io.stagegate.ProjectFixtures.KPIS_MET;
import static io.stagegate.ProjectFixtures.PHASES;
import static io.stagegate.ProjectFixtures.SIGNERS;
import static io.stagegate.ProjectFixtures.openTask;
import static io.stagegate.ProjectFixtures.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stagegate.Api;
import io.stagegate.Api.Answer;
import io.stagegate.ProjectFixtures;
import io.stagegate.StagegateIntegrationTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/**
 * The whole lifecycle of one project over the public HTTP API, as an integrating system and the demo users would
 * drive it: created by {@code integration}, prepared by {@code dev}, signed off by {@code biz}, {@code tech} and
 * {@code comp}, decided by {@code pmo}, launched into operation and retired.
 */
@StagegateIntegrationTest
class ProjectWalkContractTests {

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
    void walksANewProjectThroughAllSevenGatesIntoOperationAndRetirement() {
        // the lifecycle definition, in Chinese on request
        Answer lifecycle = get("dev", "/api/v1/lifecycle", "zh-CN");
        assertThat(lifecycle.status()).isEqualTo(200);
        List<String> phaseKeys = new ArrayList<>();
        lifecycle.body().path("phases").forEach(p -> phaseKeys.add(p.path("key").asText()));
        assertThat(phaseKeys).containsExactlyElementsOf(PHASES);
        assertThat(lifecycle.body().path("phases").get(0).path("name").asText()).isEqualTo("需求分析与场景定位");
        assertThat(lifecycle.body().path("phases").get(6).path("name").asText()).isEqualTo("上线运营与持续优化");
        assertThat(api.get("dev", "/api/v1/lifecycle")
                        .body()
                        .path("phases")
                        .get(0)
                        .path("name")
                        .asText())
                .isEqualTo("Requirements analysis & scenario positioning");

        // creation by an integrating system
        Map<String, Object> request = ProjectFixtures.projectRequest(ProjectFixtures.uniqueName("Walk"));
        request.put("industry", "FINANCE");
        Answer created = api.post("integration", "/api/v1/projects", request);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        JsonNode project = created.body();
        String id = project.path("id").asText();
        assertThat(id).isNotBlank();
        assertThat(created.headers().getLocation()).isNotNull();
        assertThat(created.headers().getLocation().getPath()).isEqualTo("/api/v1/projects/" + id);
        assertThat(project.path("name").asText()).isEqualTo(request.get("name"));
        assertThat(project.path("industry").asText()).isEqualTo("FINANCE");
        assertThat(project.path("privacyLevel").asText()).isEqualTo("MEDIUM");
        assertThat(project.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(project.path("currentPhase").asText()).isEqualTo("REQUIREMENTS");
        assertThat(project.path("phaseState").asText()).isEqualTo("IN_PREPARATION");
        assertThat(project.path("iteration").asInt()).isEqualTo(1);
        assertThat(project.path("recommendation").path("deploymentMode").asText())
                .isEqualTo("HYBRID");
        assertThat(texts(project.path("recommendation").path("techniques"))).containsExactly("AGENT");
        assertThat(texts(project.path("gate").path("missingDeliverables")))
                .containsExactlyInAnyOrder("requirements-spec", "scenario-priorities");
        assertThat(texts(project.path("gate").path("pendingChecks")))
                .containsExactlyInAnyOrder("data-sources-compliant", "cross-functional-team-named");
        assertThat(texts(project.path("gate").path("pendingSignoffs"))).containsExactly("BUSINESS");
        assertThat(project.path("phases")).hasSize(7);
        assertThat(project.path("phases").get(0).path("state").asText()).isEqualTo("IN_PREPARATION");
        assertThat(project.path("phases").get(1).path("state").asText()).isEqualTo("NOT_STARTED");
        assertThat(openTask(project, "prepare-phase").path("candidateGroups").toString())
                .contains("contributor");
        assertThat(project.path("createdAt").asText()).isNotBlank();
        assertThat(project.path("updatedAt").asText()).isNotBlank();
        assertThat(fixtures.view(id).path("id").asText()).isEqualTo(id);

        JsonNode zh = get("auditor", "/api/v1/projects/" + id, "zh-CN").body();
        assertThat(zh.path("phases").get(0).path("name").asText()).isEqualTo("需求分析与场景定位");
        assertThat(zh.path("phases").get(5).path("name").asText()).isEqualTo("测试验证与迭代");

        for (int index = 0; index < PHASES.size(); index++) {
            String phase = PHASES.get(index);
            JsonNode view = fixtures.view(id);
            assertThat(view.path("currentPhase").asText()).isEqualTo(phase);
            assertThat(view.path("phaseState").asText()).isEqualTo("IN_PREPARATION");
            assertThat(view.path("status").asText()).isEqualTo("ACTIVE");
            assertThat(keys(view)).containsExactly("prepare-phase");

            if (phase.equals("ARCHITECTURE")) {
                chooseADeviatingApproach(id);
            }

            // deliverables: the first of each phase by upload, the others by reference
            List<String> missing = texts(view.path("gate").path("missingDeliverables"));
            assertThat(missing).hasSize(2);
            for (int d = 0; d < missing.size(); d++) {
                String type = missing.get(d);
                Map<String, Double> metrics = phase.equals("VALIDATION")
                        ? Map.of("accuracy", 0.93, "p95LatencyMs", 1800.0, "hallucinationRate", 0.02)
                        : KPIS_MET;
                if (d == 0) {
                    uploadAndReadBack(id, phase, type, ProjectFixtures.isReport(type) ? metrics : null);
                } else {
                    referenceWithHash(id, phase, type, ProjectFixtures.isReport(type) ? metrics : null);
                }
            }
            view = fixtures.view(id);
            assertThat(view.path("gate").path("missingDeliverables")).isEmpty();

            List<String> checks = texts(view.path("gate").path("pendingChecks"));
            assertThat(checks).isNotEmpty();
            for (String check : checks) {
                Answer confirmed = api.post(
                        "dev",
                        "/api/v1/projects/" + id + "/phases/" + phase + "/checks/" + check,
                        Map.of("confirmed", true, "evidence", "reviewed in the walk"));
                assertThat(confirmed.status()).as(confirmed.raw()).isEqualTo(200);
            }
            assertThat(fixtures.view(id).path("gate").path("pendingChecks")).isEmpty();

            Answer submitted = api.post("dev", "/api/v1/projects/" + id + "/phases/" + phase + "/submit", null);
            assertThat(submitted.status()).as(submitted.raw()).isEqualTo(200);
            view = submitted.body();
            assertThat(view.path("phaseState").asText()).isEqualTo("AWAITING_SIGNOFF");
            assertThat(view.path("phases").get(index).path("state").asText()).isEqualTo("AWAITING_SIGNOFF");
            List<String> signoffs = texts(view.path("gate").path("pendingSignoffs"));
            assertThat(signoffs).isNotEmpty();
            assertThat(keys(view)).containsOnly("sign-off").hasSize(signoffs.size());
            assertThat(functionsOfOpenSignoffs(view)).containsExactlyInAnyOrderElementsOf(signoffs);
            assertExpectedSignoffs(phase, signoffs);

            for (String function : signoffs) {
                Answer signed = api.post(
                        SIGNERS.get(function),
                        "/api/v1/projects/" + id + "/phases/" + phase + "/signoffs/" + function,
                        Map.of("decision", "APPROVE", "comment", "ok"));
                assertThat(signed.status()).as(signed.raw()).isEqualTo(200);
                view = signed.body();
            }
            assertThat(view.path("phaseState").asText()).isEqualTo("AWAITING_GATE");
            assertThat(view.path("gate").path("pendingSignoffs")).isEmpty();
            assertThat(keys(view)).containsExactly("gate-review");
            assertThat(openTask(view, "gate-review").path("candidateGroups").toString())
                    .contains("pmo");
            if (phase.equals("VALIDATION")) {
                assertThat(view.path("gate").path("unmetKpis")).isEmpty();
            }

            Answer decided = fixtures.decide("pmo", id, phase, "APPROVE");
            assertThat(decided.status()).as(decided.raw()).isEqualTo(200);
            view = decided.body();
            assertThat(view.path("phases").get(index).path("state").asText()).isEqualTo("PASSED");
            if (index + 1 < PHASES.size()) {
                assertThat(view.path("currentPhase").asText()).isEqualTo(PHASES.get(index + 1));
                assertThat(view.path("phaseState").asText()).isEqualTo("IN_PREPARATION");
                assertThat(view.path("phases").get(index + 1).path("state").asText())
                        .isEqualTo("IN_PREPARATION");
                assertThat(view.path("status").asText()).isEqualTo("ACTIVE");
            }
        }

        JsonNode operating = fixtures.view(id);
        assertThat(operating.path("status").asText()).isEqualTo("OPERATING");
        assertThat(operating.path("currentPhase").asText()).isEqualTo("OPERATION");
        assertThat(operating.path("phaseState").asText()).isEqualTo("PASSED");
        assertThat(operating.path("phases").findValuesAsText("state")).containsOnly("PASSED");
        assertThat(keys(operating)).doesNotContain("prepare-phase", "sign-off", "gate-review");

        Answer retired = api.post("pmo", "/api/v1/projects/" + id + "/retire", Map.of("reason", "replaced"));
        assertThat(retired.status()).as(retired.raw()).isEqualTo(200);
        assertThat(retired.body().path("status").asText()).isEqualTo("RETIRED");
        assertThat(fixtures.view(id).path("status").asText()).isEqualTo("RETIRED");
        assertThat(fixtures.view(id).path("openTasks")).isEmpty();
    }

    /** At ARCHITECTURE: a deviating choice needs a justification and adds a COMPLIANCE sign-off. */
    private void chooseADeviatingApproach(String id) {
        JsonNode before = fixtures.view(id);
        assertThat(texts(before.path("gate").path("pendingSignoffs"))).doesNotContain("COMPLIANCE");
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("deploymentMode", "CLOUD");
        choice.put("techniques", List.of("RAG"));

        Answer unjustified = api.put("dev", "/api/v1/projects/" + id + "/approach", choice);
        assertThat(unjustified.status()).as(unjustified.raw()).isEqualTo(400);
        assertThat(unjustified.body().path("errors").findValuesAsText("field")).contains("justification");
        assertThat(fixtures.view(id).path("approach")).isEqualTo(before.path("approach"));

        choice.put("justification", "The retail data is public; a managed cloud model is cheaper and sufficient.");
        Answer justified = api.put("dev", "/api/v1/projects/" + id + "/approach", choice);
        assertThat(justified.status()).as(justified.raw()).isEqualTo(200);
        assertThat(justified.body().path("approach").path("deviates").asBoolean())
                .isTrue();
        assertThat(justified.body().path("approach").path("deploymentMode").asText())
                .isEqualTo("CLOUD");
        assertThat(texts(justified.body().path("approach").path("techniques"))).containsExactly("RAG");
    }

    private static void assertExpectedSignoffs(String phase, List<String> signoffs) {
        // product.md, default sign-off policy, for a FINANCE project with MEDIUM privacy and GENERAL domain
        List<String> expected =
                switch (phase) {
                    case "REQUIREMENTS" -> List.of("BUSINESS");
                    case "ARCHITECTURE" -> List.of("TECHNOLOGY", "COMPLIANCE"); // COMPLIANCE: the approach deviates
                    case "DATA" -> List.of("TECHNOLOGY", "COMPLIANCE");
                    case "MODEL", "INTEGRATION" -> List.of("TECHNOLOGY");
                    case "VALIDATION" -> List.of("BUSINESS", "TECHNOLOGY");
                    case "OPERATION" -> List.of("BUSINESS", "TECHNOLOGY", "COMPLIANCE");
                    default -> throw new IllegalArgumentException(phase);
                };
        assertThat(signoffs).as("sign-offs of the %s gate", phase).containsExactlyInAnyOrderElementsOf(expected);
    }

    private void uploadAndReadBack(String id, String phase, String type, Map<String, Double> metrics) {
        String content = "# " + type + "\n\n" + phase + " output of project " + id + " — 内容 ✓\n";
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("phase", phase);
        metadata.put("type", type);
        metadata.put("title", "Uploaded " + type);
        if (metrics != null) {
            metadata.put("metrics", metrics);
        }
        Answer uploaded = fixtures.upload("dev", id, metadata, type + ".md", content);
        assertThat(uploaded.status()).as(uploaded.raw()).isEqualTo(201);
        JsonNode deliverable = uploaded.body();
        String expectedHash = ProjectFixtures.sha256(content);
        assertDeliverable(deliverable, phase, type);
        assertThat(deliverable.path("sha256").asText()).isEqualTo(expectedHash);
        assertThat(deliverable.path("size").asLong())
                .isEqualTo(content.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);

        Answer bytes = api.get(
                "auditor",
                "/api/v1/projects/" + id + "/deliverables/"
                        + deliverable.path("id").asText() + "/content");
        assertThat(bytes.status()).isEqualTo(200);
        assertThat(bytes.raw()).isEqualTo(content);
        ContentDisposition disposition =
                ContentDisposition.parse(bytes.headers().getFirst(HttpHeaders.CONTENT_DISPOSITION));
        assertThat(disposition.isAttachment()).isTrue();
        assertThat(disposition.getFilename()).isEqualTo(type + ".md");
        assertThat(ProjectFixtures.sha256(bytes.raw()))
                .isEqualTo(deliverable.path("sha256").asText());
    }

    private void referenceWithHash(String id, String phase, String type, Map<String, Double> metrics) {
        Answer referenced = fixtures.reference(id, phase, type, metrics);
        assertThat(referenced.status()).as(referenced.raw()).isEqualTo(201);
        assertDeliverable(referenced.body(), phase, type);
        assertThat(referenced.body().path("sha256").asText()).isEqualTo(ProjectFixtures.sha256(type + id));
    }

    private static void assertDeliverable(JsonNode deliverable, String phase, String type) {
        assertThat(deliverable.path("id").asText()).isNotBlank();
        assertThat(deliverable.path("phase").asText()).isEqualTo(phase);
        assertThat(deliverable.path("type").asText()).isEqualTo(type);
        assertThat(deliverable.path("version").asInt()).isEqualTo(1);
        assertThat(deliverable.path("submittedBy").asText()).isEqualTo("dev");
        assertThat(deliverable.path("submittedAt").asText()).isNotBlank();
    }

    private Answer get(String user, String path, String language) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.ACCEPT_LANGUAGE, language);
        return api.call(HttpMethod.GET, user, path, null, headers);
    }

    private static List<String> keys(JsonNode view) {
        return view.path("openTasks").findValuesAsText("key");
    }

    private static List<String> functionsOfOpenSignoffs(JsonNode view) {
        List<String> functions = new ArrayList<>();
        view.path("openTasks")
                .forEach(task -> functions.add(task.path("function").asText()));
        return functions;
    }
}
