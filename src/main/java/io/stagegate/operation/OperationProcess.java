package io.stagegate.operation;

import java.time.Instant;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/** Task keys, element ids, messages and variables of the operation part of {@code llm-lifecycle}. */
public final class OperationProcess {

    public static final String TASK_KNOWLEDGE_REFRESH = "knowledge-refresh";
    public static final String TASK_DEGRADATION_REVIEW = "degradation-review";
    public static final String TASK_OPERATIONS_REVIEW = "operations-review";

    public static final String MESSAGE_METRIC_BREACHED = "MetricBreached";

    public static final String SUBPROCESS_OPERATING = "SubProcess_Operating";
    public static final String TIMER_KNOWLEDGE_REFRESH = "Event_KnowledgeRefreshDue";
    public static final String TIMER_REFRESH_OVERDUE = "Event_KnowledgeRefreshOverdue";
    public static final String TIMER_OPERATIONS_REVIEW = "Event_OperationsReviewDue";
    public static final String TIMER_SIGNOFF_OVERDUE = "Event_SignoffOverdue";
    public static final String TIMER_GATE_REVIEW_OVERDUE = "Event_GateReviewOverdue";

    /** Task-local variables that the forms show ({@code projectName}, {@code summary}) and submit. */
    static final String PROJECT_NAME = "projectName";

    static final String SUMMARY = "summary";
    static final String OUTCOME = "outcome";
    static final String NOTE = "note";

    static final int NOTE_LIMIT = 4000;

    private OperationProcess() {}

    /**
     * The engine's clock. Schedules and the records they are computed from follow it, so that moving it (tests,
     * or an operator replaying time) moves timers and records together.
     */
    static Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }
}
