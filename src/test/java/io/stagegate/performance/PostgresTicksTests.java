package io.stagegate.performance;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagegate.PostgresDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The harness's count of the PostgreSQL server's CPU ({@link AppProcess#postgresTicks()}) against a real server: the
 * work of a backend whose connection has closed must still be in it, as a pool's connections come and go in a run.
 */
class PostgresTicksTests {

    @Test
    void countsTheWorkOfABackendThatHasExited() throws Exception {
        javax.sql.DataSource server = PostgresDatabase.server().getPostgresDatabase();
        try (Connection warm = server.getConnection()) {
            // the server is up and its postmaster settled before the count starts
            assertThat(warm.isValid(2)).isTrue();
        }
        long before = AppProcess.postgresTicks();
        int backend;
        try (Connection connection = server.getConnection();
                Statement statement = connection.createStatement()) {
            ResultSet pid = statement.executeQuery("select pg_backend_pid()");
            pid.next();
            backend = pid.getInt(1);
            // a second or so of one backend's CPU
            statement.execute("select sum(g) from generate_series(1, 20000000) g");
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Files.exists(Path.of("/proc", String.valueOf(backend))) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(Path.of("/proc", String.valueOf(backend)))
                .as("the backend has exited")
                .doesNotExist();
        // its time is now its postmaster's, as its exited children's
        long counted = AppProcess.postgresTicks() - before;
        assertThat(counted).as("ticks counted for the query's backend").isGreaterThanOrEqualTo(50);
    }
}
