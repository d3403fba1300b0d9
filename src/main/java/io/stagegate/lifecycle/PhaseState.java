package io.stagegate.lifecycle;

/** Where a phase stands: from not started through preparation, sign-off and gate review to passed. */
public enum PhaseState {
    NOT_STARTED,
    IN_PREPARATION,
    AWAITING_SIGNOFF,
    AWAITING_GATE,
    PASSED
}
