package io.stagegate.operation;

import io.stagegate.lifecycle.ProjectRepository;
import io.stagegate.operation.OperationRecords.OperationSchedule;
import java.time.Instant;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The expressions of the operation part of {@code llm-lifecycle}: timer dates from the project's operation schedule,
 * paths from recorded outcomes. Each answers from Stagegate's records, found through the business key, never from a
 * process variable a caller could set.
 */
@Component("operationRules")
public class OperationRules {

    private final ProjectRepository projects;
    private final OperationRepository operations;
    private final DegradationReviews reviews;
    private final OperationProperties properties;

    OperationRules(
            ProjectRepository projects,
            OperationRepository operations,
            DegradationReviews reviews,
            OperationProperties properties) {
        this.projects = projects;
        this.operations = operations;
        this.reviews = reviews;
        this.properties = properties;
    }

    /** When the next knowledge refresh falls due (the timer before {@code knowledge-refresh}). */
    public Date nextRefreshDue(DelegateExecution execution) {
        return Date.from(scheduled(schedule(execution).nextRefreshDue(), "refresh", execution));
    }

    /** When the pending knowledge refresh is overdue and escalated: its due date plus the grace. */
    public Date refreshDeadline(DelegateExecution execution) {
        Instant due = scheduled(schedule(execution).nextRefreshDue(), "refresh", execution);
        return Date.from(OperationSchedule.plus(due, properties.refreshGrace()));
    }

    /** When the next operations review falls due. */
    public Date nextReviewDue(DelegateExecution execution) {
        return Date.from(scheduled(schedule(execution).nextReviewDue(), "review", execution));
    }

    /** RETRAIN, REFRESH_DATA or ACCEPT: the outcome of the degradation review just decided. */
    public String reviewOutcome(DelegateExecution execution) {
        return reviews.lastOutcome(execution.getProcessBusinessKey());
    }

    /** Whether the project went live before: then its launch gate puts a new version live instead of launching. */
    public boolean launchedBefore(DelegateExecution execution) {
        String projectId = execution.getProcessBusinessKey();
        return projects.findById(projectId)
                .orElseThrow(() -> new IllegalStateException("No project for business key " + projectId))
                .launched();
    }

    private OperationSchedule schedule(DelegateExecution execution) {
        String projectId = execution.getProcessBusinessKey();
        return operations
                .schedule(projectId)
                .orElseThrow(() -> new IllegalStateException("Project " + projectId + " has no operation schedule"));
    }

    private static Instant scheduled(Instant date, String what, DelegateExecution execution) {
        if (date == null) {
            throw new IllegalStateException(
                    "No " + what + " is scheduled for project " + execution.getProcessBusinessKey());
        }
        return date;
    }
}
