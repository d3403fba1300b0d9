package io.stagegate.lifecycle;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** Gateway expressions; they read the validation gate's recorded decision, never a process variable. */
@Component("lifecycleRules")
public class LifecycleRules {

    private final ProjectRepository projects;

    LifecycleRules(ProjectRepository projects) {
        this.projects = projects;
    }

    public String validationOutcome(DelegateExecution execution) {
        PhaseProgress validation = projects.phase(execution.getProcessBusinessKey(), Phase.VALIDATION);
        if ("LOOP".equals(validation.lastDecision())) {
            return Phase.DATA.name().equals(validation.loopTo())
                    ? LifecycleProcess.OUTCOME_LOOP_DATA
                    : LifecycleProcess.OUTCOME_LOOP_MODEL;
        }
        return validation.lastDecision();
    }
}
