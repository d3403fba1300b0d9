package io.stagegate.lifecycle;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells the project view how a launched project operates — its schedule, its last review, its open breaches;
 * implemented by the operation module. Answers null for a project that was never launched.
 */
public interface OperationSummaryProvider {

    OperationSummary summarize(Project project);

    /**
     * The operation blocks of several projects, keyed by project id (absent for a project never scheduled).
     * Implementations read them together, so that a list costs the same queries as one view.
     */
    default Map<String, OperationSummary> summarizeAll(List<Project> projects) {
        Map<String, OperationSummary> summaries = new HashMap<>();
        projects.forEach(p -> {
            OperationSummary summary = summarize(p);
            if (summary != null) {
                summaries.put(p.id(), summary);
            }
        });
        return summaries;
    }

    /**
     * The view's {@code operation} block. {@code nextRefreshDue} is when the pending knowledge refresh was or will be
     * due ({@code refreshOverdue} once it was escalated); the next dates are null once the project is retired.
     */
    record OperationSummary(
            String refreshCycle,
            String reviewPeriod,
            Instant nextRefreshDue,
            boolean refreshOverdue,
            Instant lastRefreshAt,
            Instant nextReviewDue,
            LastReview lastReview,
            DegradationReview degradationReview,
            List<OpenBreach> openBreaches) {}

    record LastReview(Instant at, String by) {}

    /** The degradation review in progress: OPEN while its task is, REITERATING while its re-iteration runs. */
    record DegradationReview(String id, String state, Instant openedAt, String outcome) {}

    record OpenBreach(String metric, double value, Double threshold, String reason, Instant observedAt) {}
}
