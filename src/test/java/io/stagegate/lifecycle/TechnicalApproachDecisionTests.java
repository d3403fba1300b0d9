package io.stagegate.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One case per rule of {@code bpmn/technical-approach.dmn}, evaluated on the standalone DMN engine. */
class TechnicalApproachDecisionTests {

    private static final DmnEngine DMN_ENGINE =
            DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();

    private static DmnDecision decision;

    @BeforeAll
    static void parseDecision() throws IOException {
        try (InputStream table = TechnicalApproachDecisionTests.class
                .getClassLoader()
                .getResourceAsStream("bpmn/technical-approach.dmn")) {
            decision = DMN_ENGINE.parseDecision("technical-approach", table);
        }
    }

    @Test
    void highPrivacyRequiresPrivateDeploymentAndRag() {
        assertThat(recommendations(plainProject().putValue("privacyLevel", "HIGH")))
                .containsExactly(Map.of("deploymentMode", "PRIVATE", "technique", "RAG"));
    }

    @Test
    void complexProcessCallsForAnAgentFramework() {
        assertThat(recommendations(plainProject().putValue("processComplexity", "COMPLEX")))
                .containsExactly(Map.of("technique", "AGENT"));
    }

    @Test
    void specializedDomainNeedsDomainFineTuning() {
        assertThat(recommendations(plainProject().putValue("domainSpecialization", "SPECIALIZED")))
                .contains(Map.of("technique", "DOMAIN_FINE_TUNING"));
    }

    @Test
    void specializedDomainNeedsKnowledgeEnhancement() {
        assertThat(recommendations(plainProject().putValue("domainSpecialization", "SPECIALIZED")))
                .contains(Map.of("technique", "KNOWLEDGE_ENHANCEMENT"))
                .hasSize(2);
    }

    @Test
    void industrialOnSiteUseRunsCloudEdgeWithEdgeInference() {
        assertThat(recommendations(plainProject().putValue("industry", "INDUSTRIAL")))
                .containsExactly(Map.of("deploymentMode", "CLOUD_EDGE", "technique", "EDGE_INFERENCE"));
    }

    @Test
    void mediumPrivacyRecommendsHybridDeployment() {
        assertThat(recommendations(plainProject().putValue("privacyLevel", "MEDIUM")))
                .containsExactly(Map.of("deploymentMode", "HYBRID"));
    }

    @Test
    void lowPrivacySimpleGeneralProjectGetsNoRuleSoTheCallerFallsBackToCloud() {
        assertThat(recommendations(plainProject())).isEmpty();
    }

    @Test
    void everyMatchingRuleContributes() {
        VariableMap demanding = Variables.createVariables()
                .putValue("industry", "HEALTHCARE")
                .putValue("privacyLevel", "HIGH")
                .putValue("processComplexity", "COMPLEX")
                .putValue("domainSpecialization", "SPECIALIZED");

        List<Map<String, Object>> recommendations = recommendations(demanding);

        assertThat(recommendations)
                .extracting(entry -> entry.get("technique"))
                .containsExactlyInAnyOrder("RAG", "AGENT", "DOMAIN_FINE_TUNING", "KNOWLEDGE_ENHANCEMENT");
        assertThat(recommendations)
                .extracting(entry -> entry.get("deploymentMode"))
                .containsOnly("PRIVATE", null);
    }

    /** A project that triggers no rule: general domain, simple process, low privacy, outside industry. */
    private static VariableMap plainProject() {
        return Variables.createVariables()
                .putValue("industry", "RETAIL")
                .putValue("privacyLevel", "LOW")
                .putValue("processComplexity", "SIMPLE")
                .putValue("domainSpecialization", "GENERAL");
    }

    private static List<Map<String, Object>> recommendations(VariableMap project) {
        return DMN_ENGINE.evaluateDecisionTable(decision, project).getResultList();
    }
}
