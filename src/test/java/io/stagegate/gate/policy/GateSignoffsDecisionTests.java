package io.stagegate.gate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One case per rule of {@code bpmn/gate-signoffs.dmn}, the default sign-off policy of product.md. Rules may
 * overlap (the caller keeps each function once), so the assertions look at the distinct functions.
 */
class GateSignoffsDecisionTests {

    private static final DmnEngine DMN_ENGINE =
            DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();

    private static DmnDecision decision;

    @BeforeAll
    static void parseDecision() throws IOException {
        try (InputStream table =
                GateSignoffsDecisionTests.class.getClassLoader().getResourceAsStream("bpmn/gate-signoffs.dmn")) {
            decision = DMN_ENGINE.parseDecision("gate-signoffs", table);
        }
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "REQUIREMENTS, BUSINESS",
        "ARCHITECTURE, TECHNOLOGY",
        "DATA,         TECHNOLOGY COMPLIANCE",
        "MODEL,        TECHNOLOGY",
        "INTEGRATION,  TECHNOLOGY",
        "VALIDATION,   BUSINESS TECHNOLOGY",
        "OPERATION,    BUSINESS TECHNOLOGY"
    })
    void plainProjectNeedsOnlyTheUnconditionalSignoffs(String phase, String functions) {
        assertThat(signoffs(plainProject(phase))).containsExactlyInAnyOrder(functions.split(" "));
    }

    @Test
    void requirementsIsSignedOffByBusiness() {
        assertThat(signoffs(plainProject("REQUIREMENTS"))).containsExactly("BUSINESS");
    }

    @Test
    void requirementsAddsComplianceForHighPrivacy() {
        assertThat(signoffs(plainProject("REQUIREMENTS").putValue("privacyLevel", "HIGH")))
                .containsExactlyInAnyOrder("BUSINESS", "COMPLIANCE");
        assertThat(signoffs(plainProject("REQUIREMENTS").putValue("privacyLevel", "MEDIUM")))
                .doesNotContain("COMPLIANCE");
    }

    @Test
    void architectureIsSignedOffByTechnology() {
        assertThat(signoffs(plainProject("ARCHITECTURE"))).containsExactly("TECHNOLOGY");
    }

    @Test
    void architectureAddsComplianceForHighPrivacy() {
        assertThat(signoffs(plainProject("ARCHITECTURE").putValue("privacyLevel", "HIGH")))
                .containsExactlyInAnyOrder("TECHNOLOGY", "COMPLIANCE");
    }

    @Test
    void architectureAddsComplianceWhenTheChosenApproachDeviates() {
        assertThat(signoffs(plainProject("ARCHITECTURE").putValue("approachDeviates", true)))
                .containsExactlyInAnyOrder("TECHNOLOGY", "COMPLIANCE");
    }

    @Test
    void deviatingApproachAddsNoSignoffOutsideArchitecture() {
        assertThat(signoffs(plainProject("MODEL").putValue("approachDeviates", true)))
                .containsExactly("TECHNOLOGY");
    }

    @Test
    void dataIsSignedOffByTechnology() {
        assertThat(signoffs(plainProject("DATA"))).contains("TECHNOLOGY");
    }

    @Test
    void dataIsSignedOffByCompliance() {
        assertThat(signoffs(plainProject("DATA"))).contains("COMPLIANCE");
    }

    @Test
    void modelIsSignedOffByTechnology() {
        assertThat(signoffs(plainProject("MODEL"))).containsExactly("TECHNOLOGY");
    }

    @Test
    void modelAddsBusinessForSpecializedDomain() {
        assertThat(signoffs(plainProject("MODEL").putValue("domainSpecialization", "SPECIALIZED")))
                .containsExactlyInAnyOrder("TECHNOLOGY", "BUSINESS");
    }

    @Test
    void integrationIsSignedOffByTechnology() {
        assertThat(signoffs(plainProject("INTEGRATION"))).containsExactly("TECHNOLOGY");
    }

    @Test
    void integrationAddsComplianceForHighPrivacy() {
        assertThat(signoffs(plainProject("INTEGRATION").putValue("privacyLevel", "HIGH")))
                .containsExactlyInAnyOrder("TECHNOLOGY", "COMPLIANCE");
    }

    @Test
    void validationIsSignedOffByBusiness() {
        assertThat(signoffs(plainProject("VALIDATION"))).contains("BUSINESS");
    }

    @Test
    void validationIsSignedOffByTechnology() {
        assertThat(signoffs(plainProject("VALIDATION"))).contains("TECHNOLOGY");
    }

    @Test
    void launchIsSignedOffByBusiness() {
        assertThat(signoffs(plainProject("OPERATION"))).contains("BUSINESS");
    }

    @Test
    void launchIsSignedOffByTechnology() {
        assertThat(signoffs(plainProject("OPERATION"))).contains("TECHNOLOGY");
    }

    @ParameterizedTest
    @ValueSource(strings = {"FINANCE", "HEALTHCARE", "GOVERNMENT"})
    void launchAddsComplianceInRegulatedIndustries(String industry) {
        assertThat(signoffs(plainProject("OPERATION").putValue("industry", industry)))
                .containsExactlyInAnyOrder("BUSINESS", "TECHNOLOGY", "COMPLIANCE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"INDUSTRIAL", "EDUCATION", "RETAIL", "OTHER"})
    void launchNeedsNoComplianceInOtherIndustries(String industry) {
        assertThat(signoffs(plainProject("OPERATION").putValue("industry", industry)))
                .doesNotContain("COMPLIANCE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"REQUIREMENTS", "ARCHITECTURE", "DATA", "MODEL", "INTEGRATION", "VALIDATION", "OPERATION"})
    void highEuRiskClassAddsComplianceToEveryGate(String phase) {
        assertThat(signoffs(plainProject(phase).putValue("euRiskClass", "HIGH")))
                .contains("COMPLIANCE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MINIMAL", "LIMITED"})
    void lowerEuRiskClassesAddNoCompliance(String riskClass) {
        assertThat(signoffs(plainProject("MODEL").putValue("euRiskClass", riskClass)))
                .containsExactly("TECHNOLOGY");
    }

    /** A project that triggers no conditional rule: low privacy, general domain, retail, no EU risk class. */
    private static VariableMap plainProject(String phase) {
        return Variables.createVariables()
                .putValue("phase", phase)
                .putValue("industry", "RETAIL")
                .putValue("privacyLevel", "LOW")
                .putValue("domainSpecialization", "GENERAL")
                .putValue("euRiskClass", "NONE")
                .putValue("approachDeviates", false);
    }

    private static List<String> signoffs(VariableMap project) {
        List<String> functions =
                DMN_ENGINE.evaluateDecisionTable(decision, project).collectEntries("function");
        return functions.stream().distinct().toList();
    }
}
