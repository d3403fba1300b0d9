package io.stagegate.lifecycle;

import java.util.Locale;

/**
 * A state change of a project, published in the transaction that made it. The audit log turns each into a link of
 * the project's hash chain; its type is the event's name in upper snake case ({@code GateDecided} → {@code
 * GATE_DECIDED}).
 */
public interface ProjectEvent {

    String projectId();

    String actor();

    default Phase phase() {
        return null;
    }

    default String type() {
        return getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }
}
