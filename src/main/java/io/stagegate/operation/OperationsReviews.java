package io.stagegate.operation;

import static io.stagegate.operation.OperationProcess.NOTE;
import static io.stagegate.operation.OperationProcess.PROJECT_NAME;
import static io.stagegate.operation.OperationProcess.SUMMARY;

import io.stagegate.lifecycle.Actor;
import io.stagegate.lifecycle.Kpi;
import io.stagegate.lifecycle.Project;
import io.stagegate.lifecycle.ProjectRepository;
import io.stagegate.lifecycle.Refusal;
import io.stagegate.operation.MetricRepository.Trend;
import io.stagegate.operation.OperationEvents.OperationsReviewed;
import io.stagegate.operation.OperationRecords.EntryKind;
import io.stagegate.operation.OperationRecords.OperationSchedule;
import io.stagegate.operation.OperationRecords.OperationsReview;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The PMO's periodic operations review. Its task shows each KPI's trend since the last review (or the launch) —
 * observations, first and latest value, range, mean, whether the latest meets the target — with the period's
 * breaches, degradation reviews and knowledge refreshes; completing it starts the next period.
 */
@Component
class OperationsReviews {

    private final ProjectRepository projects;
    private final OperationRepository operations;
    private final MetricRepository metrics;
    private final OptimizationLog log;
    private final ApplicationEventPublisher events;

    OperationsReviews(
            ProjectRepository projects,
            OperationRepository operations,
            MetricRepository metrics,
            OptimizationLog log,
            ApplicationEventPublisher events) {
        this.projects = projects;
        this.operations = operations;
        this.metrics = metrics;
        this.log = log;
        this.events = events;
    }

    void taskCreated(DelegateTask task) {
        String projectId = task.getExecution().getProcessBusinessKey();
        Project project = projects.findById(projectId).orElseThrow();
        OperationSchedule schedule = operations.schedule(projectId).orElseThrow();
        Instant since = schedule.lastReviewAt() == null ? schedule.launchedAt() : schedule.lastReviewAt();
        String summary = trend(project, since, schedule);
        operations.insert(new OperationsReview(
                task.getId(), projectId, since, OperationProcess.now(), summary, null, null, null));
        task.setVariableLocal(PROJECT_NAME, project.name());
        task.setVariableLocal(SUMMARY, summary);
        task.setVariableLocal(NOTE, null);
    }

    void complete(String projectId, String taskId, String note, Actor actor) {
        projects.lock(projectId).orElseThrow(() -> Refusal.notFound("No project " + projectId));
        if (!actor.isMember(Actor.PMO)) {
            throw Refusal.forbidden("Operations reviews are held by the PMO (group pmo)");
        }
        if (note != null && note.length() > OperationProcess.NOTE_LIMIT) {
            throw Refusal.badRequest(NOTE, "a note has at most " + OperationProcess.NOTE_LIMIT + " characters");
        }
        OperationsReview review = operations
                .operationsReview(taskId)
                .orElseThrow(() -> new IllegalStateException("Operations review task " + taskId + " is unknown"));
        Instant now = OperationProcess.now();
        operations.reviewed(taskId, actor.userId(), now, note);
        operations.save(operations.schedule(projectId).orElseThrow().reviewed(now, actor.userId()));
        log.append(
                projectId,
                EntryKind.OPERATIONS_REVIEW,
                actor.userId(),
                "Operations review of the period since " + review.since()
                        + (note == null || note.isBlank() ? "" : ": " + note));
        events.publishEvent(new OperationsReviewed(projectId, actor.userId(), taskId, review.since(), note));
    }

    /** What the review shows: every KPI's trend since {@code since}, then the other metrics and the period's events. */
    String trend(Project project, Instant since, OperationSchedule schedule) {
        Map<String, Trend> trends = metrics.trends(project.id(), since).stream()
                .collect(Collectors.toMap(Trend::metric, Function.identity()));
        StringBuilder text = new StringBuilder()
                .append(project.name())
                .append(" — operations review of the period since ")
                .append(since)
                .append("\n\nKPIs:\n");
        for (Kpi kpi : project.kpis()) {
            Trend trend = trends.remove(kpi.metric());
            text.append("  ")
                    .append(kpi.metric())
                    .append(" (target ")
                    .append(kpi.direction() == Kpi.Direction.AT_LEAST ? ">= " : "<= ")
                    .append(kpi.target())
                    .append(' ')
                    .append(kpi.unit())
                    .append("): ");
            if (trend == null) {
                text.append("no observations in the period\n");
                continue;
            }
            text.append(statistics(trend))
                    .append(" — ")
                    .append(direction(trend, kpi))
                    .append(kpi.isMetBy(trend.latest()) ? "; latest meets the target" : "; latest misses the target")
                    .append("\n");
        }
        if (!trends.isEmpty()) {
            text.append("\nOther metrics:\n");
            trends.values().stream()
                    .sorted((a, b) -> a.metric().compareTo(b.metric()))
                    .forEach(trend -> text.append("  ")
                            .append(trend.metric())
                            .append(": ")
                            .append(statistics(trend))
                            .append(" — ")
                            .append(direction(trend, null))
                            .append("\n"));
        }
        return text.append("\nBreaches in the period: ")
                .append(metrics.breachesSince(project.id(), since))
                .append("\nDegradation reviews decided in the period: ")
                .append(operations.reviewsDecidedSince(project.id(), since))
                .append("\nKnowledge refreshes completed in the period: ")
                .append(operations.refreshesCompletedSince(project.id(), since))
                .append(" (next due ")
                .append(schedule.nextRefreshDue())
                .append(")\n")
                .toString();
    }

    private static String statistics(Trend trend) {
        return trend.count() + " observations, first " + trend.first() + ", latest " + trend.latest() + ", min "
                + trend.min() + ", max " + trend.max() + ", mean "
                + String.format(Locale.ROOT, "%.4f", trend.mean());
    }

    /** Improving or worsening against the KPI's direction; rising or falling for a metric without one. */
    private static String direction(Trend trend, Kpi kpi) {
        int change = Double.compare(trend.latest(), trend.first());
        if (change == 0) {
            return "steady";
        }
        if (kpi == null) {
            return change > 0 ? "rising" : "falling";
        }
        boolean better = kpi.direction() == Kpi.Direction.AT_LEAST ? change > 0 : change < 0;
        return better ? "improving" : "worsening";
    }
}
