package io.stagegate.lifecycle;

import java.time.Instant;
import java.util.List;

/**
 * One phase of one project: its state, iteration counter and what its gate requires under the policy evaluated
 * when the phase was entered. {@code evidenceFromIteration} is the first iteration whose evidence counts: a
 * rejection keeps it (evidence carries over), a re-entry after a loop moves it (stale evidence never passes twice).
 */
public record PhaseProgress(
        String projectId,
        Phase phase,
        PhaseState state,
        int iteration,
        int evidenceFromIteration,
        int entries,
        List<String> requiredChecks,
        List<String> requiredSignoffs,
        String policy,
        String submittedBy,
        Instant submittedAt,
        String lastDecision,
        String loopTo,
        boolean revalidationRequired) {

    public PhaseProgress {
        requiredChecks = List.copyOf(requiredChecks);
        requiredSignoffs = List.copyOf(requiredSignoffs);
    }

    static PhaseProgress notStarted(String projectId, Phase phase) {
        return new PhaseProgress(
                projectId,
                phase,
                PhaseState.NOT_STARTED,
                0,
                0,
                0,
                List.of(),
                List.of(),
                null,
                null,
                null,
                null,
                null,
                false);
    }

    /** Entering (or re-entering after a loop): a fresh iteration whose evidence must be registered anew. */
    public PhaseProgress entered(List<String> checks, List<String> signoffs, String policy) {
        int next = iteration + 1;
        return new PhaseProgress(
                projectId,
                phase,
                PhaseState.IN_PREPARATION,
                next,
                next,
                entries + 1,
                checks,
                signoffs,
                policy,
                null,
                null,
                null,
                null,
                revalidationRequired);
    }

    /** Back to preparation after a rejection: the next iteration, the evidence so far carries over. */
    public PhaseProgress returnedToPreparation() {
        return new PhaseProgress(
                projectId,
                phase,
                PhaseState.IN_PREPARATION,
                iteration + 1,
                evidenceFromIteration,
                entries,
                requiredChecks,
                requiredSignoffs,
                policy,
                null,
                null,
                lastDecision,
                null,
                revalidationRequired);
    }

    public PhaseProgress submitted(String userId, Instant at) {
        return new PhaseProgress(
                projectId,
                phase,
                PhaseState.AWAITING_SIGNOFF,
                iteration,
                evidenceFromIteration,
                entries,
                requiredChecks,
                requiredSignoffs,
                policy,
                userId,
                at,
                null,
                null,
                revalidationRequired);
    }

    public PhaseProgress in(PhaseState newState) {
        return new PhaseProgress(
                projectId,
                phase,
                newState,
                iteration,
                evidenceFromIteration,
                entries,
                requiredChecks,
                requiredSignoffs,
                policy,
                submittedBy,
                submittedAt,
                lastDecision,
                loopTo,
                revalidationRequired);
    }

    public PhaseProgress decided(String decision, String loopTarget, PhaseState newState) {
        return new PhaseProgress(
                projectId,
                phase,
                newState,
                iteration,
                evidenceFromIteration,
                entries,
                requiredChecks,
                requiredSignoffs,
                policy,
                submittedBy,
                submittedAt,
                decision,
                loopTarget,
                revalidationRequired);
    }

    public PhaseProgress withRequirements(List<String> checks, List<String> signoffs, String newPolicy) {
        return new PhaseProgress(
                projectId,
                phase,
                state,
                iteration,
                evidenceFromIteration,
                entries,
                checks,
                signoffs,
                newPolicy,
                submittedBy,
                submittedAt,
                lastDecision,
                loopTo,
                revalidationRequired);
    }

    public PhaseProgress withRevalidationRequired(boolean required) {
        return new PhaseProgress(
                projectId,
                phase,
                state,
                iteration,
                evidenceFromIteration,
                entries,
                requiredChecks,
                requiredSignoffs,
                policy,
                submittedBy,
                submittedAt,
                lastDecision,
                loopTo,
                required);
    }
}
