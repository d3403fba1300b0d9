package io.stagegate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Which failures mean "the database cannot be reached" (503) — also when wrapped by the transaction manager or the
 * engine — and which do not. The answer itself is tested against a stopped PostgreSQL in {@code DatabaseOutageIT}.
 */
class DatabaseUnavailableTests {

    @Test
    void recognisesAPoolTimeoutWrappedByTheTransactionManager() {
        assertThat(DatabaseUnavailable.isCause(new CannotCreateTransactionException(
                        "Could not open JDBC Connection for transaction",
                        new SQLTransientConnectionException("HikariPool-1 - Connection is not available"))))
                .isTrue();
        assertThat(DatabaseUnavailable.isCause(
                        new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection")))
                .isTrue();
    }

    @Test
    void recognisesConnectionFailuresInsideAnEngineException() {
        SQLException refused = new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
        assertThat(DatabaseUnavailable.isCause(
                        new ProcessEngineException("engine command failed", new RuntimeException("mybatis", refused))))
                .isTrue();
        SQLException shutdown = new SQLException("terminating connection due to administrator command", "57P01");
        assertThat(DatabaseUnavailable.isCause(new ProcessEngineException("flush failed", shutdown)))
                .isTrue();
    }

    @Test
    void recognisesARollbackThatFailedBecauseTheConnectionDied() {
        TransactionSystemException rollbackFailed =
                new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));
        rollbackFailed.initApplicationException(new DataAccessResourceFailureException(
                "PreparedStatementCallback", new SQLException("An I/O error occurred", "08006")));
        assertThat(DatabaseUnavailable.isCause(rollbackFailed)).isTrue();

        TransactionSystemException otherRollback =
                new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));
        otherRollback.initApplicationException(new IllegalStateException("bug"));
        assertThat(DatabaseUnavailable.isCause(otherRollback)).isFalse();
    }

    @Test
    void leavesOtherFailuresAlone() {
        assertThat(DatabaseUnavailable.isCause(new IllegalStateException("bug")))
                .isFalse();
        assertThat(DatabaseUnavailable.isCause(new DataIntegrityViolationException(
                        "duplicate key", new SQLException("duplicate key value", "23505"))))
                .isFalse();
        assertThat(DatabaseUnavailable.isCause(new OptimisticLockingException("concurrent update")))
                .isFalse();
        assertThat(DatabaseUnavailable.isCause(new ProcessEngineException("no such task")))
                .isFalse();
    }

    @Test
    void aCauseChainThatLoopsEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(DatabaseUnavailable.isCause(a)).isFalse();
    }
}
