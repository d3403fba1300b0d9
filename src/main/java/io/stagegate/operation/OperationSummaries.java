package io.stagegate.operation;

import io.stagegate.lifecycle.OperationSummaryProvider;
import io.stagegate.lifecycle.Project;
import io.stagegate.lifecycle.ProjectStatus;
import io.stagegate.operation.OperationRecords.KnowledgeRefresh;
import io.stagegate.operation.OperationRecords.OperationSchedule;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The {@code operation} block of the project view, from the operation records. */
@Component
class OperationSummaries implements OperationSummaryProvider {

    private final OperationRepository operations;
    private final MetricRepository metrics;

    OperationSummaries(OperationRepository operations, MetricRepository metrics) {
        this.operations = operations;
        this.metrics = metrics;
    }

    @Override
    public OperationSummary summarize(Project project) {
        Optional<OperationSchedule> found = operations.schedule(project.id());
        if (found.isEmpty()) {
            return null;
        }
        OperationSchedule schedule = found.get();
        boolean operating = project.status() == ProjectStatus.OPERATING;
        Optional<OperationRecords.DegradationReview> review =
                operating ? operations.activeReview(project.id()) : Optional.empty();
        boolean refreshOverdue = operating
                && operations
                        .openRefresh(project.id())
                        .map(KnowledgeRefresh::escalatedAt)
                        .isPresent();
        return new OperationSummary(
                schedule.refreshCycle().toString(),
                schedule.reviewPeriod().toString(),
                schedule.nextRefreshDue(),
                refreshOverdue,
                schedule.lastRefreshAt(),
                schedule.nextReviewDue(),
                schedule.lastReviewAt() == null
                        ? null
                        : new LastReview(schedule.lastReviewAt(), schedule.lastReviewBy()),
                review.map(r -> new DegradationReview(
                                r.id(),
                                r.state().name(),
                                r.openedAt(),
                                r.outcome() == null ? null : r.outcome().name()))
                        .orElse(null),
                review.map(r -> metrics.breachesOf(r.id()).stream()
                                .map(m -> new OpenBreach(
                                        m.metric(), m.value(), m.threshold(), m.reason(), m.observedAt()))
                                .toList())
                        .orElse(List.of()));
    }
}
