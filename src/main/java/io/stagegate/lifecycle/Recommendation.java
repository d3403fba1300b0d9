package io.stagegate.lifecycle;

import java.util.List;

/** The technical approach the {@code technical-approach} policy recommends, with the policy version used. */
public record Recommendation(DeploymentMode deploymentMode, List<String> techniques, String policy) {

    public Recommendation {
        techniques = List.copyOf(techniques);
    }
}
