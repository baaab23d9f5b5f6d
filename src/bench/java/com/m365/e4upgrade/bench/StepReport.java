package com.m365.e4upgrade.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the step timings of the job's last execution from its Spring Batch tables, with items/s
 * per step. The reassign step's items are write batches (up to 20 users), so its users/s is
 * computed from the REASSIGNED rows; the plan step's items are tenants, so its users/s is computed
 * from the rows it stored. Run it after the job ended: H2 locks the file while the job runs.
 *
 * <pre>
 * StepReport --url=jdbc:h2:file:RUN_DIR/data/e4-upgrade [--tsv=FILE]
 * </pre>
 */
public final class StepReport {

    private StepReport() {
    }

    public static void main(String[] args) throws SQLException, IOException {
        Map<String, String> options = BenchArgs.parse(args, "url", "tsv");
        String url = BenchArgs.required(options, "url");
        StringBuilder tsv = new StringBuilder("step\tstatus\tseconds\tread\twrite\tcommits\titems_per_s\tusers\tusers_per_s\n");
        try (Connection c = DriverManager.getConnection(url + ";ACCESS_MODE_DATA=r", "sa", "");
             Statement st = c.createStatement()) {
            long jobExecutionId;
            String jobLine;
            try (ResultSet rs = st.executeQuery("""
                    SELECT JOB_EXECUTION_ID, STATUS, EXIT_CODE, START_TIME, END_TIME FROM BATCH_JOB_EXECUTION
                    ORDER BY JOB_EXECUTION_ID DESC LIMIT 1""")) {
                if (!rs.next()) {
                    System.out.println("no job execution in " + url);
                    return;
                }
                jobExecutionId = rs.getLong(1);
                jobLine = String.format(Locale.ROOT, "job execution %d: %s/%s, %.2f s from first to last step",
                        jobExecutionId, rs.getString(2), rs.getString(3), seconds(rs.getTimestamp(4), rs.getTimestamp(5)));
            }
            long reassigned = 0;
            long planned = 0;
            try (ResultSet rs = st.executeQuery("""
                    SELECT COUNT(CASE WHEN status = 'REASSIGNED' THEN 1 END), COUNT(*) FROM e4_reassignment""")) {
                if (rs.next()) {
                    reassigned = rs.getLong(1);
                    planned = rs.getLong(2);
                }
            }
            System.out.println(jobLine);
            System.out.printf(Locale.ROOT, "  %-30s %-10s %9s %10s %10s %8s %11s %11s%n", "step", "status", "seconds",
                    "read", "write", "commits", "items/s", "users/s");
            try (ResultSet rs = st.executeQuery("""
                    SELECT STEP_NAME, STATUS, START_TIME, END_TIME, READ_COUNT, WRITE_COUNT, COMMIT_COUNT
                    FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = %d ORDER BY STEP_EXECUTION_ID"""
                    .formatted(jobExecutionId))) {
                while (rs.next()) {
                    String step = rs.getString(1);
                    double seconds = seconds(rs.getTimestamp(3), rs.getTimestamp(4));
                    long read = rs.getLong(5);
                    long write = rs.getLong(6);
                    long items = Math.max(read, write);
                    // steps whose items are users: their users/s; reassign: REASSIGNED users per second;
                    // plan (items are tenants): the rows it stored
                    long users = switch (step) {
                        case "importUsers", "reassignmentsReport" -> items;
                        case "plan" -> planned;
                        case "reassign" -> reassigned;
                        default -> 0;
                    };
                    double itemsPerSecond = seconds > 0 ? items / seconds : 0;
                    double usersPerSecond = seconds > 0 && users > 0 ? users / seconds : 0;
                    System.out.printf(Locale.ROOT, "  %-30s %-10s %9.2f %,10d %,10d %,8d %,11.0f %11s%n", step,
                            rs.getString(2), seconds, read, write, rs.getLong(7), itemsPerSecond,
                            users > 0 ? String.format(Locale.ROOT, "%,.0f", usersPerSecond) : "-");
                    tsv.append(String.join("\t", step, rs.getString(2), String.format(Locale.ROOT, "%.2f", seconds),
                            Long.toString(read), Long.toString(write), Long.toString(rs.getLong(7)),
                            String.format(Locale.ROOT, "%.0f", itemsPerSecond), Long.toString(users),
                            String.format(Locale.ROOT, "%.0f", usersPerSecond))).append('\n');
                }
            }
        }
        if (options.containsKey("tsv")) {
            Files.writeString(Path.of(options.get("tsv")), tsv, StandardCharsets.UTF_8);
        }
    }

    /** A step still running (or killed) has no end time: measured up to now. */
    private static double seconds(Timestamp start, Timestamp end) {
        if (start == null) {
            return 0;
        }
        long until = end == null ? System.currentTimeMillis() : end.getTime();
        return (until - start.getTime()) / 1000.0;
    }
}
