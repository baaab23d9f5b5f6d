package com.m365.e4upgrade.console.runs;

import java.time.LocalDateTime;
import java.util.List;

import com.m365.e4upgrade.reports.MigrationSummary;

/**
 * What the API and the pages show of one migration: the list's line, and with the details
 * its steps, the counts of summary.json, its audit trail and the reports there are.
 */
public final class MigrationView {

    private MigrationView() {
    }

    /**
     * A line of the migrations list.
     *
     * @param usersToMove users with a write batch (0 before the plan step)
     * @param percent how far the migration got: its steps done, the running one in part,
     * 100 once completed
     * @param startedBy the console account that started it, or "command line"
     * @param runningHere whether this console runs it now
     */
    public record Item(long id, long executionId, String status, boolean dryRun, String sourceSku, String tenantsFile,
            String usersFile, long usersMoved, long usersToMove, int percent, LocalDateTime started,
            LocalDateTime ended, String startedBy, boolean runningHere) {
    }

    /**
     * A step of the migration's timeline: the last execution of that step in any run of
     * the migration, with its progress where it reports some.
     *
     * @param unit what its progress counts (bytes, tenants, users), null for a step that
     * reports none
     * @param line the step's progress line, as the command line prints it, when this
     * console ran it
     */
    public record Step(String name, String status, String unit, Long done, Long total, int percent, String line,
            long readCount, long writeCount, LocalDateTime start, LocalDateTime end) {
    }

    /**
     * The whole of a migration.
     *
     * @param summary the counts of summary.json, as of now
     * @param exitDescription why its last run failed or stopped, if it did
     * @param reports the reports of the five that its output folder holds
     */
    public record Detail(Item migration, List<Step> steps, MigrationSummary summary, String exitDescription,
            List<ConsoleRepository.AuditEntry> audit, List<String> reports) {
    }

}
