package io.stagegate.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagegate.StagegatePostgresTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The portfolio counts on a real PostgreSQL server, where concurrent creations really wait for each other's rows. */
@StagegatePostgresTest
class PostgresPortfolioCountsTests extends PortfolioCountsContract {

    @Autowired
    PlatformTransactionManager transactions;

    /** The recount that docs/operations.md gives operators repairs counts that went wrong. */
    @Test
    void theDocumentedRecountRestoresTheTotals() throws Exception {
        String operations = Files.readString(Path.of("docs/operations.md"));
        int start = operations.indexOf("```sql\nbegin;\nlock table sg_project in share mode;");
        assertThat(start).as("the recount in docs/operations.md").isNotNegative();
        String recount = operations.substring(start + "```sql\n".length(), operations.indexOf("```", start + 6));
        fixtures.create("Counts before the damage");
        jdbc.sql("update sg_project_count set projects = projects + 7 where slot = 3")
                .update();
        assertThat(listedTotal(null, null, null)).isNotEqualTo(counted(null, null, null));

        String[] statements =
                recount.replace("begin;", "").replace("commit;", "").split(";");
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            for (String statement : statements) {
                if (!statement.isBlank()) {
                    jdbc.sql(statement).update();
                }
            }
        });

        assertThat(listedTotal(null, null, null)).isEqualTo(counted(null, null, null));
        assertThat(listedTotal("ACTIVE", "REQUIREMENTS", "RETAIL"))
                .isEqualTo(counted("ACTIVE", "REQUIREMENTS", "RETAIL"));
    }
}
