package io.stagegate.gate;

import io.stagegate.lifecycle.PhaseProgress;
import java.util.Optional;

/**
 * Hands the evidence that the API judged a gate decision on to the engine listener that records the decision, within
 * the one engine call that completes the task. Both run in the same thread and transaction under the project's row
 * lock, and nothing writes evidence between them, so the listener judges and records the same rows without reading
 * them again (three statements per decision; see docs/performance.md). Only evidence of the same project, phase,
 * iteration and evidence window is taken; any other caller reads its own.
 */
final class EvidenceHandOver {

    private static final ThreadLocal<GateInspection.Evidence> CURRENT = new ThreadLocal<>();

    private EvidenceHandOver() {}

    static void during(GateInspection.Evidence evidence, Runnable engineCall) {
        GateInspection.Evidence previous = CURRENT.get();
        CURRENT.set(evidence);
        try {
            engineCall.run();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    static Optional<GateInspection.Evidence> take(PhaseProgress progress) {
        GateInspection.Evidence evidence = CURRENT.get();
        if (evidence == null) {
            return Optional.empty();
        }
        PhaseProgress judged = evidence.progress();
        boolean same = judged.projectId().equals(progress.projectId())
                && judged.phase() == progress.phase()
                && judged.iteration() == progress.iteration()
                && judged.evidenceFromIteration() == progress.evidenceFromIteration();
        if (same) {
            CURRENT.remove();
        }
        return same ? Optional.of(evidence) : Optional.empty();
    }
}
