package io.stagegate.lifecycle;

import java.util.Optional;

/** The seven phases in lifecycle order. */
public enum Phase {
    REQUIREMENTS,
    ARCHITECTURE,
    DATA,
    MODEL,
    INTEGRATION,
    VALIDATION,
    OPERATION;

    public int order() {
        return ordinal() + 1;
    }

    public Optional<Phase> next() {
        return this == OPERATION ? Optional.empty() : Optional.of(values()[ordinal() + 1]);
    }

    public static Optional<Phase> parse(String value) {
        for (Phase phase : values()) {
            if (phase.name().equals(value)) {
                return Optional.of(phase);
            }
        }
        return Optional.empty();
    }
}
