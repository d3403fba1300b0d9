package io.stagegate.lifecycle;

/** Deployment modes, most restrictive first: the recommendation takes the most restrictive any rule gives. */
public enum DeploymentMode {
    PRIVATE,
    HYBRID,
    CLOUD_EDGE,
    CLOUD;

    public DeploymentMode mostRestrictive(DeploymentMode other) {
        return other == null || ordinal() <= other.ordinal() ? this : other;
    }
}
