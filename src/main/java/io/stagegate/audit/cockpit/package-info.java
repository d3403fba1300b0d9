/**
 * The auditors' page in Camunda Cockpit: a plugin registered through Cockpit's plugin SPI, whose plain-JavaScript
 * front end (classpath {@code plugin-webapp/stagegate-audit/}) lists every project in every status and shows one
 * project's gate decisions with their evidence, its events, its user-task log and its chain state, read through a
 * JAX-RS resource behind Cockpit's own login and the audit readers' rule (ADR 0005).
 */
package io.stagegate.audit.cockpit;
