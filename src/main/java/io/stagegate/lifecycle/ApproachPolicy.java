package io.stagegate.lifecycle;

import io.stagegate.lifecycle.PolicyDecisions.Evaluation;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The {@code technical-approach} policy: the deployment mode is the most restrictive any rule gives (CLOUD when no
 * rule names one), the techniques are all the rules' techniques.
 */
@Component
class ApproachPolicy {

    static final String DECISION = "technical-approach";

    private final PolicyDecisions decisions;

    ApproachPolicy(PolicyDecisions decisions) {
        this.decisions = decisions;
    }

    Recommendation recommend(Project project) {
        Evaluation evaluation = decisions.evaluate(DECISION, PolicyDecisions.inputsOf(project));
        DeploymentMode mode = DeploymentMode.CLOUD;
        for (String value : evaluation.column("deploymentMode")) {
            mode = DeploymentMode.valueOf(value).mostRestrictive(mode);
        }
        List<String> techniques = evaluation.column("technique");
        PolicyDecisions.PolicyVersion version = evaluation.version();
        return new Recommendation(mode, techniques, version.key() + ":" + version.version());
    }

    /** A choice deviates when its mode differs from the recommended one or it drops a recommended technique. */
    static boolean deviates(Recommendation recommendation, DeploymentMode mode, List<String> techniques) {
        if (recommendation == null) {
            return false;
        }
        return mode != recommendation.deploymentMode() || !techniques.containsAll(recommendation.techniques());
    }
}
