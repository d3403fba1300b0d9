package io.stagegate.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The harness's reading of a JVM's JIT work from its compiler threads ({@link AppProcess#compilerTicks(long)}). */
class CompilerTicksTests {

    @Test
    void findsThisJvmsCompilerThreadsAndTheirTimeIsPartOfTheProcesss() throws Exception {
        long pid = ProcessHandle.current().pid();
        long before = AppProcess.compilerTicks(pid);

        // enough distinct, hot code that the JIT has something to compile while the clock ticks
        long sum = 0;
        for (int round = 0; round < 200; round++) {
            sum += java.util.stream.IntStream.range(0, 50_000)
                    .mapToObj(i -> Integer.toHexString(i * 31 + 7))
                    .mapToInt(String::hashCode)
                    .sum();
        }

        long after = AppProcess.compilerTicks(pid);
        assertThat(sum).isNotZero();
        assertThat(after).isGreaterThanOrEqualTo(before);
        assertThat(after)
                .as("compiler threads' ticks within the process's")
                .isLessThanOrEqualTo(AppProcess.processTicks(pid));
    }

    @Test
    void aProcessWithoutCompilerThreadsIsAnErrorNotAQuietJit() throws Exception {
        // a process that is not a JVM: no thread of it is named after HotSpot's compilers
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            assertThatThrownBy(() -> AppProcess.compilerTicks(sleep.pid()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("CompilerThread");
        } finally {
            sleep.destroy();
        }
    }
}
