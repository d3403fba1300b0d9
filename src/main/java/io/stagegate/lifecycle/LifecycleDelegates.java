package io.stagegate.lifecycle;

import io.stagegate.lifecycle.LifecycleEvents.ApproachRecommended;
import io.stagegate.lifecycle.LifecycleEvents.ProjectCancelled;
import io.stagegate.lifecycle.LifecycleEvents.ProjectLaunched;
import io.stagegate.lifecycle.LifecycleEvents.ProjectRetired;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** The service tasks and gateway expressions of the {@code llm-lifecycle} model. */
final class LifecycleDelegates {

    private LifecycleDelegates() {}

    static String actor(IdentityService identity) {
        Authentication authentication = identity.getCurrentAuthentication();
        return authentication == null || authentication.getUserId() == null ? "system" : authentication.getUserId();
    }

    static Project lock(ProjectRepository projects, DelegateExecution execution) {
        String id = execution.getProcessBusinessKey();
        return projects.lock(id).orElseThrow(() -> new IllegalStateException("No project for business key " + id));
    }

    @Component("recommendApproach")
    static class RecommendApproach implements JavaDelegate {

        private final ProjectRepository projects;
        private final ApproachPolicy policy;
        private final ApplicationEventPublisher events;
        private final IdentityService identity;

        RecommendApproach(
                ProjectRepository projects,
                ApproachPolicy policy,
                ApplicationEventPublisher events,
                IdentityService identity) {
            this.projects = projects;
            this.policy = policy;
            this.events = events;
            this.identity = identity;
        }

        @Override
        public void execute(DelegateExecution execution) {
            Project project = lock(projects, execution);
            Recommendation recommendation = policy.recommend(project);
            project.recommend(recommendation);
            projects.save(project);
            events.publishEvent(new ApproachRecommended(project.id(), actor(identity), recommendation));
        }
    }

    @Component("launchProject")
    static class LaunchProject implements JavaDelegate {

        private final ProjectRepository projects;
        private final ApplicationEventPublisher events;
        private final IdentityService identity;

        LaunchProject(ProjectRepository projects, ApplicationEventPublisher events, IdentityService identity) {
            this.projects = projects;
            this.events = events;
            this.identity = identity;
        }

        @Override
        public void execute(DelegateExecution execution) {
            Project project = lock(projects, execution);
            project.launch();
            projects.save(project);
            events.publishEvent(new ProjectLaunched(project.id(), actor(identity)));
        }
    }

    @Component("retireProject")
    static class RetireProject implements JavaDelegate {

        private final ProjectRepository projects;
        private final ApplicationEventPublisher events;
        private final IdentityService identity;

        RetireProject(ProjectRepository projects, ApplicationEventPublisher events, IdentityService identity) {
            this.projects = projects;
            this.events = events;
            this.identity = identity;
        }

        @Override
        public void execute(DelegateExecution execution) {
            Project project = lock(projects, execution);
            Object reason = execution.getVariable("retirementReason");
            project.retire();
            projects.save(project);
            events.publishEvent(
                    new ProjectRetired(project.id(), actor(identity), reason == null ? null : reason.toString()));
        }
    }

    @Component("cancelProject")
    static class CancelProject implements JavaDelegate {

        private final ProjectRepository projects;
        private final ApplicationEventPublisher events;
        private final IdentityService identity;

        CancelProject(ProjectRepository projects, ApplicationEventPublisher events, IdentityService identity) {
            this.projects = projects;
            this.events = events;
            this.identity = identity;
        }

        @Override
        public void execute(DelegateExecution execution) {
            Project project = lock(projects, execution);
            Object reason = execution.getVariable("cancellationReason");
            project.cancel();
            projects.save(project);
            events.publishEvent(new ProjectCancelled(
                    project.id(),
                    actor(identity),
                    project.currentPhase(),
                    reason == null ? null : reason.toString()));
        }
    }
}
