package io.stagegate.gate;

import io.stagegate.lifecycle.Phase;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Gate settings: working days until a sign-off or gate task is due (per phase where set), how many validation loops
 * a project may take before only {@code ACCEPT_RISK}, {@code REJECT} or {@code CANCEL} remain.
 */
@ConfigurationProperties("stagegate.gates")
public record GateProperties(
        @DefaultValue("5") int dueWorkingDays,
        Map<Phase, Integer> dueWorkingDaysPerPhase,
        @DefaultValue("3") int validationLoopCap) {

    public GateProperties {
        dueWorkingDaysPerPhase = dueWorkingDaysPerPhase == null ? Map.of() : Map.copyOf(dueWorkingDaysPerPhase);
    }

    public int dueWorkingDays(Phase phase) {
        return dueWorkingDaysPerPhase.getOrDefault(phase, dueWorkingDays);
    }
}
