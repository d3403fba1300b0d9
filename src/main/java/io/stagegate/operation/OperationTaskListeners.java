package io.stagegate.operation;

import io.stagegate.lifecycle.EngineUser;
import io.stagegate.lifecycle.UserTaskObserver;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The listeners of the three operation tasks. On creation each task gets what its form shows ({@code projectName},
 * {@code summary}) and its submission variables start empty on the task; on completion the listener reads what the
 * user submitted and consumes it, so a value left from an earlier completion can never decide a later one.
 */
final class OperationTaskListeners {

    private OperationTaskListeners() {}

    /**
     * A submitted value: on the task when submitted through its form (the local variable set up at creation takes
     * it), on the execution when the task was completed with variables. Either way it is gone afterwards.
     */
    static String consume(DelegateTask task, String name) {
        Object value = task.getVariableLocal(name);
        if (value == null) {
            value = task.getExecution().getVariable(name);
        }
        if (task.getExecution().hasVariable(name)) {
            task.getExecution().removeVariable(name);
        }
        return value == null ? null : value.toString();
    }

    @Component
    @Order(20)
    static class OperationTaskSetup implements UserTaskObserver {

        private final DegradationReviews reviews;
        private final KnowledgeRefreshes refreshes;
        private final OperationsReviews operationsReviews;

        OperationTaskSetup(
                DegradationReviews reviews, KnowledgeRefreshes refreshes, OperationsReviews operationsReviews) {
            this.reviews = reviews;
            this.refreshes = refreshes;
            this.operationsReviews = operationsReviews;
        }

        @Override
        public void created(DelegateTask task) {
            switch (task.getTaskDefinitionKey()) {
                case OperationProcess.TASK_DEGRADATION_REVIEW -> reviews.taskCreated(task);
                case OperationProcess.TASK_KNOWLEDGE_REFRESH -> refreshes.taskCreated(task);
                case OperationProcess.TASK_OPERATIONS_REVIEW -> operationsReviews.taskCreated(task);
                default -> {}
            }
        }
    }

    @Component("degradationReviewCompletion")
    static class DegradationReviewCompletion implements TaskListener {

        private final DegradationReviews reviews;
        private final EngineUser caller;

        DegradationReviewCompletion(DegradationReviews reviews, EngineUser caller) {
            this.reviews = reviews;
            this.caller = caller;
        }

        @Override
        public void notify(DelegateTask task) {
            String outcome = consume(task, OperationProcess.OUTCOME);
            String note = consume(task, OperationProcess.NOTE);
            reviews.decide(task.getExecution().getProcessBusinessKey(), task.getId(), outcome, note, caller.require());
        }
    }

    @Component("knowledgeRefreshCompletion")
    static class KnowledgeRefreshCompletion implements TaskListener {

        private final KnowledgeRefreshes refreshes;
        private final EngineUser caller;

        KnowledgeRefreshCompletion(KnowledgeRefreshes refreshes, EngineUser caller) {
            this.refreshes = refreshes;
            this.caller = caller;
        }

        @Override
        public void notify(DelegateTask task) {
            String note = consume(task, OperationProcess.NOTE);
            refreshes.complete(task.getExecution().getProcessBusinessKey(), task.getId(), note, caller.require());
        }
    }

    @Component("operationsReviewCompletion")
    static class OperationsReviewCompletion implements TaskListener {

        private final OperationsReviews reviews;
        private final EngineUser caller;

        OperationsReviewCompletion(OperationsReviews reviews, EngineUser caller) {
            this.reviews = reviews;
            this.caller = caller;
        }

        @Override
        public void notify(DelegateTask task) {
            String note = consume(task, OperationProcess.NOTE);
            reviews.complete(task.getExecution().getProcessBusinessKey(), task.getId(), note, caller.require());
        }
    }
}
