/**
 * The project aggregate and its seven-phase lifecycle: creating a project starts its {@code llm-lifecycle}
 * process instance (business key = project id), the aggregate records which phase is worked and in which
 * state, and the read model behind the project view and lists is kept in step with the engine in the same
 * transaction. Other modules read projects through {@link io.stagegate.lifecycle.ProjectRepository} and change
 * them only through the guarded methods of {@link io.stagegate.lifecycle.Project}.
 */
package io.stagegate.lifecycle;
