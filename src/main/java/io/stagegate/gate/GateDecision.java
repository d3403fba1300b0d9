package io.stagegate.gate;

import io.stagegate.lifecycle.Phase;
import java.util.Optional;

/** What the PMO may decide at a gate; {@code LOOP} and {@code ACCEPT_RISK} only at the validation gate. */
public enum GateDecision {
    APPROVE,
    REJECT,
    CANCEL,
    LOOP,
    ACCEPT_RISK;

    public boolean allowedAt(Phase phase) {
        return phase == Phase.VALIDATION || (this != LOOP && this != ACCEPT_RISK);
    }

    public static Optional<GateDecision> parse(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        for (GateDecision decision : values()) {
            if (decision.name().equals(value.toString())) {
                return Optional.of(decision);
            }
        }
        return Optional.empty();
    }
}
