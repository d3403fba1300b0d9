package io.stagegate;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The session settings the {@code postgres} profile sends when a connection opens ({@code DB_OPTIONS}) reach the
 * server: the application's connections plan their prepared statements once, generically.
 */
@StagegatePostgresTest
class PostgresSessionSettingsTests {

    @Autowired
    DataSource dataSource;

    @Test
    void theApplicationsConnectionsUseGenericPlans() {
        String mode = JdbcClient.create(dataSource)
                .sql("select current_setting('plan_cache_mode')")
                .query(String.class)
                .single();

        assertThat(mode).isEqualTo("force_generic_plan");
    }
}
