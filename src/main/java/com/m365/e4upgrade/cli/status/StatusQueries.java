package com.m365.e4upgrade.cli.status;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.m365.e4upgrade.batch.MigrationParameters;
import com.m365.e4upgrade.eligibility.Verdict;
import com.m365.e4upgrade.job.E4UpgradeJobConfiguration;

/**
 * What the status command reads: the job repository's instances (migrations), their last
 * execution and its parameters, the steps of a migration's executions, and the moves of
 * {@code e4_reassignment}. Read-only statements with bound parameters, none of which
 * waits for the running job's locks (H2 and PostgreSQL both read committed rows without
 * blocking on writers).
 */
final class StatusQueries {

    private static final String MIGRATIONS = """
            SELECT i.job_instance_id, e.job_execution_id, e.status, e.start_time, e.end_time
            FROM batch_job_instance i
            JOIN batch_job_execution e ON e.job_instance_id = i.job_instance_id
            WHERE i.job_name = ?
              AND e.job_execution_id = (SELECT MAX(x.job_execution_id) FROM batch_job_execution x
                                        WHERE x.job_instance_id = i.job_instance_id)
            ORDER BY i.job_instance_id""";

    private static final String PARAMETERS = """
            SELECT parameter_name, parameter_value FROM batch_job_execution_params
            WHERE job_execution_id = ? AND parameter_name IN (?, ?, ?)""";

    /**
     * Users moved: the moves with a write batch stored with an outcome (a database made
     * before version 10 also stored the moves still PLANNED, counted with the users to
     * move).
     */
    private static final String MOVES = """
            SELECT migration_id, SUM(CASE WHEN status <> 'PLANNED' THEN 1 ELSE 0 END), COUNT(*)
            FROM e4_reassignment WHERE batch IS NOT NULL GROUP BY migration_id""";

    /**
     * The users to move: the tenants count their source-plan holders and those the plan
     * skips once eligibility has decided them (a dry run moves none of them).
     */
    private static final String PLANNED_BY_TENANTS = """
            SELECT migration_id, SUM(source_holders - unlicensable_holders)
            FROM e4_tenant WHERE verdict IN (%s) GROUP BY migration_id""";

    private static final String STEPS = """
            SELECT s.job_execution_id, s.step_name, s.status, s.read_count, s.write_count, s.start_time, s.end_time
            FROM batch_step_execution s
            JOIN batch_job_execution e ON e.job_execution_id = s.job_execution_id
            WHERE e.job_instance_id = ?
            ORDER BY s.job_execution_id, s.step_execution_id""";

    /**
     * Whether a session holds the job's advisory lock in this database, without taking
     * it: a bigint key shows as its high half in classid and its low half in objid,
     * objsubid 1.
     */
    private static final String RUN_LOCK_HELD = """
            SELECT COUNT(*) FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND objsubid = 1
              AND classid::bigint = ? AND objid::bigint = ?
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""";

    private final Connection db;

    StatusQueries(Connection db) {
        this.db = db;
    }

    record Migration(long id, long execution, String status, String dryRun, LocalDateTime start, LocalDateTime end,
            Long moved, Long toMove, String tenantsFile, String usersFile) {
    }

    record StepLine(long execution, String name, String status, long read, long written, LocalDateTime start,
            LocalDateTime end) {
    }

    List<Migration> migrations() throws SQLException {
        Map<Long, long[]> moves = new HashMap<>();
        try (PreparedStatement statement = db.prepareStatement(MOVES); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                moves.put(rs.getLong(1), new long[] { rs.getLong(2), rs.getLong(3) });
            }
        }
        Map<Long, long[]> plannedByTenants = plannedByTenants();
        List<Migration> migrations = new ArrayList<>();
        try (PreparedStatement statement = db.prepareStatement(MIGRATIONS)) {
            statement.setString(1, E4UpgradeJobConfiguration.JOB_NAME);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    long execution = rs.getLong(2);
                    Map<String, String> parameters = parameters(execution);
                    long[] moved = moved(moves.get(id), plannedByTenants == null ? null : plannedByTenants.get(id),
                            Boolean.parseBoolean(parameters.get(MigrationParameters.DRY_RUN)));
                    migrations.add(new Migration(id, execution, rs.getString(3),
                            parameters.getOrDefault(MigrationParameters.DRY_RUN, "-"), time(rs.getTimestamp(4)),
                            time(rs.getTimestamp(5)), moved == null ? null : moved[0], moved == null ? null : moved[1],
                            parameters.get(MigrationParameters.TENANTS_FILE),
                            parameters.get(MigrationParameters.USERS_FILE)));
                }
            }
        }
        return migrations;
    }

    /**
     * Users moved and users to move: a dry run moves none; a real run has moved those it
     * stored with a batch, of those its tenants count (or, on a database not yet at
     * version 9, of the moves its plan stored).
     */
    private static long[] moved(long[] stored, long[] toMove, boolean dryRun) {
        if (toMove == null) {
            return dryRun ? null : stored;
        }
        return new long[] { dryRun || stored == null ? 0 : stored[0], toMove[1] };
    }

    /**
     * Each migration's users to move by its tenants' counts, none moved; null on a
     * database the job has not upgraded to version 9 yet (the status command changes no
     * schema), where a dry run still stored its plan as moves.
     */
    private Map<Long, long[]> plannedByTenants() throws SQLException {
        List<String> migrating = Verdict.migrating();
        Map<Long, long[]> planned = new HashMap<>();
        try (PreparedStatement statement = db.prepareStatement(
                PLANNED_BY_TENANTS.formatted(String.join(", ", Collections.nCopies(migrating.size(), "?"))))) {
            for (int i = 0; i < migrating.size(); i++) {
                statement.setString(i + 1, migrating.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    planned.put(rs.getLong(1), new long[] { 0, rs.getLong(2) });
                }
            }
        }
        catch (SQLException e) {
            // H2: 42S22 (column not found); PostgreSQL: 42703 (undefined column)
            if ("42S22".equals(e.getSQLState()) || "42703".equals(e.getSQLState())) {
                return null;
            }
            throw e;
        }
        return planned;
    }

    private Map<String, String> parameters(long execution) throws SQLException {
        Map<String, String> parameters = new HashMap<>();
        try (PreparedStatement statement = db.prepareStatement(PARAMETERS)) {
            statement.setLong(1, execution);
            statement.setString(2, MigrationParameters.DRY_RUN);
            statement.setString(3, MigrationParameters.TENANTS_FILE);
            statement.setString(4, MigrationParameters.USERS_FILE);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    parameters.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return parameters;
    }

    List<StepLine> steps(long migration) throws SQLException {
        List<StepLine> steps = new ArrayList<>();
        try (PreparedStatement statement = db.prepareStatement(STEPS)) {
            statement.setLong(1, migration);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    steps.add(new StepLine(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getLong(5), time(rs.getTimestamp(6)), time(rs.getTimestamp(7))));
                }
            }
        }
        return steps;
    }

    /** PostgreSQL: whether a run holds the job's advisory lock now. */
    boolean runLockHeld(long advisoryKey) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(RUN_LOCK_HELD)) {
            statement.setLong(1, advisoryKey >>> 32);
            statement.setLong(2, advisoryKey & 0xFFFFFFFFL);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    private static LocalDateTime time(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toLocalDateTime();
    }

}
