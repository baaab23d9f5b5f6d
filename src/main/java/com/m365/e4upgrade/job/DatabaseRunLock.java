package com.m365.e4upgrade.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run at a time per database. The embedded H2 file is locked by H2 itself for as long
 * as a process has it open; on PostgreSQL a session-level advisory lock, held on a
 * connection of its own for the whole run, does the same and vanishes with the session if
 * the process dies.
 */
public final class DatabaseRunLock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseRunLock.class);

    /**
     * The advisory lock key of this job: the first eight bytes of "e4upgrad" as a number.
     */
    public static final long ADVISORY_KEY = 0x6534757067726164L;

    private final Connection connection;

    private final boolean advisory;

    private DatabaseRunLock(Connection connection, boolean advisory) {
        this.connection = connection;
        this.advisory = advisory;
    }

    /** Takes the lock, or returns null when another run holds it. */
    public static DatabaseRunLock tryAcquire(DataSource dataSource) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            if (!connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")) {
                return new DatabaseRunLock(connection, false);
            }
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                lock.setLong(1, ADVISORY_KEY);
                try (ResultSet result = lock.executeQuery()) {
                    if (result.next() && result.getBoolean(1)) {
                        return new DatabaseRunLock(connection, true);
                    }
                }
            }
        }
        catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        connection.close();
        return null;
    }

    /**
     * Releases the lock. A pooled connection's close keeps its session open, and the
     * advisory lock with it: a process that outlives its runs (the console) unlocks
     * first. A process that dies releases it with its sessions.
     */
    @Override
    public void close() throws SQLException {
        try (connection) {
            if (advisory) {
                try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    unlock.setLong(1, ADVISORY_KEY);
                    unlock.execute();
                }
                catch (SQLException sessionGone) {
                    // a lost connection took its session, and the lock, with it: the
                    // run's
                    // own line already says the database went away, nothing more to say
                    log.debug("The run lock's session is gone; nothing to release", sessionGone);
                }
            }
        }
    }

}
