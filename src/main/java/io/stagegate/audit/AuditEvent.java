package io.stagegate.audit;

import java.time.Instant;

/** One link of a project's chain. */
public record AuditEvent(
        String projectId,
        long seq,
        Instant at,
        String actor,
        String type,
        String phase,
        String detailsJson,
        String hash,
        String previousHash) {

    /** The exact text the link's HMAC covers: every field, the previous link included. */
    String canonical() {
        return String.join(
                "\n",
                projectId,
                Long.toString(seq),
                at.toString(),
                actor,
                type,
                phase == null ? "" : phase,
                detailsJson,
                previousHash == null ? "" : previousHash);
    }
}
