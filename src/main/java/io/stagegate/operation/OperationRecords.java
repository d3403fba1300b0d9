package io.stagegate.operation;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Optional;

/** The rows behind operation: the schedule, metric observations, reviews, refreshes and the optimization log. */
public final class OperationRecords {

    private OperationRecords() {}

    /**
     * When a project's knowledge base is refreshed and its operation reviewed. {@code nextRefreshDue} is the date of
     * the pending refresh: the one the timer waits for, or the one whose task is open.
     */
    public record OperationSchedule(
            String projectId,
            Period refreshCycle,
            Period reviewPeriod,
            Instant launchedAt,
            Instant nextRefreshDue,
            Instant lastRefreshAt,
            Instant nextReviewDue,
            Instant lastReviewAt,
            String lastReviewBy) {

        static OperationSchedule defaults(String projectId, OperationProperties properties) {
            return new OperationSchedule(
                    projectId,
                    properties.refreshCycle(),
                    properties.reviewPeriod(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
        }

        boolean launched() {
            return launchedAt != null;
        }

        OperationSchedule launched(Instant at) {
            return new OperationSchedule(
                    projectId,
                    refreshCycle,
                    reviewPeriod,
                    at,
                    plus(at, refreshCycle),
                    null,
                    plus(at, reviewPeriod),
                    null,
                    null);
        }

        OperationSchedule withPeriods(Period newRefreshCycle, Period newReviewPeriod) {
            return new OperationSchedule(
                    projectId,
                    newRefreshCycle,
                    newReviewPeriod,
                    launchedAt,
                    nextRefreshDue,
                    lastRefreshAt,
                    nextReviewDue,
                    lastReviewAt,
                    lastReviewBy);
        }

        /** The next refresh a cycle after the last one (or the launch), but not in the past. */
        OperationSchedule refreshRecalculated(Instant now) {
            Instant next = plus(lastRefreshAt == null ? launchedAt : lastRefreshAt, refreshCycle);
            return new OperationSchedule(
                    projectId,
                    refreshCycle,
                    reviewPeriod,
                    launchedAt,
                    next.isBefore(now) ? now : next,
                    lastRefreshAt,
                    nextReviewDue,
                    lastReviewAt,
                    lastReviewBy);
        }

        /** The next review a period after the last one (or the launch), but not in the past. */
        OperationSchedule reviewRecalculated(Instant now) {
            Instant next = plus(lastReviewAt == null ? launchedAt : lastReviewAt, reviewPeriod);
            return new OperationSchedule(
                    projectId,
                    refreshCycle,
                    reviewPeriod,
                    launchedAt,
                    nextRefreshDue,
                    lastRefreshAt,
                    next.isBefore(now) ? now : next,
                    lastReviewAt,
                    lastReviewBy);
        }

        OperationSchedule refreshed(Instant at) {
            return new OperationSchedule(
                    projectId,
                    refreshCycle,
                    reviewPeriod,
                    launchedAt,
                    plus(at, refreshCycle),
                    at,
                    nextReviewDue,
                    lastReviewAt,
                    lastReviewBy);
        }

        OperationSchedule reviewed(Instant at, String by) {
            return new OperationSchedule(
                    projectId,
                    refreshCycle,
                    reviewPeriod,
                    launchedAt,
                    nextRefreshDue,
                    lastRefreshAt,
                    plus(at, reviewPeriod),
                    at,
                    by);
        }

        OperationSchedule retired() {
            return new OperationSchedule(
                    projectId,
                    refreshCycle,
                    reviewPeriod,
                    launchedAt,
                    null,
                    lastRefreshAt,
                    null,
                    lastReviewAt,
                    lastReviewBy);
        }

        /** Calendar arithmetic in UTC: a month after 31 January is the end of February. */
        static Instant plus(Instant at, Period period) {
            return at.atOffset(ZoneOffset.UTC).plus(period).toInstant();
        }
    }

    public record MetricObservation(
            String id,
            String projectId,
            String metric,
            double value,
            Instant observedAt,
            Instant receivedAt,
            String receivedBy,
            boolean breached,
            Double threshold,
            String reason,
            String policy,
            String reviewId) {}

    public enum ReviewState {
        OPEN,
        REITERATING,
        CLOSED
    }

    public enum ReviewOutcome {
        RETRAIN,
        REFRESH_DATA,
        ACCEPT;

        static Optional<ReviewOutcome> parse(String value) {
            for (ReviewOutcome outcome : values()) {
                if (outcome.name().equals(value)) {
                    return Optional.of(outcome);
                }
            }
            return Optional.empty();
        }
    }

    public record DegradationReview(
            String id,
            String projectId,
            String taskId,
            ReviewState state,
            Instant openedAt,
            ReviewOutcome outcome,
            String note,
            String decidedBy,
            Instant decidedAt,
            Instant closedAt) {}

    public record KnowledgeRefresh(
            String taskId,
            String projectId,
            Instant scheduledFor,
            Instant due,
            int baselineVersion,
            Instant escalatedAt,
            Instant completedAt,
            String completedBy,
            Integer knowledgeBaseVersion,
            Integer optimizationLogVersion) {}

    public record OperationsReview(
            String taskId,
            String projectId,
            Instant since,
            Instant createdAt,
            String summary,
            Instant completedAt,
            String completedBy,
            String note) {}

    public enum EntryKind {
        KNOWLEDGE_REFRESH,
        DEGRADATION_ACCEPTED,
        REITERATION_DECIDED,
        NEW_VERSION_LIVE,
        OPERATIONS_REVIEW
    }

    public record OptimizationEntry(
            String id, String projectId, long seq, Instant at, EntryKind kind, String actor, String text) {}
}
