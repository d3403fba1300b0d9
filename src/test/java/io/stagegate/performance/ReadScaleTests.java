package io.stagegate.performance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The read scale's figure at one size: the median of its passes, taken figure by figure. */
class ReadScaleTests {

    @Test
    void aPassDisturbedByATransientDoesNotDecideTheSize() {
        InProcessDriver.Reads quiet = new InProcessDriver.Reads(3.9, 6.0, 1.7, 3.4, 2.7, 1.1);
        InProcessDriver.Reads disturbed = new InProcessDriver.Reads(9.8, 12.5, 5.1, 7.7, 3.4, 1.9);
        InProcessDriver.Reads other = new InProcessDriver.Reads(4.2, 5.6, 1.8, 3.6, 2.8, 1.0);

        InProcessDriver.Reads median = InProcessDriver.Reads.median(List.of(disturbed, quiet, other));

        assertThat(median).isEqualTo(new InProcessDriver.Reads(4.2, 6.0, 1.8, 3.6, 2.8, 1.1));
    }

    @Test
    void onePassIsItsOwnFigureAndOfTwoTheHigherCounts() {
        InProcessDriver.Reads low = new InProcessDriver.Reads(3.0, 5.0, 1.5, 3.0, 2.0, 1.0);
        InProcessDriver.Reads high = new InProcessDriver.Reads(4.0, 6.0, 2.0, 3.5, 2.5, 1.2);

        assertThat(InProcessDriver.Reads.median(List.of(low))).isEqualTo(low);
        assertThat(InProcessDriver.Reads.median(List.of(low, high))).isEqualTo(high);
    }
}
