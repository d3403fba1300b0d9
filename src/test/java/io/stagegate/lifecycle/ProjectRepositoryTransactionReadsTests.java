package io.stagegate.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagegate.Api;
import io.stagegate.ProjectFixtures;
import io.stagegate.StagegateIntegrationTest;
import io.stagegate.performance.SqlCounting;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Within one transaction the repository answers a repeated read of a project or phase from what the transaction
 * already read or wrote (one gate completion runs several listeners that each read them); each reader still gets its
 * own aggregate, and no other transaction — an inner one included — sees those reads.
 */
@StagegateIntegrationTest
class ProjectRepositoryTransactionReadsTests {

    @LocalServerPort
    int port;

    @Autowired
    ProjectRepository projects;

    @Autowired
    PlatformTransactionManager transactions;

    private ProjectFixtures fixtures;

    @BeforeEach
    void connect() {
        fixtures = new ProjectFixtures(new Api(port));
    }

    @Test
    void aRepeatedReadInOneTransactionCostsNoStatementAndHandsOutItsOwnCopy() {
        String id = fixtures.create("Transaction reads").path("id").asText();
        String original = projects.findById(id).orElseThrow().name();
        TransactionTemplate tx = new TransactionTemplate(transactions);

        SqlCounting.Count count = SqlCounting.count(() -> tx.execute(status -> {
                    Project first = projects.findById(id).orElseThrow();
                    projects.phase(id, Phase.REQUIREMENTS);
                    first.amend("changed but not saved", first.profile(), first.team(), first.kpis());
                    Project second = projects.findById(id).orElseThrow();
                    projects.phase(id, Phase.REQUIREMENTS);
                    assertThat(second).isNotSameAs(first);
                    assertThat(second.name()).isEqualTo(original);
                    return null;
                }))
                .count();

        assertThat(count.statements()).as("%s", count).isEqualTo(2);
    }

    @Test
    void aSaveIsWhatTheTransactionReadsNextAndOtherTransactionsReadTheDatabase() {
        String id = fixtures.create("Saved in a transaction").path("id").asText();
        String original = projects.findById(id).orElseThrow().name();
        TransactionTemplate tx = new TransactionTemplate(transactions);
        TransactionTemplate inner = new TransactionTemplate(transactions);
        inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);

        tx.executeWithoutResult(status -> {
            Project project = projects.findById(id).orElseThrow();
            long version = project.rowVersion();
            project.amend("renamed", project.profile(), project.team(), project.kpis());
            projects.save(project);

            Project again = projects.findById(id).orElseThrow();
            assertThat(again.name()).isEqualTo("renamed");
            assertThat(again.rowVersion()).isEqualTo(version + 1);
            // an inner transaction has its own reads: it sees the committed row, not this one's uncommitted change
            String seenInside =
                    inner.execute(s -> projects.findById(id).orElseThrow().name());
            assertThat(seenInside).isEqualTo(original);
            // and once it has ended, this transaction answers from its own reads again
            SqlCounting.Counted<String> afterInner =
                    SqlCounting.count(() -> projects.findById(id).orElseThrow().name());
            assertThat(afterInner.result()).isEqualTo("renamed");
            assertThat(afterInner.count().statements()).isZero();
        });

        String afterCommit =
                tx.execute(status -> projects.findById(id).orElseThrow().name());
        assertThat(afterCommit).isEqualTo("renamed");
        assertThat(projects.findById(id).orElseThrow().name()).isEqualTo("renamed");
    }

    @Test
    void aRolledBackSaveLeavesNothingBehindForTheNextTransaction() {
        String id = fixtures.create("Rolled back").path("id").asText();
        String original = projects.findById(id).orElseThrow().name();
        TransactionTemplate tx = new TransactionTemplate(transactions);

        tx.executeWithoutResult(status -> {
            Project project = projects.findById(id).orElseThrow();
            project.amend("never committed", project.profile(), project.team(), project.kpis());
            projects.save(project);
            status.setRollbackOnly();
        });

        String name = tx.execute(status -> projects.findById(id).orElseThrow().name());
        assertThat(name).isEqualTo(original);
    }
}
