package io.stagegate.operation;

import io.stagegate.lifecycle.Phase;
import io.stagegate.lifecycle.ProjectEvent;
import java.time.Instant;
import java.util.List;

/** The operation module's events, in the past tense. Each is a link of the project's audit chain. */
public final class OperationEvents {

    private OperationEvents() {}

    /** The refresh cycle or review period was set (at launch, or by the PMO) and the next dates follow from it. */
    public record OperationScheduled(
            String projectId,
            String actor,
            String refreshCycle,
            String reviewPeriod,
            Instant nextRefreshDue,
            Instant nextReviewDue)
            implements ProjectEvent {
        @Override
        public Phase phase() {
            return Phase.OPERATION;
        }
    }

    /**
     * An operating metric breached its threshold. {@code reviewOpened} says whether it opened a degradation review
     * or was attached to the one in progress ({@code reviewId} either way).
     */
    public record MetricBreached(
            String projectId,
            String actor,
            String observationId,
            String metric,
            double value,
            Double threshold,
            String reason,
            Instant observedAt,
            String reviewId,
            boolean reviewOpened,
            String policy)
            implements ProjectEvent {
        @Override
        public Phase phase() {
            return Phase.OPERATION;
        }
    }

    /** The technology function decided a degradation review: RETRAIN, REFRESH_DATA or ACCEPT (with a note). */
    public record DegradationReviewed(
            String projectId, String actor, String reviewId, String outcome, String note, List<String> breaches)
            implements ProjectEvent {
        @Override
        public Phase phase() {
            return Phase.OPERATION;
        }
    }

    /** The launch gate of a re-iteration was approved: the new version is live, the review is closed. */
    public record NewVersionLaunched(String projectId, String actor, String reviewId, String outcome)
            implements ProjectEvent {
        @Override
        public Phase phase() {
            return Phase.OPERATION;
        }
    }

    public record KnowledgeRefreshed(
            String projectId,
            String actor,
            String taskId,
            int knowledgeBaseVersion,
            int optimizationLogVersion,
            String note)
            implements ProjectEvent {
        @Override
        public Phase phase() {
            return Phase.OPERATION;
        }
    }

    /** A knowledge refresh ran past its grace: escalated to the PMO. */
    public record KnowledgeRefreshOverdue(
            String projectId, String actor, String taskId, Instant scheduledFor, Instant due, String escalatedTo)
            implements ProjectEvent {
        @Override
        public Phase phase() {
            return Phase.OPERATION;
        }
    }

    public record OperationsReviewed(String projectId, String actor, String taskId, Instant since, String note)
            implements ProjectEvent {
        @Override
        public Phase phase() {
            return Phase.OPERATION;
        }
    }

    /** A sign-off or gate-review task passed its due date: flagged overdue and escalated to the PMO. */
    public record GateOverdue(
            String projectId,
            String actor,
            Phase phase,
            int iteration,
            String taskKey,
            String taskId,
            String function,
            Instant due,
            String escalatedTo)
            implements ProjectEvent {}
}
