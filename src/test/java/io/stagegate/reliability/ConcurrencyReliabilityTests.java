package io.stagegate.reliability;

import io.stagegate.StagegateIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The concurrency scenario of the reliability report on the embedded default (H2): see {@link ConcurrencyTrials}.
 * {@code -Dstagegate.reliability.trials=500} for the full run ({@code mvn -B verify -Preliability}).
 */
@StagegateIntegrationTest
class ConcurrencyReliabilityTests {

    @LocalServerPort
    int port;

    @Test
    void exactlyOneOfSixteenConcurrentActionsTakesEffectOnH2() throws Exception {
        new ConcurrencyTrials(port).runAndRecord("concurrency-h2", "H2 (embedded default)");
    }
}
