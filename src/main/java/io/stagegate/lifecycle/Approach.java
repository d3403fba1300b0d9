package io.stagegate.lifecycle;

import java.util.List;

/** The approach the team chose in the architecture phase; a deviation from the recommendation needs a reason. */
public record Approach(DeploymentMode deploymentMode, List<String> techniques, String justification, boolean deviates) {

    public Approach {
        techniques = List.copyOf(techniques);
    }
}
