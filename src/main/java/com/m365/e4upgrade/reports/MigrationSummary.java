package com.m365.e4upgrade.reports;

import java.util.Map;

/** The counts summary.json holds and the console shows at the end of a run. */
public record MigrationSummary(
        long jobExecutionId,
        long migrationId,
        String status,
        boolean dryRun,
        Map<String, Long> tenantsByVerdict,
        Map<String, Long> usersByStatus,
        Map<String, Long> cancellationsByStatus,
        long rejectedRows,
        Map<String, Long> rejectedRowsByFile) {
}
