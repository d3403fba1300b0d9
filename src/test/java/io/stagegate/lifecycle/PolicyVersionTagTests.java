package io.stagegate.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A bundled policy replaces a deployed one only when its versionTag is newer. */
class PolicyVersionTagTests {

    @Test
    void aNewerBundledTagReplacesTheDeployedPolicy() {
        assertThat(ModelDeployment.newer("1.1.0", "1.0.0")).isTrue();
        assertThat(ModelDeployment.newer("2.0.0", "1.9.9")).isTrue();
        assertThat(ModelDeployment.newer("1.10.0", "1.9.0")).isTrue();
    }

    @Test
    void anEqualOrOlderBundledTagKeepsTheRuntimePolicy() {
        assertThat(ModelDeployment.newer("1.0.0", "1.0.0")).isFalse();
        assertThat(ModelDeployment.newer("1.0.0", "1.2.0")).isFalse();
        assertThat(ModelDeployment.newer("1.9.0", "1.10.0")).isFalse();
    }

    @Test
    void aDeployedPolicyWithoutTagIsReplaced() {
        assertThat(ModelDeployment.newer("1.0.0", null)).isTrue();
    }
}
