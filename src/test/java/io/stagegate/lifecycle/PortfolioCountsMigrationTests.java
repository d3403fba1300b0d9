package io.stagegate.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** Upgrading a database that already holds projects: the migration that adds the portfolio counts counts them. */
class PortfolioCountsMigrationTests {

    @Test
    void projectsThatExistBeforeTheUpgradeAreCounted() {
        SimpleDriverDataSource dataSource = new SimpleDriverDataSource(
                new org.h2.Driver(), "jdbc:h2:mem:counts-migration;DB_CLOSE_DELAY=-1", "sa", "");
        JdbcClient jdbc = JdbcClient.create(dataSource);
        migrate(dataSource, "6");
        insertProject(jdbc, "p1", "ACTIVE", "REQUIREMENTS", "FINANCE");
        insertProject(jdbc, "p2", "ACTIVE", "REQUIREMENTS", "FINANCE");
        insertProject(jdbc, "p3", "OPERATING", "OPERATION", "RETAIL");
        insertProject(jdbc, "p4", "CANCELLED", null, "RETAIL");

        migrate(dataSource, "latest");

        List<Map<String, Object>> counts = jdbc.sql("select status, current_phase, industry, slot, projects"
                        + " from sg_project_count order by status, current_phase, industry")
                .query()
                .listOfRows();
        assertThat(counts)
                .extracting(row -> row.get("STATUS") + "/" + row.get("CURRENT_PHASE") + "/" + row.get("INDUSTRY") + "="
                        + row.get("PROJECTS"))
                .containsExactly(
                        "ACTIVE/REQUIREMENTS/FINANCE=2", "CANCELLED/-/RETAIL=1", "OPERATING/OPERATION/RETAIL=1");
    }

    private static void migrate(SimpleDriverDataSource dataSource, String target) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .table("sg_schema_history")
                .target(target)
                .load()
                .migrate();
    }

    private static void insertProject(JdbcClient jdbc, String id, String status, String phase, String industry) {
        jdbc.sql("insert into sg_project (id, name, industry, privacy_level, process_complexity,"
                        + " domain_specialization, audience, jurisdictions, team_json, kpis_json, status,"
                        + " current_phase, validation_loops, launched, created_by, created_at, updated_at, row_version)"
                        + " values (:id, :id, :industry, 'LOW', 'SIMPLE', 'GENERAL', 'INTERNAL', '', '{}', '[]',"
                        + " :status, :phase, 0, false, 'pmo', current_timestamp, current_timestamp, 0)")
                .param("id", id)
                .param("industry", industry)
                .param("status", status)
                .param("phase", phase)
                .update();
    }
}
