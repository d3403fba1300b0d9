package io.stagegate.gate;

import io.stagegate.lifecycle.Phase;
import java.time.Instant;

/** The rows behind a gate: check confirmations, sign-offs and decisions. Append-only. */
public final class GateRecords {

    private GateRecords() {}

    public record CheckConfirmation(
            String id,
            String projectId,
            Phase phase,
            int iteration,
            String checkKey,
            boolean confirmed,
            String evidence,
            String confirmedBy,
            Instant confirmedAt) {}

    public record Signoff(
            String id,
            String projectId,
            Phase phase,
            int iteration,
            String function,
            String decision,
            String comment,
            String signedBy,
            Instant signedAt) {

        public boolean approved() {
            return "APPROVE".equals(decision);
        }
    }

    public record GateDecisionRecord(
            String id,
            String projectId,
            Phase phase,
            int iteration,
            String decision,
            String loopTo,
            String comment,
            String decidedBy,
            Instant decidedAt,
            String evidenceJson) {}
}
