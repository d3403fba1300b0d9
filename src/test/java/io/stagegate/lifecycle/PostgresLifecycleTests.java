package io.stagegate.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stagegate.Api;
import io.stagegate.StagegatePostgresTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The lifecycle over real HTTP on a real PostgreSQL server: gates, evidence, refusals and the audit chain. */
@StagegatePostgresTest
class PostgresLifecycleTests {

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    @Test
    void demoProjectsAreSeededThroughTheServices() {
        Api.Answer list = api.get("auditor", "/api/v1/projects?size=50");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().get("total").asLong()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void projectPassesTheRequirementsGateAndTheChainVerifies() {
        Api.Answer created = api.post(
                "integration",
                "/api/v1/projects",
                Map.of(
                        "name", "Claims triage assistant",
                        "industry", "FINANCE",
                        "privacyLevel", "LOW",
                        "processComplexity", "SIMPLE",
                        "domainSpecialization", "GENERAL",
                        "kpis",
                                List.of(Map.of(
                                        "metric",
                                        "accuracy",
                                        "baseline",
                                        0.8,
                                        "target",
                                        0.9,
                                        "unit",
                                        "ratio",
                                        "direction",
                                        "AT_LEAST")),
                        "team", Map.of("businessOwner", "biz", "techLead", "tech", "complianceOfficer", "comp")));
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asText();
        String base = "/api/v1/projects/" + id;

        Api.Answer refused = api.post("dev", base + "/phases/REQUIREMENTS/submit", null);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().get("missing").toString()).contains("requirements-spec");

        for (String type : List.of("requirements-spec", "scenario-priorities")) {
            Api.Answer registered = api.post(
                    "dev",
                    base + "/deliverables",
                    Map.of(
                            "phase",
                            "REQUIREMENTS",
                            "type",
                            type,
                            "title",
                            type,
                            "uri",
                            "https://dms.example.com/" + type,
                            "sha256",
                            "a".repeat(64)));
            assertThat(registered.status()).isEqualTo(201);
        }
        JsonNode view = api.get("dev", base).body();
        for (JsonNode check : view.get("gate").get("pendingChecks")) {
            assertThat(api.post(
                                    "dev",
                                    base + "/phases/REQUIREMENTS/checks/" + check.asText(),
                                    Map.of("confirmed", true, "evidence", "reviewed"))
                            .status())
                    .isEqualTo(200);
        }
        assertThat(api.post("dev", base + "/phases/REQUIREMENTS/submit", null).status())
                .isEqualTo(200);
        for (JsonNode function : api.get("dev", base).body().get("gate").get("pendingSignoffs")) {
            String signer = Map.of("BUSINESS", "biz", "TECHNOLOGY", "tech", "COMPLIANCE", "comp")
                    .get(function.asText());
            assertThat(api.post(
                                    signer,
                                    base + "/phases/REQUIREMENTS/signoffs/" + function.asText(),
                                    Map.of("decision", "APPROVE"))
                            .status())
                    .isEqualTo(200);
        }
        Api.Answer decided = api.post("pmo", base + "/phases/REQUIREMENTS/gate", Map.of("decision", "APPROVE"));
        assertThat(decided.status()).isEqualTo(200);
        assertThat(decided.body().get("currentPhase").asText()).isEqualTo("ARCHITECTURE");
        assertThat(decided.body().get("phaseState").asText()).isEqualTo("IN_PREPARATION");

        Api.Answer history = api.get("auditor", base + "/history?size=200");
        assertThat(history.body().get("items").get(0).get("seq").asLong()).isEqualTo(1);
        assertThat(history.body().get("items").findValuesAsText("type")).contains("GATE_DECIDED", "PHASE_ENTERED");
        Api.Answer verified = api.get("auditor", "/api/v1/audit/verify");
        assertThat(verified.body().get("valid").asBoolean()).isTrue();
    }
}
