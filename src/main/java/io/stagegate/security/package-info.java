/**
 * Who may do what: Stagegate's users and groups live in Camunda's identity service, so the REST API, the engine
 * REST API and the Cockpit/Tasklist/Admin webapps share one set of identities. This module authenticates
 * {@code /api/**} and {@code /engine-rest/**} with HTTP Basic against that identity service, hands the caller to the
 * engine for the length of each request (so Camunda's authorizations and operation log know who acts), narrows
 * {@code /engine-rest} for everyone but {@code camunda-admin} to reads and task work, answers 401 and 403 as problem
 * details, and on start-up makes sure the groups, their Camunda authorizations, the shared Tasklist filters and,
 * when the demo is on, the demo users exist. Other modules use its API: {@link io.stagegate.security.CurrentUser}
 * for the caller and {@link io.stagegate.security.FunctionGroups} for which group gives which sign-off function.
 */
package io.stagegate.security;
