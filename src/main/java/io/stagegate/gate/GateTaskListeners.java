package io.stagegate.gate;

import io.stagegate.lifecycle.EngineUser;
import io.stagegate.lifecycle.OpenTask;
import io.stagegate.lifecycle.OpenTaskRepository;
import io.stagegate.lifecycle.Phase;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * The completion listeners of the three gate tasks. They read what the user submitted with the completion
 * ({@code decision}, {@code comment}, {@code loopTo}) and consume it, so a value left from an earlier completion
 * can never decide a later one.
 */
final class GateTaskListeners {

    static final String DECISION = "decision";
    static final String COMMENT = "comment";
    static final String LOOP_TO = "loopTo";

    private GateTaskListeners() {}

    static String consume(DelegateTask task, String name) {
        Object value = task.getVariable(name);
        if (task.getExecution().hasVariable(name)) {
            task.getExecution().removeVariable(name);
        }
        return value == null ? null : value.toString();
    }

    @Component("preparationCompletion")
    static class PreparationCompletion implements TaskListener {

        private final GateWork work;
        private final EngineUser user;

        PreparationCompletion(GateWork work, EngineUser user) {
            this.work = work;
            this.user = user;
        }

        @Override
        public void notify(DelegateTask task) {
            work.submit(task.getExecution().getProcessBusinessKey(), user.require());
        }
    }

    @Component("signoffCompletion")
    static class SignoffCompletion implements TaskListener {

        private final GateWork work;
        private final EngineUser user;
        private final OpenTaskRepository tasks;

        SignoffCompletion(GateWork work, EngineUser user, OpenTaskRepository tasks) {
            this.work = work;
            this.user = user;
            this.tasks = tasks;
        }

        @Override
        public void notify(DelegateTask task) {
            String decision = consume(task, DECISION);
            String comment = consume(task, COMMENT);
            // the function this task was created for, from our records: a completion may overwrite variables
            String function = tasks.byId(task.getId())
                    .map(OpenTask::function)
                    .orElseThrow(() -> new IllegalStateException("Sign-off task " + task.getId() + " is unknown"));
            work.signoff(task.getExecution().getProcessBusinessKey(), function, decision, comment, user.require());
        }
    }

    @Component("gateReviewCompletion")
    static class GateReviewCompletion implements TaskListener {

        private final GateWork work;
        private final EngineUser user;

        GateReviewCompletion(GateWork work, EngineUser user) {
            this.work = work;
            this.user = user;
        }

        @Override
        public void notify(DelegateTask task) {
            String decision = consume(task, DECISION);
            String comment = consume(task, COMMENT);
            String loopTo = consume(task, LOOP_TO);
            GateDecision parsed = GateDecision.parse(decision)
                    .orElseThrow(() -> io.stagegate.lifecycle.Refusal.badRequest(
                            DECISION, "decision must be one of APPROVE, REJECT, CANCEL, LOOP, ACCEPT_RISK"));
            Phase target = loopTo == null || loopTo.isBlank()
                    ? null
                    : Phase.parse(loopTo)
                            .orElseThrow(() ->
                                    io.stagegate.lifecycle.Refusal.badRequest(LOOP_TO, "loopTo must be MODEL or DATA"));
            work.decide(task.getExecution().getProcessBusinessKey(), parsed, target, comment, user.require());
        }
    }
}
