package io.stagegate.reliability;

import io.stagegate.StagegatePostgresTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The concurrency scenario of the reliability report on a real PostgreSQL server, where row locks and isolation
 * behave differently from H2: see {@link ConcurrencyTrials}. {@code -Dstagegate.reliability.trials=500} for the full
 * run ({@code mvn -B verify -Preliability}).
 */
@StagegatePostgresTest
class PostgresConcurrencyTests {

    @LocalServerPort
    int port;

    @Test
    void exactlyOneOfSixteenConcurrentActionsTakesEffectOnPostgres() throws Exception {
        new ConcurrencyTrials(port).runAndRecord("concurrency-postgres", "PostgreSQL");
    }
}
