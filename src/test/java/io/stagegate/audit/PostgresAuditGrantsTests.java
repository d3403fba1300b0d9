package io.stagegate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagegate.PostgresDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The documented grants ({@code docs/sql/postgresql-grants.sql}) on a real PostgreSQL server: the schema is built by
 * the application's own migrations as the owner role, the grants are applied as documented, and then the
 * application role may append to and read the audit log — and do its ordinary work elsewhere — while the server
 * itself refuses it any update, delete or truncate of {@code sg_audit_event}.
 */
class PostgresAuditGrantsTests {

    private static final String DATABASE = "stagegate_grants";
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private static String url;

    @BeforeAll
    static void schemaOwnedByTheOwnerRoleWithTheDocumentedGrants() throws Exception {
        try (Connection admin = PostgresDatabase.server().getPostgresDatabase().getConnection();
                Statement sql = admin.createStatement()) {
            sql.execute("drop database if exists " + DATABASE);
            sql.execute("drop role if exists stagegate_app");
            sql.execute("drop role if exists stagegate_owner");
            sql.execute("create role stagegate_owner login password 'owner'");
            sql.execute("create role stagegate_app login password 'app'");
            sql.execute("create database " + DATABASE + " owner stagegate_owner");
        }
        // no user in the URL: the driver would let it win over the user each connection below asks for
        url = "jdbc:postgresql://localhost:" + PostgresDatabase.server().getPort() + "/" + DATABASE;
        try (Connection superuser = DriverManager.getConnection(url, "postgres", "postgres");
                Statement sql = superuser.createStatement()) {
            // PostgreSQL 15+ no longer lets every role create in public; the schema owner takes it over
            sql.execute("alter schema public owner to stagegate_owner");
        }
        Flyway.configure()
                .dataSource(url, "stagegate_owner", "owner")
                .locations("classpath:db/migration/common", "classpath:db/migration/postgresql")
                .table("sg_schema_history")
                .load()
                .migrate();
        String grants = Files.readString(Path.of("docs/sql/postgresql-grants.sql"));
        try (Connection owner = DriverManager.getConnection(url, "stagegate_owner", "owner");
                Statement sql = owner.createStatement()) {
            sql.execute(grants);
        }
    }

    @Test
    void applicationRoleAppendsToAndReadsTheAuditLog() throws SQLException {
        try (Connection app = app();
                Statement sql = app.createStatement()) {
            assertThat(sql.executeUpdate(insert("append", 1))).isEqualTo(1);
            assertThat(sql.executeUpdate(insert("append", 2))).isEqualTo(1);
            try (var rows = sql.executeQuery("select count(*) from sg_audit_event where project_id = 'append'")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void databaseRefusesTheApplicationRoleAnyChangeToTheAuditLog() throws SQLException {
        try (Connection app = app();
                Statement sql = app.createStatement()) {
            sql.executeUpdate(insert("refuse", 1));
            assertRefused(sql, "update sg_audit_event set actor = 'someone-else' where project_id = 'refuse'");
            assertRefused(sql, "delete from sg_audit_event where project_id = 'refuse'");
            assertRefused(sql, "truncate sg_audit_event");
            assertRefused(sql, "select * from sg_audit_event where project_id = 'refuse' for update");
            assertRefused(sql, "drop table sg_audit_event");
            assertRefused(sql, "alter table sg_audit_event add column note varchar(10)");
        }
        try (Connection owner = DriverManager.getConnection(url, "stagegate_owner", "owner");
                Statement sql = owner.createStatement();
                var rows = sql.executeQuery("select actor, (select tableowner from pg_tables where tablename ="
                        + " 'sg_audit_event') from sg_audit_event where project_id = 'refuse'")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("auditor-test");
            assertThat(rows.getString(2)).as("owner of the table").isEqualTo("stagegate_owner");
        }
    }

    @Test
    void applicationRoleStillChangesItsOtherTables() throws SQLException {
        try (Connection app = app();
                Statement sql = app.createStatement()) {
            sql.executeUpdate("insert into sg_idempotency_key (user_id, idem_key, request_hash, state, created_at,"
                    + " expires_at) values ('grants', 'k1', 'h', 'STARTED', now(), now())");
            assertThat(sql.executeUpdate("update sg_idempotency_key set state = 'DONE' where user_id = 'grants'"))
                    .isEqualTo(1);
            assertThat(sql.executeUpdate("delete from sg_idempotency_key where user_id = 'grants'"))
                    .isEqualTo(1);
        }
    }

    private static void assertRefused(Statement sql, String statement) {
        assertThatThrownBy(() -> sql.execute(statement))
                .as(statement)
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(INSUFFICIENT_PRIVILEGE));
    }

    private static Connection app() throws SQLException {
        Connection app = DriverManager.getConnection(url, "stagegate_app", "app");
        try (Statement sql = app.createStatement();
                var rows = sql.executeQuery("select current_user")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("stagegate_app");
        }
        return app;
    }

    private static String insert(String projectId, long seq) {
        return "insert into sg_audit_event (project_id, seq, at, actor, type, phase, details_json, hash, previous_hash)"
                + " values ('" + projectId + "', " + seq + ", '" + OffsetDateTime.now(ZoneOffset.UTC)
                + "', 'auditor-test', 'PROJECT_CREATED', null, '{}', '" + "a".repeat(64) + "', null)";
    }
}
