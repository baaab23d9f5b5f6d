package com.m365.e4upgrade.testsupport;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The database a run of the job wrote, H2 or PostgreSQL alike: whatever gives a connection to
 * look at it (only once no run holds an H2 file).
 */
@FunctionalInterface
public interface JobDatabase {

    Connection connect() throws SQLException;

    /** The H2 file at this path, without H2's ".mv.db" suffix; a wrong path fails instead of creating an empty database. */
    static JobDatabase h2File(Path file) {
        String url = "jdbc:h2:file:" + file.toAbsolutePath() + ";IFEXISTS=TRUE";
        return at(url, "sa", "");
    }

    /** The H2 file the job uses by default, relative to its working directory (application.properties). */
    static JobDatabase defaultH2FileIn(Path workDir) {
        return h2File(defaultH2File(workDir));
    }

    static Path defaultH2File(Path workDir) {
        return workDir.resolve("data/e4-upgrade");
    }

    static JobDatabase at(String url, String user, String password) {
        return () -> DriverManager.getConnection(url, user, password);
    }

    /** Work done on one connection, its SQLException a test failure. */
    default <T> T use(Work<T> work) {
        try (Connection db = connect()) {
            return work.on(db);
        } catch (SQLException e) {
            throw new AssertionError("cannot use the job's database: " + e.getMessage(), e);
        }
    }

    /** The status the job repository holds for the last run, null before any. */
    default String lastJobExecutionStatus() {
        return use(db -> {
            String[] status = {null};
            query(db, "SELECT status FROM batch_job_execution ORDER BY job_execution_id DESC FETCH FIRST 1 ROW ONLY",
                    rs -> status[0] = rs.getString(1));
            return status[0];
        });
    }

    interface Work<T> {
        T on(Connection db) throws SQLException;
    }

    interface RowCallback {
        void row(ResultSet rs) throws SQLException;
    }

    /** The one number a query answers, such as a COUNT(*). */
    static long single(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                throw new AssertionError("no row: " + sql);
            }
            return rs.getLong(1);
        }
    }

    static void query(Connection db, String sql, RowCallback callback) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                callback.row(rs);
            }
        }
    }
}
