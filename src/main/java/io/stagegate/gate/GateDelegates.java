package io.stagegate.gate;

import io.stagegate.lifecycle.EngineUser;
import io.stagegate.lifecycle.Phase;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The service tasks of the {@code lifecycle-phase} model: thin adapters onto {@link GateWork}. */
final class GateDelegates {

    static final String PHASE = "phase";

    private GateDelegates() {}

    @Component("openPhase")
    static class OpenPhase implements JavaDelegate {

        private final GateWork work;
        private final EngineUser user;

        OpenPhase(GateWork work, EngineUser user) {
            this.work = work;
            this.user = user;
        }

        @Override
        public void execute(DelegateExecution execution) {
            Phase phase = Phase.parse(String.valueOf(execution.getVariable(PHASE)))
                    .orElseThrow(() -> new IllegalStateException("The phase model was called without a phase"));
            work.openPhase(execution.getProcessBusinessKey(), phase, user.idOrSystem());
        }
    }

    @Component("returnToPreparation")
    static class ReturnToPreparation implements JavaDelegate {

        private final GateWork work;
        private final EngineUser user;

        ReturnToPreparation(GateWork work, EngineUser user) {
            this.work = work;
            this.user = user;
        }

        @Override
        public void execute(DelegateExecution execution) {
            work.returnToPreparation(
                    execution.getProcessBusinessKey(), execution.getCurrentTransitionId(), user.idOrSystem());
        }
    }
}
