package com.m365.e4upgrade.job;

import java.util.List;

/**
 * What a running job publishes beside its H2 file, for the {@code status} command, which
 * cannot open the file while the run holds it: the migration, the run and each step so
 * far. Times are local date-times (ISO), as the job repository holds them.
 */
public record RunSnapshot(long migrationId, long execution, long pid, String status, boolean dryRun, String tenantsFile,
        String usersFile, String startTime, String updatedAt, List<Step> steps) {

    /** One step execution of the run, partitions included. */
    public record Step(String name, String status, long read, long written, String startTime, String endTime) {
    }

}
