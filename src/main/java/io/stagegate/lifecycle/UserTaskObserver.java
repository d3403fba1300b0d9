package io.stagegate.lifecycle;

import org.camunda.bpm.engine.delegate.DelegateTask;

/** Told about every user task of every model as it is created and as it ends (completed or withdrawn). */
public interface UserTaskObserver {

    default void created(DelegateTask task) {}

    default void ended(DelegateTask task) {}
}
