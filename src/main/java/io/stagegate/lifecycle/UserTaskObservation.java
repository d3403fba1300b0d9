package io.stagegate.lifecycle;

import java.time.Instant;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.task.TaskDefinition;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.task.IdentityLink;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Adds one listener to every user task the engine parses, so that the open-task read model and the other
 * modules' {@link UserTaskObserver}s stay in step with the engine in the same transaction — whichever channel
 * completes the task. Observers are looked up lazily: they depend on engine services that exist only after the
 * engine this plugin configures.
 */
@Component
class UserTaskObservation extends AbstractProcessEnginePlugin {

    private final ObjectProvider<UserTaskObserver> observers;

    UserTaskObservation(ObjectProvider<UserTaskObserver> observers) {
        this.observers = observers;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener> listeners =
                configuration.getCustomPostBPMNParseListeners() == null
                        ? new java.util.ArrayList<>()
                        : configuration.getCustomPostBPMNParseListeners();
        listeners.add(new AbstractBpmnParseListener() {
            @Override
            public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
                TaskDefinition definition =
                        ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition();
                definition.addTaskListener(
                        TaskListener.EVENTNAME_CREATE,
                        task -> observers.orderedStream().forEach(observer -> observer.created(task)));
                definition.addTaskListener(
                        TaskListener.EVENTNAME_COMPLETE,
                        task -> observers.orderedStream().forEach(observer -> observer.ended(task)));
                definition.addTaskListener(
                        TaskListener.EVENTNAME_DELETE,
                        task -> observers.orderedStream().forEach(observer -> observer.ended(task)));
            }
        });
        configuration.setCustomPostBPMNParseListeners(listeners);
    }

    /** The open-task read model behind the project view's {@code openTasks}. */
    @Component
    static class OpenTasks implements UserTaskObserver {

        private final OpenTaskRepository tasks;

        OpenTasks(OpenTaskRepository tasks) {
            this.tasks = tasks;
        }

        @Override
        public void created(DelegateTask task) {
            Object phase = task.getVariable("phase");
            Object function = task.getVariable("function");
            List<String> groups = task.getCandidates().stream()
                    .map(IdentityLink::getGroupId)
                    .filter(group -> group != null)
                    .toList();
            tasks.insert(new OpenTask(
                    task.getId(),
                    task.getExecution().getProcessBusinessKey(),
                    task.getTaskDefinitionKey(),
                    task.getName() == null ? task.getTaskDefinitionKey() : task.getName(),
                    phase == null ? null : Phase.parse(phase.toString()).orElse(null),
                    function == null ? null : function.toString(),
                    groups,
                    task.getDueDate() == null ? null : task.getDueDate().toInstant(),
                    Instant.now(),
                    null));
        }

        @Override
        public void ended(DelegateTask task) {
            tasks.delete(task.getId());
        }
    }
}
