package io.stagegate.gate;

import io.stagegate.deliverable.DeliverableRegistered;
import io.stagegate.gate.GateEvents.CheckConfirmed;
import io.stagegate.lifecycle.Catalogue;
import io.stagegate.lifecycle.EngineActions;
import io.stagegate.lifecycle.LifecycleProcess;
import io.stagegate.lifecycle.OpenTask;
import io.stagegate.lifecycle.OpenTaskRepository;
import io.stagegate.lifecycle.PhaseProgress;
import io.stagegate.lifecycle.Project;
import io.stagegate.lifecycle.ProjectRepository;
import io.stagegate.lifecycle.UserTaskObserver;
import java.util.Locale;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Prepares the gate tasks for the people who work them in Tasklist: each gets task-local {@code phase},
 * {@code projectName} and {@code summary} (what the form shows), and the submission variables start empty on the
 * task. The preparation summary is refreshed whenever evidence arrives. A new {@code gate-review} task moves the
 * phase to AWAITING_GATE.
 */
@Component
@Order(10)
class GateTaskSetup implements UserTaskObserver {

    private final ProjectRepository projects;
    private final GateInspection inspection;
    private final GateWork work;
    private final GateSummaries summaries;
    private final OpenTaskRepository tasks;
    private final TaskService taskService;
    private final EngineActions engine;

    GateTaskSetup(
            ProjectRepository projects,
            GateInspection inspection,
            GateWork work,
            GateSummaries summaries,
            OpenTaskRepository tasks,
            TaskService taskService,
            EngineActions engine) {
        this.projects = projects;
        this.inspection = inspection;
        this.work = work;
        this.summaries = summaries;
        this.tasks = tasks;
        this.taskService = taskService;
        this.engine = engine;
    }

    @Override
    public void created(DelegateTask task) {
        String key = task.getTaskDefinitionKey();
        String projectId = task.getExecution().getProcessBusinessKey();
        if (LifecycleProcess.TASK_GATE_REVIEW.equals(key)) {
            work.awaitGate(projectId);
        }
        if (!isGateTask(key)) {
            return;
        }
        Project project = projects.findById(projectId).orElseThrow();
        PhaseProgress progress = projects.phase(projectId, project.currentPhase());
        task.setVariableLocal("phase", progress.phase().name());
        task.setVariableLocal("projectName", project.name());
        task.setVariableLocal("summary", summaries.summary(key, project, inspection.evidence(project, progress)));
    }

    @EventListener
    void on(DeliverableRegistered event) {
        refreshPreparation(event.projectId());
    }

    @EventListener
    void on(CheckConfirmed event) {
        refreshPreparation(event.projectId());
    }

    private void refreshPreparation(String projectId) {
        for (OpenTask task : tasks.find(projectId, LifecycleProcess.TASK_PREPARE)) {
            Project project = projects.findById(projectId).orElseThrow();
            PhaseProgress progress = projects.phase(projectId, project.currentPhase());
            String summary =
                    summaries.summary(LifecycleProcess.TASK_PREPARE, project, inspection.evidence(project, progress));
            engine.withoutAuthorization(() -> {
                taskService.setVariableLocal(task.id(), "summary", summary);
                return null;
            });
        }
    }

    private static boolean isGateTask(String key) {
        return LifecycleProcess.TASK_PREPARE.equals(key)
                || LifecycleProcess.TASK_SIGNOFF.equals(key)
                || LifecycleProcess.TASK_GATE_REVIEW.equals(key);
    }

    /** Plain-text summaries for the three forms, in English and Chinese names. */
    @Component
    static class GateSummaries {

        private final Catalogue catalogue;
        private final GateInspection inspection;

        GateSummaries(Catalogue catalogue, GateInspection inspection) {
            this.catalogue = catalogue;
            this.inspection = inspection;
        }

        String summary(String taskKey, Project project, GateInspection.Evidence evidence) {
            PhaseProgress progress = evidence.progress();
            GateStatus status = inspection.status(project, evidence);
            StringBuilder text = new StringBuilder();
            text.append(project.name())
                    .append(" — ")
                    .append(Catalogue.localized(
                            catalogue.phase(progress.phase()).name(), Locale.ENGLISH))
                    .append(" / ")
                    .append(Catalogue.localized(
                            catalogue.phase(progress.phase()).name(), Locale.CHINESE))
                    .append(", iteration ")
                    .append(progress.iteration())
                    .append("\n\nDeliverables:\n");
            for (String type : catalogue.requiredDeliverables(progress.phase())) {
                var d = evidence.deliverables().get(type);
                text.append(
                        d == null
                                ? "  [missing] " + type + "\n"
                                : "  " + type + " v" + d.version() + " sha256 " + d.sha256() + "\n");
            }
            text.append("\nChecks:\n");
            for (String key : progress.requiredChecks()) {
                var c = evidence.checks().get(key);
                text.append(c != null && c.confirmed() ? "  [confirmed] " : "  [pending] ")
                        .append(key)
                        .append(c != null && c.evidence() != null ? " — " + c.evidence() : "")
                        .append("\n");
            }
            if (!LifecycleProcess.TASK_PREPARE.equals(taskKey)) {
                text.append("\nSign-offs:\n");
                for (String function : progress.requiredSignoffs()) {
                    var given = evidence.signoffs().stream()
                            .filter(s -> s.function().equals(function))
                            .findFirst();
                    text.append("  ")
                            .append(function)
                            .append(": ")
                            .append(given.map(s -> s.decision() + " by " + s.signedBy())
                                    .orElse("pending"))
                            .append("\n");
                }
            }
            if (progress.phase() == io.stagegate.lifecycle.Phase.VALIDATION) {
                var report = evidence.deliverables().get(GateInspection.TEST_REPORT);
                text.append("\nKPIs (latest test report):\n");
                project.kpis().forEach(kpi -> {
                    Double measured = report == null ? null : report.metrics().get(kpi.metric());
                    text.append("  ")
                            .append(kpi.metric())
                            .append(": target ")
                            .append(kpi.direction() == io.stagegate.lifecycle.Kpi.Direction.AT_LEAST ? ">= " : "<= ")
                            .append(kpi.target())
                            .append(' ')
                            .append(kpi.unit())
                            .append(", measured ")
                            .append(measured == null ? "none" : measured)
                            .append(status.unmetKpis().contains(kpi.metric()) ? " — NOT MET" : " — met")
                            .append("\n");
                });
            }
            if (LifecycleProcess.TASK_PREPARE.equals(taskKey)) {
                text.append(
                        status.missingForSubmission().isEmpty()
                                ? "\nEverything is in: complete this task to submit the phase.\n"
                                : "\nStill missing: " + String.join(", ", status.missingForSubmission())
                                        + "\nRegister deliverables with POST /api/v1/projects/" + project.id()
                                        + "/deliverables and confirm checks with POST /api/v1/projects/" + project.id()
                                        + "/phases/" + progress.phase() + "/checks/{checkKey}.\n");
            }
            return text.toString();
        }
    }
}
