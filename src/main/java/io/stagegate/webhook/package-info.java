/**
 * Webhooks: integrating systems subscribe a URL to event types ({@code phase.entered}, {@code gate.decided},
 * {@code project.status}, …) and receive each matching project event as a signed JSON POST. Every audited project
 * event that maps to a catalogue type becomes one delivery row per matching subscription in the transaction of the
 * change itself (a transactional outbox: nothing is sent for a rolled-back change, nothing is lost in a crash); a
 * scheduled dispatcher claims due rows, sends them in order per project and subscription, retries with exponential
 * back-off and parks what still fails after the retry period. Targets are checked against server-side request
 * forgery when subscribing and again before every attempt; subscription secrets are stored encrypted with a key
 * held outside the database.
 */
package io.stagegate.webhook;
