/**
 * Observability: what an operator watches and how a pod stops. Business metrics (gate lead time and decisions per
 * phase, open tasks per type, metric breaches, webhook backlog, audit links) are derived from the project events
 * the other modules already publish and from the read model, never by calling into those modules; the project id
 * goes into the logging context of every request about a project (and, through the engine's own logging context,
 * of every engine command on a project's instances), so that structured JSON logs can be filtered by project; and
 * Camunda's job executor lets running jobs finish when the application shuts down.
 */
package io.stagegate.observability;
