/**
 * Gates: checklist confirmations, sign-offs and gate decisions, and the rules that guard them. The rules run inside
 * the engine — task listeners on {@code prepare-phase}, {@code sign-off} and {@code gate-review} refuse a completion
 * that lacks evidence, breaks four-eyes or comes from the wrong group — so they hold for this API, Camunda's engine
 * REST API and Tasklist alike; the application service checks first only to answer precisely. Which checks and
 * sign-offs a gate needs comes from the {@code gate-checklist} and {@code gate-signoffs} policies (DMN).
 */
package io.stagegate.gate;
