/**
 * Phase outputs (输出物) as versioned evidence: each registration of a deliverable type makes the next version,
 * with either uploaded content (its SHA-256 computed here) or an external URI with the SHA-256 the team gives.
 * Nothing is overwritten or deleted, and a submitted phase's evidence is frozen until it returns to preparation.
 */
package io.stagegate.deliverable;
