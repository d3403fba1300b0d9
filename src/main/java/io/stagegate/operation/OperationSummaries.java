package io.stagegate.operation;

import io.stagegate.lifecycle.OperationSummaryProvider;
import io.stagegate.lifecycle.Project;
import io.stagegate.lifecycle.ProjectStatus;
import io.stagegate.operation.OperationRecords.KnowledgeRefresh;
import io.stagegate.operation.OperationRecords.MetricObservation;
import io.stagegate.operation.OperationRecords.OperationSchedule;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        return summarizeAll(List.of(project)).get(project.id());
    }

    /**
     * At most four queries whatever the number of projects: schedules, then for the operating ones their active
     * reviews and open refreshes, then the breaches of those reviews.
     */
    @Override
    public Map<String, OperationSummary> summarizeAll(List<Project> projects) {
        Map<String, OperationSummary> summaries = new HashMap<>();
        Map<String, OperationSchedule> schedules =
                operations.schedules(projects.stream().map(Project::id).toList());
        if (schedules.isEmpty()) {
            return summaries;
        }
        List<String> operating = projects.stream()
                .filter(p -> schedules.containsKey(p.id()) && p.status() == ProjectStatus.OPERATING)
                .map(Project::id)
                .toList();
        Map<String, OperationRecords.DegradationReview> reviews = operations.activeReviews(operating);
        Map<String, KnowledgeRefresh> refreshes = operations.openRefreshes(operating);
        Map<String, List<MetricObservation>> breaches = metrics.breachesOfReviews(reviews.values().stream()
                .map(OperationRecords.DegradationReview::id)
                .toList());
        for (Project project : projects) {
            OperationSchedule schedule = schedules.get(project.id());
            if (schedule != null) {
                summaries.put(
                        project.id(),
                        summary(
                                schedule,
                                Optional.ofNullable(reviews.get(project.id())),
                                Optional.ofNullable(refreshes.get(project.id())),
                                breaches));
            }
        }
        return summaries;
    }

    private static OperationSummary summary(
            OperationSchedule schedule,
            Optional<OperationRecords.DegradationReview> review,
            Optional<KnowledgeRefresh> openRefresh,
            Map<String, List<MetricObservation>> breaches) {
        boolean refreshOverdue = openRefresh.map(KnowledgeRefresh::escalatedAt).isPresent();
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
                review.map(r -> breaches.getOrDefault(r.id(), List.of()).stream()
                                .map(m -> new OpenBreach(
                                        m.metric(), m.value(), m.threshold(), m.reason(), m.observedAt()))
                                .toList())
                        .orElse(List.of()));
    }
}
