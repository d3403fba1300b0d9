package io.stagegate.operation;

import io.stagegate.lifecycle.Kpi;
import io.stagegate.lifecycle.PolicyDecisions;
import io.stagegate.lifecycle.PolicyDecisions.Evaluation;
import io.stagegate.lifecycle.PolicyDecisions.PolicyVersion;
import io.stagegate.lifecycle.Project;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Judges one observation with the {@code metric-thresholds} policy (DMN), giving it the project's profile and, when
 * the project declares a KPI for the metric, that KPI's target and direction.
 */
@Component
class MetricThresholds {

    static final String DECISION = "metric-thresholds";

    private final PolicyDecisions policies;

    MetricThresholds(PolicyDecisions policies) {
        this.policies = policies;
    }

    Verdict judge(Project project, String metric, double value) {
        Optional<Kpi> kpi = kpiOf(project, metric);
        Map<String, Object> inputs = new HashMap<>(PolicyDecisions.inputsOf(project));
        inputs.put("metric", metric);
        inputs.put("value", value);
        inputs.put("kpiTarget", kpi.map(Kpi::target).orElse(null));
        inputs.put("kpiDirection", kpi.map(k -> k.direction().name()).orElse("NONE"));
        Evaluation evaluation = policies.evaluate(DECISION, inputs);
        PolicyVersion version = evaluation.version();
        String policy = version.key() + " v" + version.version()
                + (version.versionTag() == null ? "" : " (" + version.versionTag() + ")");
        if (evaluation.rows().isEmpty()) {
            return new Verdict(false, null, null, policy);
        }
        Map<String, Object> row = evaluation.rows().get(0);
        Object threshold = row.get("threshold");
        Object reason = row.get("reason");
        return new Verdict(
                Boolean.TRUE.equals(row.get("breached")),
                threshold instanceof Number n ? n.doubleValue() : null,
                reason == null ? null : reason.toString(),
                policy);
    }

    static Optional<Kpi> kpiOf(Project project, String metric) {
        return project.kpis().stream().filter(k -> k.metric().equals(metric)).findFirst();
    }

    /** Whether the value breached, against which threshold, why, and under which version of the policy. */
    record Verdict(boolean breached, Double threshold, String reason, String policy) {}
}
