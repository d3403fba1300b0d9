package io.stagegate.lifecycle;

import io.stagegate.lifecycle.LifecycleEvents.ApproachRecommended;
import io.stagegate.lifecycle.LifecycleEvents.ProjectCancelled;
import io.stagegate.lifecycle.LifecycleEvents.ProjectLaunched;
import io.stagegate.lifecycle.LifecycleEvents.ProjectRetired;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** The service tasks of the {@code llm-lifecycle} model: each one guarded transition of the project aggregate. */
final class LifecycleDelegates {

    private LifecycleDelegates() {}

    /**
     * Applies one transition to the project the execution belongs to (found by business key, under its row lock),
     * saves it and publishes the event it makes, attributed to the user the engine is working for.
     */
    @Component
    static class ProjectTransitions {

        private final ProjectRepository projects;
        private final ApplicationEventPublisher events;
        private final EngineUser user;

        ProjectTransitions(ProjectRepository projects, ApplicationEventPublisher events, EngineUser user) {
            this.projects = projects;
            this.events = events;
            this.user = user;
        }

        void apply(
                DelegateExecution execution,
                Consumer<Project> transition,
                BiFunction<Project, String, ProjectEvent> event) {
            String id = execution.getProcessBusinessKey();
            Project project =
                    projects.lock(id).orElseThrow(() -> new IllegalStateException("No project for business key " + id));
            transition.accept(project);
            projects.save(project);
            events.publishEvent(event.apply(project, user.idOrSystem()));
        }
    }

    static String text(DelegateExecution execution, String variable) {
        Object value = execution.getVariable(variable);
        return value == null ? null : value.toString();
    }

    @Component("recommendApproach")
    static class RecommendApproach implements JavaDelegate {

        private final ProjectTransitions transitions;
        private final ApproachPolicy policy;

        RecommendApproach(ProjectTransitions transitions, ApproachPolicy policy) {
            this.transitions = transitions;
            this.policy = policy;
        }

        @Override
        public void execute(DelegateExecution execution) {
            transitions.apply(
                    execution,
                    project -> project.recommend(policy.recommend(project)),
                    (project, actor) -> new ApproachRecommended(project.id(), actor, project.recommendation()));
        }
    }

    @Component("launchProject")
    static class LaunchProject implements JavaDelegate {

        private final ProjectTransitions transitions;

        LaunchProject(ProjectTransitions transitions) {
            this.transitions = transitions;
        }

        @Override
        public void execute(DelegateExecution execution) {
            transitions.apply(execution, Project::launch, (project, actor) -> new ProjectLaunched(project.id(), actor));
        }
    }

    @Component("retireProject")
    static class RetireProject implements JavaDelegate {

        private final ProjectTransitions transitions;

        RetireProject(ProjectTransitions transitions) {
            this.transitions = transitions;
        }

        @Override
        public void execute(DelegateExecution execution) {
            transitions.apply(
                    execution,
                    Project::retire,
                    (project, actor) -> new ProjectRetired(project.id(), actor, text(execution, "retirementReason")));
        }
    }

    @Component("cancelProject")
    static class CancelProject implements JavaDelegate {

        private final ProjectTransitions transitions;

        CancelProject(ProjectTransitions transitions) {
            this.transitions = transitions;
        }

        @Override
        public void execute(DelegateExecution execution) {
            transitions.apply(
                    execution,
                    Project::cancel,
                    (project, actor) -> new ProjectCancelled(
                            project.id(), actor, project.currentPhase(), text(execution, "cancellationReason")));
        }
    }
}
