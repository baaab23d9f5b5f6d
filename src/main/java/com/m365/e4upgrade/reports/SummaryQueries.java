package com.m365.e4upgrade.reports;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.m365.e4upgrade.cancellation.Cancellation;
import com.m365.e4upgrade.eligibility.Verdict;
import com.m365.e4upgrade.reassignment.Reassignment;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Counts a migration's outcome from the database, so the summary is right after any
 * restart.
 */
public class SummaryQueries {

    private final NamedParameterJdbcTemplate jdbc;

    public SummaryQueries(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public MigrationSummary summarize(long jobExecutionId, long migrationId, String status, boolean dryRun) {
        return summarize(jobExecutionId, migrationId, status, dryRun, Optional.empty());
    }

    /**
     * A run's summary at its end: its users by status as its reassignments report counted
     * them, when that report completed in this run ({@link UsersByStatus}).
     */
    public MigrationSummary summarize(JobExecution execution, boolean dryRun) {
        return summarize(execution.getId(), execution.getJobInstanceId(), execution.getStatus().name(), dryRun,
                UsersByStatus.of(execution, ReportStepsConfiguration.REASSIGNMENTS_REPORT));
    }

    /**
     * @param usersCounted the users by status as the reassignments report counted them in
     * this run, if it wrote them all; otherwise they are counted here
     */
    private MigrationSummary summarize(long jobExecutionId, long migrationId, String status, boolean dryRun,
            Optional<Map<String, Long>> usersCounted) {
        Map<String, Long> tenants = counts(migrationId,
                "SELECT verdict, COUNT(*) FROM e4_tenant WHERE migration_id = :m AND verdict IS NOT NULL GROUP BY verdict",
                names(Verdict.values()));
        List<String> userStatuses = dryRun ? List.of("PLANNED", "SKIPPED") : List.of("REASSIGNED", "SKIPPED");
        Map<String, Long> users = usersCounted.map(counted -> withEvery(userStatuses, counted))
            .orElseGet(() -> dryRun ? plannedByTheTenants(migrationId) : storedAndLeft(migrationId, userStatuses));
        Map<String, Long> cancellations = counts(migrationId,
                "SELECT status, COUNT(*) FROM e4_cancellation WHERE migration_id = :m GROUP BY status",
                dryRun ? List.of(Cancellation.Status.WOULD_CANCEL.name(), Cancellation.Status.KEPT.name())
                        : List.of(Cancellation.Status.CANCELLED.name(), Cancellation.Status.READY_TO_CANCEL.name(),
                                Cancellation.Status.KEPT.name()));
        Map<String, Long> rejects = counts(migrationId,
                "SELECT file_name, COUNT(*) FROM e4_reject WHERE migration_id = :m GROUP BY file_name",
                List.of("tenants.csv", "users.csv"));
        long rejected = rejects.values().stream().mapToLong(Long::longValue).sum();
        return new MigrationSummary(jobExecutionId, migrationId, status, dryRun, tenants, users, cancellations,
                rejected, rejects, null, null);
    }

    /**
     * A real run's users by the status of their stored moves, and those not stored yet (a
     * run that stopped or failed): PLANNED the users left to move, and SKIPPED too the
     * users the plan skips whose moves are not stored yet, as the tenants count them.
     */
    private Map<String, Long> storedAndLeft(long migrationId, List<String> userStatuses) {
        Map<String, Long> users = counts(migrationId,
                "SELECT status, COUNT(*) FROM e4_reassignment WHERE migration_id = :m GROUP BY status", userStatuses);
        Map<String, Long> planned = plannedByTheTenants(migrationId);
        jdbc.query("SELECT COUNT(batch), COUNT(*) - COUNT(batch) FROM e4_reassignment WHERE migration_id = :m",
                new MapSqlParameterSource("m", migrationId), rs -> {
                    long skipsLeft = planned.get(Reassignment.Status.SKIPPED.name()) - rs.getLong(2);
                    if (skipsLeft > 0) {
                        users.merge(Reassignment.Status.SKIPPED.name(), skipsLeft, Long::sum);
                    }
                    long movesLeft = planned.get(Reassignment.Status.PLANNED.name()) - rs.getLong(1);
                    if (movesLeft > 0) {
                        users.put(Reassignment.Status.PLANNED.name(), movesLeft);
                    }
                });
        return users;
    }

    /**
     * A dry run's users by status (PLANNED, SKIPPED) without its report: it stores no
     * moves, and its plan holds every source-plan holder of the migrating tenants,
     * skipped when the job cannot license them directly; the tenants count both.
     */
    public Map<String, Long> plannedByTheTenants(long migrationId) {
        return jdbc.queryForObject("""
                SELECT COALESCE(SUM(source_holders - unlicensable_holders), 0), COALESCE(SUM(unlicensable_holders), 0)
                FROM e4_tenant WHERE migration_id = :m AND verdict IN (:verdicts)""",
                new MapSqlParameterSource("m", migrationId).addValue("verdicts", Verdict.migrating()), (rs, rowNum) -> {
                    Map<String, Long> users = new LinkedHashMap<>();
                    users.put(Reassignment.Status.PLANNED.name(), rs.getLong(1));
                    users.put(Reassignment.Status.SKIPPED.name(), rs.getLong(2));
                    return users;
                });
    }

    /**
     * Every expected key appears, with 0 when nothing has it, then anything else the
     * query found.
     */
    private Map<String, Long> counts(long migrationId, String sql, List<String> expectedKeys) {
        Map<String, Long> found = new LinkedHashMap<>();
        jdbc.query(sql, new MapSqlParameterSource("m", migrationId), rs -> {
            found.put(rs.getString(1), rs.getLong(2));
        });
        return withEvery(expectedKeys, found);
    }

    /** Every expected key, with 0 when absent, then the others as found. */
    private static Map<String, Long> withEvery(List<String> expectedKeys, Map<String, Long> found) {
        Map<String, Long> counts = new LinkedHashMap<>();
        expectedKeys.forEach(key -> counts.put(key, 0L));
        counts.putAll(found);
        return counts;
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

}
