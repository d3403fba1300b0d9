package io.stagegate.gate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One case per rule of {@code bpmn/gate-checklist.dmn} (the six pitfalls and the regulatory checks of product.md),
 * and the agreement between the table and {@code catalogue/lifecycle.json}.
 */
class GateChecklistDecisionTests {

    private static final String TABLE = "bpmn/gate-checklist.dmn";
    private static final String CATALOGUE = "catalogue/lifecycle.json";

    private static final List<String> PHASES =
            List.of("REQUIREMENTS", "ARCHITECTURE", "DATA", "MODEL", "INTEGRATION", "VALIDATION", "OPERATION");

    private static final DmnEngine DMN_ENGINE =
            DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();

    private static DmnDecision decision;

    @BeforeAll
    static void parseDecision() throws IOException {
        try (InputStream table = resource(TABLE)) {
            decision = DMN_ENGINE.parseDecision("gate-checklist", table);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "REQUIREMENTS, data-sources-compliant cross-functional-team-named",
        "ARCHITECTURE, deployment-mode-fits-privacy hallucination-mitigation-chosen cost-estimate-justified",
        "DATA,         sensitive-data-desensitized data-use-audit-logging knowledge-base-owner-and-cadence",
        "MODEL,        hallucination-rate-within-threshold inference-cost-measured",
        "INTEGRATION,  deployment-mode-fits-privacy interaction-ux-reviewed monitoring-in-place",
        "VALIDATION,   hallucination-rate-within-threshold staged-rollout-planned",
        "OPERATION,    user-training-done feedback-loop-defined"
    })
    void everyPhaseHasChecksThatAlwaysApply(String phase, String checks) {
        assertThat(checks(plainProject(phase))).containsExactlyInAnyOrder(checks.split(" "));
    }

    // P1 data security & privacy compliance

    @Test
    void requirementsAlwaysAssessesDataSourcesForCompliance() {
        assertThat(checks(plainProject("REQUIREMENTS"))).contains("data-sources-compliant");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ARCHITECTURE", "INTEGRATION"})
    void architectureAndIntegrationMatchDeploymentModeToPrivacy(String phase) {
        assertThat(checks(plainProject(phase))).contains("deployment-mode-fits-privacy");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HIGH", "MEDIUM"})
    void dataNeedsImpactAssessmentWhenPersonalOrHighPrivacyDataIsProcessed(String privacyLevel) {
        assertThat(checks(plainProject("DATA").putValue("privacyLevel", privacyLevel)))
                .contains("data-protection-impact-assessed");
        assertThat(checks(plainProject("DATA"))).doesNotContain("data-protection-impact-assessed");
    }

    @Test
    void dataAlwaysDesensitizesSensitiveData() {
        assertThat(checks(plainProject("DATA"))).contains("sensitive-data-desensitized");
    }

    @Test
    void dataAlwaysAuditsDataUse() {
        assertThat(checks(plainProject("DATA"))).contains("data-use-audit-logging");
    }

    // P2 hallucination

    @Test
    void architectureAlwaysChoosesHallucinationMitigation() {
        assertThat(checks(plainProject("ARCHITECTURE"))).contains("hallucination-mitigation-chosen");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MODEL", "VALIDATION"})
    void modelAndValidationAlwaysMeasureHallucinationRate(String phase) {
        assertThat(checks(plainProject(phase))).contains("hallucination-rate-within-threshold");
    }

    @ParameterizedTest
    @ValueSource(strings = {"FINANCE", "HEALTHCARE", "GOVERNMENT"})
    void modelNeedsHumanReviewOfCriticalDecisionsInCriticalIndustries(String industry) {
        assertThat(checks(plainProject("MODEL").putValue("industry", industry)))
                .contains("human-review-for-critical-decisions");
        assertThat(checks(plainProject("MODEL"))).doesNotContain("human-review-for-critical-decisions");
    }

    @Test
    void modelNeedsHumanReviewOfCriticalDecisionsInSpecializedDomains() {
        assertThat(checks(plainProject("MODEL").putValue("domainSpecialization", "SPECIALIZED")))
                .contains("human-review-for-critical-decisions");
    }

    @Test
    void specializedDomainInCriticalIndustryAsksForHumanReviewOnce() {
        VariableMap project = plainProject("MODEL")
                .putValue("industry", "HEALTHCARE")
                .putValue("domainSpecialization", "SPECIALIZED");

        assertThat(checks(project)).containsOnlyOnce("human-review-for-critical-decisions");
    }

    // P3 cost vs performance

    @Test
    void architectureAlwaysJustifiesCostEstimate() {
        assertThat(checks(plainProject("ARCHITECTURE"))).contains("cost-estimate-justified");
    }

    @Test
    void modelAlwaysMeasuresInferenceCost() {
        assertThat(checks(plainProject("MODEL"))).contains("inference-cost-measured");
    }

    // P4 user experience

    @Test
    void integrationAlwaysReviewsInteractionAndUx() {
        assertThat(checks(plainProject("INTEGRATION"))).contains("interaction-ux-reviewed");
    }

    @Test
    void validationAlwaysPlansStagedRollout() {
        assertThat(checks(plainProject("VALIDATION"))).contains("staged-rollout-planned");
    }

    @Test
    void launchAlwaysTrainsUsers() {
        assertThat(checks(plainProject("OPERATION"))).contains("user-training-done");
    }

    // P5 continuous iteration

    @Test
    void dataAlwaysNamesKnowledgeBaseOwnerAndCadence() {
        assertThat(checks(plainProject("DATA"))).contains("knowledge-base-owner-and-cadence");
    }

    @Test
    void integrationAlwaysPutsMonitoringInPlace() {
        assertThat(checks(plainProject("INTEGRATION"))).contains("monitoring-in-place");
    }

    @Test
    void launchAlwaysDefinesFeedbackLoop() {
        assertThat(checks(plainProject("OPERATION"))).contains("feedback-loop-defined");
    }

    // P6 cross-department collaboration

    @Test
    void requirementsAlwaysNamesCrossFunctionalTeam() {
        assertThat(checks(plainProject("REQUIREMENTS"))).contains("cross-functional-team-named");
    }

    // Regulatory: CN + PUBLIC

    @ParameterizedTest
    @ValueSource(strings = {"DATA", "VALIDATION"})
    void publicServiceInChinaScreensTrainingDataSources(String phase) {
        assertThat(checks(publicServiceInChina(phase))).contains("cn-training-data-screened");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DATA", "VALIDATION"})
    void publicServiceInChinaPassesSafetyAssessment(String phase) {
        assertThat(checks(publicServiceInChina(phase))).contains("cn-safety-assessment-passed");
    }

    @Test
    void publicServiceInChinaIsFiledBeforeLaunch() {
        assertThat(checks(publicServiceInChina("OPERATION"))).contains("cn-genai-service-filed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DATA", "VALIDATION", "OPERATION"})
    void chinaRulesNeedBothChineseJurisdictionAndPublicAudience(String phase) {
        VariableMap internalInChina = plainProject(phase).putValue("jurisdictionCN", true);
        VariableMap publicOutsideChina = plainProject(phase).putValue("audience", "PUBLIC");

        assertThat(checks(internalInChina)).noneMatch(key -> key.startsWith("cn-"));
        assertThat(checks(publicOutsideChina)).noneMatch(key -> key.startsWith("cn-"));
    }

    // Regulatory: EU

    @ParameterizedTest
    @ValueSource(strings = {"INTEGRATION", "OPERATION"})
    void euProjectKeepsOperationLogs(String phase) {
        assertThat(checks(plainProject(phase).putValue("jurisdictionEU", true))).contains("eu-operation-logs-retained");
    }

    @ParameterizedTest
    @ValueSource(strings = {"INTEGRATION", "OPERATION"})
    void highRiskProjectKeepsOperationLogsWithoutNamingEuJurisdiction(String phase) {
        assertThat(checks(plainProject(phase).putValue("euRiskClass", "HIGH"))).contains("eu-operation-logs-retained");
    }

    @ParameterizedTest
    @ValueSource(strings = {"INTEGRATION", "OPERATION"})
    void euProjectPlansPostMarketMonitoring(String phase) {
        assertThat(checks(plainProject(phase).putValue("jurisdictionEU", true)))
                .contains("eu-post-market-monitoring-planned");
    }

    @ParameterizedTest
    @ValueSource(strings = {"INTEGRATION", "OPERATION"})
    void highRiskProjectPlansPostMarketMonitoringWithoutNamingEuJurisdiction(String phase) {
        assertThat(checks(plainProject(phase).putValue("euRiskClass", "HIGH")))
                .contains("eu-post-market-monitoring-planned");
    }

    @Test
    void euProjectNamesHumanOversightMeasures() {
        assertThat(checks(plainProject("MODEL").putValue("jurisdictionEU", true)))
                .contains("eu-human-oversight-measures-named");
    }

    @Test
    void highRiskProjectNamesHumanOversightMeasuresWithoutNamingEuJurisdiction() {
        assertThat(checks(plainProject("MODEL").putValue("euRiskClass", "HIGH")))
                .contains("eu-human-oversight-measures-named");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MODEL", "INTEGRATION", "OPERATION"})
    void highRiskEuProjectGetsEachEuCheckOnce(String phase) {
        VariableMap highRiskInEu =
                plainProject(phase).putValue("jurisdictionEU", true).putValue("euRiskClass", "HIGH");

        List<String> euChecks = checks(highRiskInEu).stream()
                .filter(key -> key.startsWith("eu-"))
                .toList();

        assertThat(euChecks).isNotEmpty().doesNotHaveDuplicates();
    }

    // Regulatory: EU risk class HIGH, AI Act Art. 9-15 at the gates where they arise

    @Test
    void highRiskProjectEvidencesRiskManagementSystemAtArchitecture() {
        assertThat(checks(highRiskProject("ARCHITECTURE"))).contains("eu-risk-management-system-in-place");
    }

    @Test
    void highRiskProjectEvidencesDataGovernanceAtData() {
        assertThat(checks(highRiskProject("DATA"))).contains("eu-data-governance-evidenced");
    }

    @Test
    void highRiskProjectDrawsUpTechnicalDocumentationAtIntegration() {
        assertThat(checks(highRiskProject("INTEGRATION"))).contains("eu-technical-documentation-drawn-up");
    }

    @Test
    void highRiskProjectProvidesTransparencyInformationAtValidation() {
        assertThat(checks(highRiskProject("VALIDATION"))).contains("eu-transparency-information-provided");
    }

    @Test
    void highRiskProjectEvidencesAccuracyAndRobustnessAtValidation() {
        assertThat(checks(highRiskProject("VALIDATION"))).contains("eu-accuracy-robustness-evidenced");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NONE", "MINIMAL", "LIMITED"})
    void lowerRiskClassesAddNoEuChecksWithoutEuJurisdiction(String riskClass) {
        assertThat(PHASES)
                .allSatisfy(phase -> assertThat(checks(plainProject(phase).putValue("euRiskClass", riskClass)))
                        .noneMatch(key -> key.startsWith("eu-")));
    }

    // The table as a whole

    @ParameterizedTest
    @ValueSource(strings = {"REQUIREMENTS", "ARCHITECTURE", "DATA", "MODEL", "INTEGRATION", "VALIDATION", "OPERATION"})
    void neverListsTheSameCheckTwiceWhereRulesOverlap(String phase) {
        // the overlapping rules come in pairs (critical industry / specialized domain, EU / high risk class);
        // projects that meet both conditions of every pair must still get each check once
        List<VariableMap> overlapping = Stream.of("FINANCE", "RETAIL")
                .flatMap(industry -> Stream.of(true, false).map(eu -> plainProject(phase)
                        .putValue("industry", industry)
                        .putValue("privacyLevel", "HIGH")
                        .putValue("domainSpecialization", "SPECIALIZED")
                        .putValue("audience", "PUBLIC")
                        .putValue("jurisdictionCN", true)
                        .putValue("jurisdictionEU", eu)
                        .putValue("euRiskClass", "HIGH")))
                .toList();

        assertThat(overlapping).allSatisfy(project -> assertThat(checks(project))
                .as("checks for %s", project)
                .isNotEmpty()
                .doesNotHaveDuplicates());
    }

    @Test
    void everyCheckKeyOfTheTableIsInTheCatalogue() throws IOException {
        assertThat(catalogueChecks().keySet()).containsAll(tableChecks().keySet());
    }

    @Test
    void everyCatalogueCheckIsInTheTable() throws IOException {
        assertThat(tableChecks().keySet()).containsAll(catalogueChecks().keySet());
    }

    @Test
    void catalogueNamesExactlyThePhasesWhereTheTableCanAskForEachCheck() throws IOException {
        assertThat(catalogueChecks()).isEqualTo(tableChecks());
    }

    private static VariableMap plainProject(String phase) {
        return Variables.createVariables()
                .putValue("phase", phase)
                .putValue("industry", "RETAIL")
                .putValue("privacyLevel", "LOW")
                .putValue("domainSpecialization", "GENERAL")
                .putValue("audience", "INTERNAL")
                .putValue("jurisdictionCN", false)
                .putValue("jurisdictionEU", false)
                .putValue("euRiskClass", "NONE");
    }

    private static VariableMap publicServiceInChina(String phase) {
        return plainProject(phase).putValue("audience", "PUBLIC").putValue("jurisdictionCN", true);
    }

    private static VariableMap highRiskProject(String phase) {
        return plainProject(phase).putValue("jurisdictionEU", true).putValue("euRiskClass", "HIGH");
    }

    private static List<String> checks(VariableMap project) {
        return DMN_ENGINE.evaluateDecisionTable(decision, project).collectEntries("checkKey");
    }

    /** Check key → the phases of the rules that output it, read from the table's phase column. */
    private static Map<String, Set<String>> tableChecks() throws IOException {
        try (InputStream resource = resource(TABLE)) {
            DecisionTable table = Dmn.readModelFromStream(resource)
                    .getModelElementsByType(DecisionTable.class)
                    .iterator()
                    .next();
            List<String> columns = table.getInputs().stream()
                    .map(input -> input.getInputExpression().getText().getTextContent())
                    .toList();
            int phaseColumn = columns.indexOf("phase");
            Map<String, Set<String>> phasesByCheck = new TreeMap<>();
            for (Rule rule : table.getRules()) {
                String checkKey =
                        unquote(rule.getOutputEntries().iterator().next().getTextContent());
                String phaseTest = List.copyOf(rule.getInputEntries())
                        .get(phaseColumn)
                        .getTextContent()
                        .trim();
                List<String> phases = phaseTest.equals("-")
                        ? PHASES
                        : Stream.of(phaseTest.split(","))
                                .map(GateChecklistDecisionTests::unquote)
                                .toList();
                assertThat(PHASES).as("phases of rule %s", rule.getId()).containsAll(phases);
                phasesByCheck.computeIfAbsent(checkKey, key -> new TreeSet<>()).addAll(phases);
            }
            return phasesByCheck;
        }
    }

    private static String unquote(String literal) {
        return literal.trim().replace("\"", "");
    }

    /** Check key → the phases the catalogue lists for it. */
    private static Map<String, Set<String>> catalogueChecks() throws IOException {
        try (InputStream catalogue = resource(CATALOGUE)) {
            JsonNode checks = new ObjectMapper().readTree(catalogue).path("checks");
            return StreamSupport.stream(checks.spliterator(), false)
                    .collect(Collectors.toMap(
                            check -> check.path("key").asText(),
                            check -> StreamSupport.stream(check.path("phases").spliterator(), false)
                                    .map(JsonNode::asText)
                                    .collect(Collectors.toCollection(TreeSet::new)),
                            (first, second) -> {
                                throw new IllegalStateException("duplicate check key in " + CATALOGUE);
                            },
                            TreeMap::new));
        }
    }

    private static InputStream resource(String path) {
        return GateChecklistDecisionTests.class.getClassLoader().getResourceAsStream(path);
    }
}
