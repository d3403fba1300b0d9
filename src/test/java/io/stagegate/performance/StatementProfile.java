package io.stagegate.performance;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the PostgreSQL server did for one database over one window, statement by statement, from
 * {@code pg_stat_statements} ({@code -Dperf.pgStatements=true}, off by default: the module is loaded at the server's
 * start and times every statement). The lead it serves: the server spent 17-25 % more CPU per lifecycle under the API
 * walk than under the in-process walk of the same lifecycle, with 9 % more statements; the profile says which
 * statements, how often each is planned, and how many transactions the database committed. Each window is
 * {@link #reset}, then {@link #write written} as a tab-separated file beside the runs' results, its lines ordered by
 * the server time they took; the statements that run once per lifecycle give the number to divide by.
 */
final class StatementProfile {

    private static final String MODULE = "pg_stat_statements";

    private StatementProfile() {}

    /** The server settings that load the module, track planning and keep enough distinct statements. */
    static EmbeddedPostgres.Builder configure(EmbeddedPostgres.Builder builder) {
        return builder.setServerConfig("shared_preload_libraries", MODULE)
                .setServerConfig(MODULE + ".track_planning", "on")
                .setServerConfig(MODULE + ".max", "10000");
    }

    /** Forgets every statement's figures so far, on all databases, and returns the database's counters at this point. */
    static long[] reset(EmbeddedPostgres postgres, String database) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("create extension if not exists " + MODULE);
            s.execute("select " + MODULE + "_reset()");
            return counters(s, database);
        }
    }

    /**
     * Writes the database's statements since {@link #reset} to {@code file}: calls, plans, planning and execution
     * milliseconds, rows, shared blocks hit and read, and the statement on one line; first a line with the database's
     * commits, rollbacks and tuples returned and fetched over the window ({@code before} from {@link #reset}).
     */
    static void write(EmbeddedPostgres postgres, String database, long[] before, Path file)
            throws SQLException, IOException {
        List<String> lines = new ArrayList<>();
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            long[] after = counters(s, database);
            lines.add(String.format(
                    Locale.ROOT,
                    "# %s: %d commits, %d rollbacks, %d tuples returned, %d fetched",
                    database,
                    after[0] - before[0],
                    after[1] - before[1],
                    after[2] - before[2],
                    after[3] - before[3]));
            lines.add("calls\tplans\tplan_ms\texec_ms\trows\tblks_hit\tblks_read\tquery");
            try (ResultSet rs = s.executeQuery("select calls, plans, total_plan_time, total_exec_time, rows,"
                    + " shared_blks_hit, shared_blks_read, query from " + MODULE + " where dbid = (select oid from"
                    + " pg_database where datname = '" + database + "') order by total_plan_time + total_exec_time"
                    + " desc")) {
                while (rs.next()) {
                    lines.add(String.format(
                            Locale.ROOT,
                            "%d\t%d\t%.1f\t%.1f\t%d\t%d\t%d\t%s",
                            rs.getLong(1),
                            rs.getLong(2),
                            rs.getDouble(3),
                            rs.getDouble(4),
                            rs.getLong(5),
                            rs.getLong(6),
                            rs.getLong(7),
                            rs.getString(8).replaceAll("\\s+", " ")));
                }
            }
        }
        Files.write(file, lines);
    }

    private static long[] counters(Statement s, String database) throws SQLException {
        try (ResultSet rs = s.executeQuery("select xact_commit, xact_rollback, tup_returned, tup_fetched from"
                + " pg_stat_database where datname = '" + database + "'")) {
            return rs.next()
                    ? new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)}
                    : new long[] {0, 0, 0, 0};
        }
    }
}
