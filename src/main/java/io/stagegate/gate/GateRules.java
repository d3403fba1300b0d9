package io.stagegate.gate;

import io.stagegate.lifecycle.Phase;
import io.stagegate.lifecycle.PhaseProgress;
import io.stagegate.lifecycle.Project;
import io.stagegate.lifecycle.ProjectRepository;
import io.stagegate.security.FunctionGroups;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * The expressions of the {@code lifecycle-phase} model. Each answers from Stagegate's own records (found through
 * the business key, which is the project id), never from process variables a caller could set.
 */
@Component("gateRules")
public class GateRules {

    private final ProjectRepository projects;
    private final GateRepository records;
    private final FunctionGroups functionGroups;
    private final GateProperties properties;

    GateRules(
            ProjectRepository projects,
            GateRepository records,
            FunctionGroups functionGroups,
            GateProperties properties) {
        this.projects = projects;
        this.records = records;
        this.functionGroups = functionGroups;
        this.properties = properties;
    }

    public List<String> requiredSignoffs(DelegateExecution execution) {
        return progress(execution).requiredSignoffs();
    }

    public boolean signoffRejected(DelegateExecution execution) {
        PhaseProgress progress = progress(execution);
        return records.signoffs(progress.projectId(), progress.phase(), progress.iteration()).stream()
                .anyMatch(signoff -> !signoff.approved());
    }

    public String groupOf(String function) {
        return functionGroups
                .groupOf(function)
                .orElseThrow(() -> new IllegalStateException("No group is mapped to sign-off function " + function));
    }

    public String decision(DelegateExecution execution) {
        return progress(execution).lastDecision();
    }

    public Date signoffDue(DelegateExecution execution) {
        return dueIn(properties.dueWorkingDays(progress(execution).phase()));
    }

    public Date gateDue(DelegateExecution execution) {
        return dueIn(properties.dueWorkingDays(progress(execution).phase()));
    }

    private PhaseProgress progress(DelegateExecution execution) {
        String projectId = execution.getProcessBusinessKey();
        Project project = projects.findById(projectId)
                .orElseThrow(() -> new IllegalStateException("No project for business key " + projectId));
        Phase phase = project.currentPhase();
        return projects.phase(projectId, phase);
    }

    /** Working days only: Saturdays and Sundays do not count. */
    static Date dueIn(int workingDays) {
        LocalDate day = LocalDate.ofInstant(ClockUtil.getCurrentTime().toInstant(), ZoneOffset.UTC);
        int left = workingDays;
        while (left > 0) {
            day = day.plusDays(1);
            if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
                left--;
            }
        }
        return Date.from(day.atTime(17, 0).toInstant(ZoneOffset.UTC));
    }
}
