package io.stagegate.operation;

import io.stagegate.lifecycle.Actor;
import io.stagegate.lifecycle.EngineActions;
import io.stagegate.lifecycle.LifecycleEvents.ProjectRetired;
import io.stagegate.lifecycle.Project;
import io.stagegate.lifecycle.ProjectRepository;
import io.stagegate.lifecycle.ProjectStatus;
import io.stagegate.lifecycle.Refusal;
import io.stagegate.operation.OperationEvents.OperationScheduled;
import io.stagegate.operation.OperationRecords.OperationSchedule;
import io.stagegate.operation.OperationRecords.OptimizationEntry;
import java.time.Instant;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The operation schedule of a project: set at launch from the defaults (or what the PMO chose before), changed by
 * the PMO at any time. A change moves the waiting timers at once: they read their dates from the schedule, and the
 * engine recalculates them. Retirement ends the schedule and the review in progress.
 */
@Service
public class OperationManagement {

    /** Longest cycle or period the PMO may choose; anything longer is a typo rather than a plan. */
    static final Period LONGEST = Period.ofYears(2);

    private final ProjectRepository projects;
    private final OperationRepository operations;
    private final OptimizationLog log;
    private final DegradationReviews reviews;
    private final OperationProperties properties;
    private final EngineActions engine;
    private final ManagementService management;
    private final ApplicationEventPublisher events;

    OperationManagement(
            ProjectRepository projects,
            OperationRepository operations,
            OptimizationLog log,
            DegradationReviews reviews,
            OperationProperties properties,
            EngineActions engine,
            ManagementService management,
            ApplicationEventPublisher events) {
        this.projects = projects;
        this.operations = operations;
        this.log = log;
        this.reviews = reviews;
        this.properties = properties;
        this.engine = engine;
        this.management = management;
        this.events = events;
    }

    public record LogPage(List<OptimizationEntry> items, long total) {}

    /** The PMO sets the refresh cycle and/or the review period (ISO-8601 periods such as P14D or P3M). */
    @Transactional
    public Project reschedule(String projectId, String refreshCycle, String reviewPeriod, Actor actor) {
        if (!actor.isMember(Actor.PMO)) {
            throw Refusal.forbidden("Only the PMO sets the operation schedule");
        }
        Project project = projects.lock(projectId).orElseThrow(() -> Refusal.notFound("No project " + projectId));
        if (!project.status().isOpen()) {
            throw Refusal.conflict("Project is " + project.status());
        }
        if (refreshCycle == null && reviewPeriod == null) {
            throw Refusal.badRequest("refreshCycle", "give refreshCycle, reviewPeriod or both");
        }
        OperationSchedule current =
                operations.schedule(projectId).orElseGet(() -> OperationSchedule.defaults(projectId, properties));
        OperationSchedule changed = current.withPeriods(
                refreshCycle == null ? current.refreshCycle() : period("refreshCycle", refreshCycle),
                reviewPeriod == null ? current.reviewPeriod() : period("reviewPeriod", reviewPeriod));
        Instant now = OperationProcess.now();
        boolean operating = changed.launched() && project.status() == ProjectStatus.OPERATING;
        if (operating) {
            // a refresh or review whose task is open keeps its date; the next one follows the new period
            if (operations.openRefresh(projectId).isEmpty()) {
                changed = changed.refreshRecalculated(now);
            }
            if (!operations.hasOpenOperationsReview(projectId)) {
                changed = changed.reviewRecalculated(now);
            }
        }
        operations.save(changed);
        if (operating) {
            recalculateTimers(project, actor);
        }
        announce(changed, actor.userId());
        return projects.findById(projectId).orElseThrow();
    }

    /** Entering operation: the first refresh and review fall due one cycle and one period after launch. */
    void scheduleAtLaunch(String projectId, String actor) {
        projects.lock(projectId).orElseThrow();
        OperationSchedule schedule = operations
                .schedule(projectId)
                .orElseGet(() -> OperationSchedule.defaults(projectId, properties))
                .launched(OperationProcess.now());
        operations.save(schedule);
        announce(schedule, actor);
    }

    @Transactional(readOnly = true)
    public LogPage log(String projectId, int page, int size) {
        if (projects.findById(projectId).isEmpty()) {
            throw Refusal.notFound("No project " + projectId);
        }
        return new LogPage(log.page(projectId, page, size), log.count(projectId));
    }

    /** A retired project has nothing due any more; the review it was in is over. */
    @EventListener
    void on(ProjectRetired event) {
        reviews.closeActive(event.projectId());
        operations.schedule(event.projectId()).ifPresent(schedule -> operations.save(schedule.retired()));
    }

    private void announce(OperationSchedule schedule, String actor) {
        events.publishEvent(new OperationScheduled(
                schedule.projectId(),
                actor,
                schedule.refreshCycle().toString(),
                schedule.reviewPeriod().toString(),
                schedule.nextRefreshDue(),
                schedule.nextReviewDue()));
    }

    private void recalculateTimers(Project project, Actor actor) {
        engine.asSystemFor(actor.userId(), actor.groups(), () -> {
            for (String timer :
                    List.of(OperationProcess.TIMER_KNOWLEDGE_REFRESH, OperationProcess.TIMER_OPERATIONS_REVIEW)) {
                management
                        .createJobQuery()
                        .processInstanceId(project.processInstanceId())
                        .activityId(timer)
                        .list()
                        .forEach(job -> management.recalculateJobDuedate(job.getId(), false));
            }
            return null;
        });
    }

    private static Period period(String field, String value) {
        Period period;
        try {
            period = Period.parse(value);
        } catch (DateTimeParseException e) {
            throw Refusal.badRequest(field, field + " must be an ISO-8601 period such as P14D, P1M or P3M");
        }
        Instant now = Instant.EPOCH;
        Instant after = OperationSchedule.plus(now, period);
        if (!after.isAfter(now) || period.isNegative() || after.isAfter(OperationSchedule.plus(now, LONGEST))) {
            throw Refusal.badRequest(field, field + " must be at least a day and at most " + LONGEST);
        }
        return period;
    }
}
