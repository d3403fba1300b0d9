package io.stagegate.operation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.dmn.engine.DmnDecisionTableResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One case per rule of {@code bpmn/metric-thresholds.dmn} (hit policy FIRST), with the values on either side of each
 * threshold, on the standalone DMN engine.
 */
class MetricThresholdsDecisionTests {

    private static final DmnEngine DMN_ENGINE =
            DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();

    private static DmnDecision decision;

    @BeforeAll
    static void parseDecision() throws IOException {
        try (InputStream table = MetricThresholdsDecisionTests.class
                .getClassLoader()
                .getResourceAsStream("bpmn/metric-thresholds.dmn")) {
            decision = DMN_ENGINE.parseDecision("metric-thresholds", table);
        }
    }

    @ParameterizedTest(name = "{0}: {1} → {2}")
    @CsvSource({
        "FINANCE,    0.021, true",
        "FINANCE,    0.02,  false",
        "HEALTHCARE, 0.03,  true",
        "GOVERNMENT, 0.03,  true",
        "RETAIL,     0.03,  false"
    })
    void hallucinationRateIsStricterInRegulatedIndustries(String industry, double value, boolean breached) {
        DmnDecisionRuleResult result = judge(industry, "hallucinationRate", value, null, null);

        assertThat(result.<Boolean>getEntry("breached")).isEqualTo(breached);
        if (breached) {
            assertThat(result.<Double>getEntry("threshold")).isEqualTo(0.02);
        }
    }

    @ParameterizedTest(name = "{0}: {1} → {2}")
    @CsvSource({"RETAIL, 0.051, true", "RETAIL, 0.05, false", "EDUCATION, 0.07, true", "INDUSTRIAL, 0.04, false"})
    void hallucinationRateAboveFivePercentBreachesByDefault(String industry, double value, boolean breached) {
        DmnDecisionRuleResult result = judge(industry, "hallucinationRate", value, null, null);

        assertThat(result.<Boolean>getEntry("breached")).isEqualTo(breached);
        if (breached) {
            assertThat(result.<Double>getEntry("threshold")).isEqualTo(0.05);
            assertThat(result.<String>getEntry("reason")).isEqualTo("Hallucination rate above 5 %");
        }
    }

    @Test
    void accuracyBelowItsKpiTargetBreaches() {
        DmnDecisionRuleResult below = judge("RETAIL", "accuracy", 0.96, 0.97, "AT_LEAST");
        DmnDecisionRuleResult atTarget = judge("RETAIL", "accuracy", 0.97, 0.97, "AT_LEAST");

        assertThat(below.<Boolean>getEntry("breached")).isTrue();
        assertThat(below.<Double>getEntry("threshold")).isEqualTo(0.97);
        assertThat(below.<String>getEntry("reason")).isEqualTo("Accuracy below the KPI target");
        assertThat(atTarget.<Boolean>getEntry("breached")).isFalse();
    }

    @Test
    void p95LatencyAboveItsKpiTargetBreaches() {
        assertThat(judge("RETAIL", "p95LatencyMs", 2100, 2000.0, "AT_MOST").<Boolean>getEntry("breached"))
                .isTrue();
        assertThat(judge("RETAIL", "p95LatencyMs", 2000, 2000.0, "AT_MOST").<Boolean>getEntry("breached"))
                .isFalse();
    }

    @Test
    void satisfactionBelowItsKpiTargetBreaches() {
        DmnDecisionRuleResult below = judge("OTHER", "satisfaction", 3.9, 4.0, "AT_LEAST");

        assertThat(below.<Boolean>getEntry("breached")).isTrue();
        assertThat(below.<String>getEntry("reason")).isEqualTo("Satisfaction below the KPI target");
        assertThat(judge("OTHER", "satisfaction", 4.2, 4.0, "AT_LEAST").<Boolean>getEntry("breached"))
                .isFalse();
    }

    @Test
    void anyOtherKpiToBeMetAtLeastBreachesBelowItsTarget() {
        DmnDecisionRuleResult below = judge("RETAIL", "firstContactResolution", 0.6, 0.7, "AT_LEAST");

        assertThat(below.<Boolean>getEntry("breached")).isTrue();
        assertThat(below.<String>getEntry("reason")).isEqualTo("Below its KPI target");
        assertThat(judge("RETAIL", "firstContactResolution", 0.75, 0.7, "AT_LEAST")
                        .<Boolean>getEntry("breached"))
                .isFalse();
    }

    @Test
    void anyOtherKpiToBeMetAtMostBreachesAboveItsTarget() {
        DmnDecisionRuleResult above = judge("RETAIL", "costPerRequest", 0.12, 0.1, "AT_MOST");

        assertThat(above.<Boolean>getEntry("breached")).isTrue();
        assertThat(above.<Double>getEntry("threshold")).isEqualTo(0.1);
        assertThat(above.<String>getEntry("reason")).isEqualTo("Above its KPI target");
    }

    @Test
    void aDeclaredHallucinationKpiStricterThanTheDefaultApplies() {
        DmnDecisionRuleResult result = judge("RETAIL", "hallucinationRate", 0.04, 0.03, "AT_MOST");

        assertThat(result.<Boolean>getEntry("breached")).isTrue();
        assertThat(result.<Double>getEntry("threshold")).isEqualTo(0.03);
    }

    @Test
    void withoutAKpiTargetOnlyTheAbsoluteThresholdsApply() {
        DmnDecisionRuleResult accuracy = judge("FINANCE", "accuracy", 0.1, null, null);
        DmnDecisionRuleResult latency = judge("FINANCE", "p95LatencyMs", 90000, null, null);

        assertThat(accuracy.<Boolean>getEntry("breached")).isFalse();
        assertThat(accuracy.<String>getEntry("reason")).isEqualTo("Within thresholds");
        assertThat(accuracy.getEntryMap()).doesNotContainKey("threshold");
        assertThat(latency.<Boolean>getEntry("breached")).isFalse();
    }

    @Test
    void everyEvaluationHasExactlyOneResult() {
        DmnDecisionTableResult result =
                DMN_ENGINE.evaluateDecisionTable(decision, inputs("RETAIL", "accuracy", 0.5, 0.9, "AT_LEAST"));

        assertThat(result.getResultList()).hasSize(1);
    }

    private static DmnDecisionRuleResult judge(
            String industry, String metric, double value, Double kpiTarget, String kpiDirection) {
        return DMN_ENGINE
                .evaluateDecisionTable(decision, inputs(industry, metric, value, kpiTarget, kpiDirection))
                .getSingleResult();
    }

    private static VariableMap inputs(
            String industry, String metric, double value, Double kpiTarget, String kpiDirection) {
        VariableMap variables = Variables.fromMap(Map.of(
                "industry", industry,
                "metric", metric,
                "value", value,
                "kpiDirection", kpiDirection == null ? "NONE" : kpiDirection));
        variables.putValue("kpiTarget", kpiTarget);
        return variables;
    }
}
