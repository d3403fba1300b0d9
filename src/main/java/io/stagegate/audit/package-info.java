/**
 * The append-only audit log: every project event becomes a link of that project's own hash chain, each link an
 * HMAC-SHA256 over the event and the previous link, keyed by a secret held outside the database — so whoever can
 * edit rows still cannot forge a chain that verifies. Actors are user ids (pseudonyms), never names. For auditors
 * the module also puts together a project's audit file (history, chain state, gate decisions with their evidence,
 * deliverable hashes, KPI results, controls of confirmed checks) from the stored records, read-only. What
 * administrators do to the engine directly, and every deployment, is recorded from the engine's user operation log:
 * in the touched project's chain, or in the system chain {@code _system} (ADR 0005).
 */
package io.stagegate.audit;
