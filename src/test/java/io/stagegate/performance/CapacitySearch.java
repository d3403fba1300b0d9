package io.stagegate.performance;

import java.util.ArrayList;
import java.util.List;

/**
 * The highest arrival rate a process keeps up with, found in steps on a grid of fractions of the in-process limit.
 * Completions under an arrival far above capacity measure how the process degrades when overloaded (requests queue by
 * the hundred, every one holds its state longer, the database has more versions to read past) rather than what it
 * can serve; the in-process limit it is compared with is a closed loop of 8 threads that never queues. So each step
 * offers one rate for a fixed time, and the process keeps up when every user it was offered completes and lifecycles
 * complete at least at {@link #KEEPS_UP} of the offered rate. The search starts at the grid point at or below a first
 * guess (the completion rate under overload), goes up while the process keeps up and down while it does not, and stops
 * at the first step that turns, at the limit itself, or after a given number of steps.
 */
final class CapacitySearch {

    /** The share of the offered rate that lifecycles must complete at for a step to count as kept up. */
    static final double KEEPS_UP = 0.95;

    /** One step: offers the given rate (lifecycles/s) for a fixed time and answers what came of it. */
    interface Step {
        Outcome offer(double rate) throws Exception;
    }

    /** What a step offered and what the process completed; {@code failed} users are those that did not complete. */
    record Outcome(double offered, double completed, int failed) {

        boolean keptUp() {
            return failed == 0 && completed >= KEEPS_UP * offered;
        }
    }

    /** Each step's outcome in order, and the index of the highest step kept up with (-1 when none was). */
    record Result(List<Outcome> steps, int best) {

        /**
         * The capacity: what the highest step kept up with completed, at most its offer (0 when none was kept up with):
         * a step kept up within {@link #KEEPS_UP} may be offered up to a twentieth more than the process completes, so
         * its offer would overstate the capacity.
         */
        double sustained() {
            return best < 0 ? 0 : served(steps.get(best));
        }

        /** What the highest step kept up with was offered (0 when none was kept up with): a point on the grid. */
        double keptUpOffer() {
            return best < 0 ? 0 : steps.get(best).offered();
        }

        /**
         * Whether this search's process keeps up with at least the other's rate: compared on the grid, the search's
         * resolution. Two searches whose highest step kept up with is the same offer are equal — what each step
         * completed may differ by up to {@link #KEEPS_UP}'s twentieth with both kept up, within the step's own
         * noise (the twenty-fourth run's PostgreSQL API completed 3.07 and {@code /engine-rest} 3.12 of the same
         * 3.09, and both fell behind at the next step).
         */
        boolean keepsUpWithAtLeast(Result other) {
            return best >= 0 && keptUpOffer() >= other.keptUpOffer() - 1e-9;
        }

        private static double served(Outcome outcome) {
            return Math.min(outcome.offered(), outcome.completed());
        }
    }

    private CapacitySearch() {}

    /**
     * @param limit the in-process limit, lifecycles/s
     * @param guess where to start, lifecycles/s (rounded down to the grid)
     * @param grid the step as a fraction of the limit, e.g. 0.05
     */
    static Result search(double limit, double guess, double grid, int maxSteps, Step step) throws Exception {
        int top = (int) Math.round(1 / grid);
        int k = Math.max(1, Math.min(top, (int) Math.floor(guess / limit / grid + 1e-9)));
        List<Outcome> steps = new ArrayList<>();
        int best = -1;
        int direction = 0;
        while (steps.size() < maxSteps) {
            Outcome outcome = step.offer(k * grid * limit);
            steps.add(outcome);
            if (outcome.keptUp()) {
                if (best < 0 || Result.served(outcome) > Result.served(steps.get(best))) {
                    best = steps.size() - 1;
                }
                if (direction < 0 || k == top) {
                    break;
                }
                direction = 1;
                k++;
            } else {
                if (direction > 0 || k == 1) {
                    break;
                }
                direction = -1;
                k--;
            }
        }
        return new Result(steps, best);
    }
}
