package io.stagegate.lifecycle;

/** Keys, element ids and messages of the {@code llm-lifecycle} and {@code lifecycle-phase} models. */
public final class LifecycleProcess {

    public static final String PROCESS_KEY = "llm-lifecycle";
    public static final String PHASE_PROCESS_KEY = "lifecycle-phase";
    public static final String MESSAGE_CANCELLATION = "ProjectCancellationRequested";
    public static final String MESSAGE_RETIREMENT = "ProjectRetirementRequested";

    public static final String TASK_PREPARE = "prepare-phase";
    public static final String TASK_SIGNOFF = "sign-off";
    public static final String TASK_GATE_REVIEW = "gate-review";

    public static final String OUTCOME_LOOP_MODEL = "LOOP_MODEL";
    public static final String OUTCOME_LOOP_DATA = "LOOP_DATA";

    private LifecycleProcess() {}
}
