package com.m365.e4upgrade.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import com.m365.e4upgrade.job.DatabaseRunLock;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The run lock on PostgreSQL: a session-level advisory lock on a connection of its own,
 * held for the whole run. One holder per database; another database of the same server is
 * not affected; the lock goes with its session, however that session ends.
 */
@Tag("postgres")
class PostgresRunLockTests {

    private final PostgresServer server = PostgresServer.shared();

    @Test
    void oneRunAtATimePerDatabaseAndTheLockIsFreeAgainOnceReleased() throws Exception {
        // given
        DataSource database = job(server.createDatabase("one_at_a_time"));

        try (DatabaseRunLock first = DatabaseRunLock.tryAcquire(database)) {
            // when / then
            assertThat(first).isNotNull();
            assertThat(DatabaseRunLock.tryAcquire(database)).as("a second run on the same database").isNull();
        }
        try (DatabaseRunLock again = DatabaseRunLock.tryAcquire(database)) {
            assertThat(again).as("once the first run released it").isNotNull();
        }
    }

    @Test
    void anotherDatabaseOfTheSameServerIsNotLocked() throws Exception {
        // given
        DataSource one = job(server.createDatabase("locked"));
        DataSource other = job(server.createDatabase("other"));

        // when / then
        try (DatabaseRunLock first = DatabaseRunLock.tryAcquire(one);
                DatabaseRunLock second = DatabaseRunLock.tryAcquire(other)) {
            assertThat(first).isNotNull();
            assertThat(second).isNotNull();
        }
    }

    @Test
    void theLockGoesWithItsSessionAndTheOperatorsQueryShowsWhoHoldsIt() throws Exception {
        // given
        TestDatabase.Postgres database = server.createDatabase("session_ends");
        DataSource dataSource = job(database);
        DatabaseRunLock held = DatabaseRunLock.tryAcquire(dataSource);
        assertThat(held).isNotNull();
        List<String> holders;
        try (Connection operator = database.connect()) {
            holders = PostgresWholeJobFunctionalTests.rows(operator, OperatorQueries.RUN_LOCK_HOLDER);
        }
        assertThat(holders).singleElement().asString().contains(" " + PostgresServer.JOB_ROLE + " ");

        // when the session ends under the run (a dead client's session being ended by the
        // server, or by a DBA)
        try (Connection operator = database.connect(); Statement statement = operator.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(l.pid, 10000) FROM pg_locks l WHERE l.locktype = 'advisory'"
                    + " AND l.objid = 1735549284 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())");
        }

        // then the next run may start
        try (DatabaseRunLock next = DatabaseRunLock.tryAcquire(dataSource)) {
            assertThat(next).isNotNull();
        }
        finally {
            try {
                held.close();
            }
            catch (SQLException alreadyGone) {
                // the terminated session's connection
            }
        }
    }

    private DataSource job(TestDatabase.Postgres database) {
        return server.as(PostgresServer.JOB_ROLE, PostgresServer.JOB_PASSWORD, database.name());
    }

}
