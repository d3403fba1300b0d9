/**
 * Operation: phase 7 as a living phase. Once launched, a project's {@code llm-lifecycle} instance operates it until
 * retirement: integrating systems push operating metrics, which the {@code metric-thresholds} policy (DMN) judges; a
 * breach opens one {@code degradation-review} (further breaches attach to it) whose RETRAIN or REFRESH_DATA starts a
 * re-iteration through gates 4 to 7 while the live version keeps serving, or whose ACCEPT lands in the optimization
 * log; a per-project cycle creates {@code knowledge-refresh} tasks, escalated to the PMO when overdue; a periodic
 * {@code operations-review} shows the PMO each KPI's trend. Overdue sign-off and gate tasks are flagged and escalated
 * here too. The process reads its dates and paths from this module's records, never from process variables.
 */
package io.stagegate.operation;
