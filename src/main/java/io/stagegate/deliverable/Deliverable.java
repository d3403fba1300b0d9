package io.stagegate.deliverable;

import io.stagegate.lifecycle.Phase;
import java.time.Instant;
import java.util.Map;

/** One version of one phase output. */
public record Deliverable(
        String id,
        String projectId,
        Phase phase,
        String type,
        int version,
        int iteration,
        String title,
        String uri,
        String sha256,
        Long size,
        String mediaType,
        String fileName,
        Map<String, Double> metrics,
        String submittedBy,
        Instant submittedAt) {

    public Deliverable {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    public boolean hasContent() {
        return uri == null;
    }
}
