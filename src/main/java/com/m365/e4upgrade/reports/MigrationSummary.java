package com.m365.e4upgrade.reports;

import java.util.LinkedHashMap;
import java.util.Map;

import com.m365.e4upgrade.licensing.LicenseGateway;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The counts summary.json holds and the console shows at the end of a run. */
public record MigrationSummary(long jobExecutionId, long migrationId, String status, boolean dryRun,
        Map<String, Long> tenantsByVerdict, Map<String, Long> usersByStatus, Map<String, Long> cancellationsByStatus,
        long rejectedRows, Map<String, Long> rejectedRowsByFile,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Number> graphRequests,
        @JsonInclude(JsonInclude.Include.NON_NULL) RunTimings timings) {

    /**
     * The same summary with the Microsoft Graph figures of the run (requests, retries,
     * throttled items, time waiting for quota, writes per second).
     */
    public MigrationSummary withGraphRequests(Map<String, Number> counters) {
        return new MigrationSummary(jobExecutionId, migrationId, status, dryRun, tenantsByVerdict, usersByStatus,
                cancellationsByStatus, rejectedRows, rejectedRowsByFile, counters, timings);
    }

    /**
     * The same summary with the gateway's own figures (counters, then rates), when it has
     * any. summary.json's key predates other remote gateways: scripts read it under this
     * name.
     */
    public MigrationSummary withGatewayFigures(LicenseGateway gateway) {
        Map<String, Number> figures = new LinkedHashMap<>(gateway.counters());
        figures.putAll(gateway.rates());
        return figures.isEmpty() ? this : withGraphRequests(figures);
    }

    /** The same summary with the run's start, end and durations, its steps' too. */
    public MigrationSummary withTimings(RunTimings runTimings) {
        return new MigrationSummary(jobExecutionId, migrationId, status, dryRun, tenantsByVerdict, usersByStatus,
                cancellationsByStatus, rejectedRows, rejectedRowsByFile, graphRequests, runTimings);
    }
}
