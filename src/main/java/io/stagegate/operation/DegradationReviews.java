package io.stagegate.operation;

import static io.stagegate.operation.OperationProcess.NOTE;
import static io.stagegate.operation.OperationProcess.OUTCOME;
import static io.stagegate.operation.OperationProcess.PROJECT_NAME;
import static io.stagegate.operation.OperationProcess.SUMMARY;

import io.stagegate.lifecycle.Actor;
import io.stagegate.lifecycle.EngineActions;
import io.stagegate.lifecycle.Phase;
import io.stagegate.lifecycle.Project;
import io.stagegate.lifecycle.ProjectRepository;
import io.stagegate.lifecycle.Refusal;
import io.stagegate.operation.OperationEvents.DegradationReviewed;
import io.stagegate.operation.OperationEvents.NewVersionLaunched;
import io.stagegate.operation.OperationRecords.DegradationReview;
import io.stagegate.operation.OperationRecords.EntryKind;
import io.stagegate.operation.OperationRecords.MetricObservation;
import io.stagegate.operation.OperationRecords.ReviewOutcome;
import io.stagegate.operation.OperationRecords.ReviewState;
import io.stagegate.security.FunctionGroups;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Degradation reviews, from the task a breach creates to the new version a re-iteration puts live. The outcome is
 * recorded here, under the project's row lock, by the task's completion listener whatever channel completed it; the
 * process follows the recorded outcome.
 */
@Component
class DegradationReviews {

    static final String DECIDING_FUNCTION = "TECHNOLOGY";

    private final ProjectRepository projects;
    private final OperationRepository operations;
    private final MetricRepository metrics;
    private final OptimizationLog log;
    private final FunctionGroups functionGroups;
    private final EngineActions engine;
    private final TaskService taskService;
    private final ApplicationEventPublisher events;

    DegradationReviews(
            ProjectRepository projects,
            OperationRepository operations,
            MetricRepository metrics,
            OptimizationLog log,
            FunctionGroups functionGroups,
            EngineActions engine,
            TaskService taskService,
            ApplicationEventPublisher events) {
        this.projects = projects;
        this.operations = operations;
        this.metrics = metrics;
        this.log = log;
        this.functionGroups = functionGroups;
        this.engine = engine;
        this.taskService = taskService;
        this.events = events;
    }

    /** A new review task takes over the review its breach opened (one without breaches if correlated by hand). */
    void taskCreated(DelegateTask task) {
        String projectId = task.getExecution().getProcessBusinessKey();
        Project project = projects.findById(projectId).orElseThrow();
        DegradationReview review = operations.reviewAwaitingTask(projectId).orElseGet(() -> open(projectId));
        operations.attachTask(review.id(), task.getId());
        task.setVariableLocal(PROJECT_NAME, project.name());
        task.setVariableLocal(SUMMARY, summary(project, review));
        task.setVariableLocal(OUTCOME, null);
        task.setVariableLocal(NOTE, null);
    }

    /** Opens a review, before its task exists: a breach with no review in progress, or a task started by hand. */
    DegradationReview open(String projectId) {
        DegradationReview review = new DegradationReview(
                UUID.randomUUID().toString(),
                projectId,
                null,
                ReviewState.OPEN,
                OperationProcess.now(),
                null,
                null,
                null,
                null,
                null);
        operations.insert(review);
        return review;
    }

    /** A further breach joined the review in progress: an open review task shows it too. */
    void breachAttached(Project project, DegradationReview review) {
        if (review.state() != ReviewState.OPEN || review.taskId() == null) {
            return;
        }
        String text = summary(project, review);
        engine.withoutAuthorization(() -> {
            taskService.setVariableLocal(review.taskId(), SUMMARY, text);
            return null;
        });
    }

    void decide(String projectId, String taskId, String outcomeValue, String note, Actor actor) {
        Project project = lock(projectId);
        String group = functionGroups
                .groupOf(DECIDING_FUNCTION)
                .orElseThrow(() -> new IllegalStateException("No group is mapped to " + DECIDING_FUNCTION));
        if (!actor.isMember(group)) {
            throw Refusal.forbidden("Degradation reviews are decided by the technology function (group " + group + ")");
        }
        ReviewOutcome outcome = ReviewOutcome.parse(outcomeValue)
                .orElseThrow(() -> Refusal.badRequest(OUTCOME, "outcome must be RETRAIN, REFRESH_DATA or ACCEPT"));
        if (outcome == ReviewOutcome.ACCEPT && (note == null || note.isBlank())) {
            throw Refusal.badRequest(NOTE, "accepting a degradation needs a note for the optimization log");
        }
        if (note != null && note.length() > OperationProcess.NOTE_LIMIT) {
            throw Refusal.badRequest(NOTE, "a note has at most " + OperationProcess.NOTE_LIMIT + " characters");
        }
        DegradationReview review = operations
                .reviewOfTask(taskId)
                .orElseThrow(() -> new IllegalStateException("Degradation review task " + taskId + " is unknown"));
        Instant now = OperationProcess.now();
        ReviewState state = outcome == ReviewOutcome.ACCEPT ? ReviewState.CLOSED : ReviewState.REITERATING;
        operations.decide(review.id(), outcome, note, actor.userId(), now, state);
        List<String> breaches = breaches(review.id());
        if (outcome != ReviewOutcome.ACCEPT) {
            log.append(
                    projectId,
                    EntryKind.REITERATION_DECIDED,
                    actor.userId(),
                    "Degradation review decided " + outcome + ": re-iteration from " + reiteratedFrom(outcome)
                            + " through gates 4 to 7 while the live version keeps serving. Breaches: "
                            + String.join(", ", breaches) + (note == null || note.isBlank() ? "" : ". " + note));
        }
        events.publishEvent(
                new DegradationReviewed(project.id(), actor.userId(), review.id(), outcome.name(), note, breaches));
    }

    /** The outcome of the review decided last: the one the process is routing now. */
    String lastOutcome(String projectId) {
        return operations
                .lastDecidedReview(projectId)
                .map(review -> review.outcome().name())
                .orElseThrow(() -> new IllegalStateException("Project " + projectId + " has no decided review"));
    }

    /** ACCEPT: the note lands in the optimization log, with the breaches it accepts. */
    void logAcceptance(String projectId) {
        lock(projectId);
        DegradationReview review = operations
                .lastDecidedReview(projectId)
                .filter(r -> r.outcome() == ReviewOutcome.ACCEPT)
                .orElseThrow(() -> new IllegalStateException("Project " + projectId + " has no accepted review"));
        log.append(
                projectId,
                EntryKind.DEGRADATION_ACCEPTED,
                review.decidedBy(),
                "Degradation accepted: " + review.note() + " Breaches: " + String.join(", ", breaches(review.id())));
    }

    /** The launch gate of a re-iteration was approved: the project is back in operation on its new version. */
    void launchNewVersion(String projectId, String actor) {
        Project project = lock(projectId);
        project.launch();
        projects.save(project);
        Instant now = OperationProcess.now();
        DegradationReview review = operations
                .activeReview(projectId)
                .filter(r -> r.state() == ReviewState.REITERATING)
                .orElse(null);
        String outcome = review == null ? null : review.outcome().name();
        if (review != null) {
            operations.close(review.id(), now);
        }
        log.append(
                projectId,
                EntryKind.NEW_VERSION_LIVE,
                actor,
                "New version live" + (outcome == null ? "" : " after the re-iteration (" + outcome + ")")
                        + "; its launch gate was approved.");
        events.publishEvent(new NewVersionLaunched(projectId, actor, review == null ? null : review.id(), outcome));
    }

    /** Retirement ends the review in progress with the project. */
    void closeActive(String projectId) {
        operations.activeReview(projectId).ifPresent(review -> operations.close(review.id(), OperationProcess.now()));
    }

    private List<String> breaches(String reviewId) {
        return metrics.breachesOf(reviewId).stream()
                .map(m -> m.metric() + " = " + m.value() + " at " + m.observedAt())
                .toList();
    }

    private String summary(Project project, DegradationReview review) {
        StringBuilder text = new StringBuilder()
                .append(project.name())
                .append(" — degradation review opened ")
                .append(review.openedAt())
                .append("\n\nBreaches (metric-thresholds policy):\n");
        List<MetricObservation> breaches = metrics.breachesOf(review.id());
        if (breaches.isEmpty()) {
            text.append("  none recorded (the review was started by hand)\n");
        }
        for (MetricObservation breach : breaches) {
            text.append("  ")
                    .append(breach.observedAt())
                    .append("  ")
                    .append(breach.metric())
                    .append(" = ")
                    .append(breach.value())
                    .append(" — ")
                    .append(breach.reason())
                    .append(breach.threshold() == null ? "" : " (threshold " + breach.threshold() + ")")
                    .append("\n");
        }
        return text.append("\nDecide RETRAIN (back to model development), REFRESH_DATA (back to data preparation) —")
                .append(" both pass gates 4 to 7 again while the live version keeps serving — or ACCEPT with a note")
                .append(" for the optimization log.\n")
                .toString();
    }

    private static Phase reiteratedFrom(ReviewOutcome outcome) {
        return outcome == ReviewOutcome.RETRAIN ? Phase.MODEL : Phase.DATA;
    }

    private Project lock(String projectId) {
        return projects.lock(projectId).orElseThrow(() -> Refusal.notFound("No project " + projectId));
    }
}
