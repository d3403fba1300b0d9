package io.stagegate.operation;

import io.stagegate.lifecycle.EngineUser;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The service tasks of the operation part of {@code llm-lifecycle} and the overdue escalation of {@code lifecycle-phase}. */
final class OperationDelegates {

    private OperationDelegates() {}

    @Component("scheduleOperation")
    static class ScheduleOperation implements JavaDelegate {

        private final OperationManagement management;
        private final EngineUser caller;

        ScheduleOperation(OperationManagement management, EngineUser caller) {
            this.management = management;
            this.caller = caller;
        }

        @Override
        public void execute(DelegateExecution execution) {
            management.scheduleAtLaunch(execution.getProcessBusinessKey(), caller.idOrSystem());
        }
    }

    @Component("escalateOverdueRefresh")
    static class EscalateOverdueRefresh implements JavaDelegate {

        private final KnowledgeRefreshes refreshes;

        EscalateOverdueRefresh(KnowledgeRefreshes refreshes) {
            this.refreshes = refreshes;
        }

        @Override
        public void execute(DelegateExecution execution) {
            refreshes.escalate(execution.getProcessInstanceId(), execution.getProcessBusinessKey());
        }
    }

    @Component("logAcceptedDegradation")
    static class LogAcceptedDegradation implements JavaDelegate {

        private final DegradationReviews reviews;

        LogAcceptedDegradation(DegradationReviews reviews) {
            this.reviews = reviews;
        }

        @Override
        public void execute(DelegateExecution execution) {
            reviews.logAcceptance(execution.getProcessBusinessKey());
        }
    }

    @Component("launchNewVersion")
    static class LaunchNewVersion implements JavaDelegate {

        private final DegradationReviews reviews;
        private final EngineUser caller;

        LaunchNewVersion(DegradationReviews reviews, EngineUser caller) {
            this.reviews = reviews;
            this.caller = caller;
        }

        @Override
        public void execute(DelegateExecution execution) {
            reviews.launchNewVersion(execution.getProcessBusinessKey(), caller.idOrSystem());
        }
    }

    @Component("escalateOverdueTask")
    static class EscalateOverdueTask implements JavaDelegate {

        private final OverdueTasks overdue;

        EscalateOverdueTask(OverdueTasks overdue) {
            this.overdue = overdue;
        }

        @Override
        public void execute(DelegateExecution execution) {
            overdue.escalate(execution.getProcessInstanceId(), execution.getProcessBusinessKey());
        }
    }
}
