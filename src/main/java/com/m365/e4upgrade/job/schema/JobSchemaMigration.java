package com.m365.e4upgrade.job.schema;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * A version of the job's schema written in Java, where SQL cannot say it once for H2 and
 * PostgreSQL: its number and description are given, not read from a class name, and it
 * runs in Flyway's transaction (where the database has transactional DDL).
 */
abstract class JobSchemaMigration implements JavaMigration {

    private final MigrationVersion version;

    private final String description;

    JobSchemaMigration(String version, String description) {
        this.version = MigrationVersion.fromVersion(version);
        this.description = description;
    }

    @Override
    public MigrationVersion getVersion() {
        return this.version;
    }

    @Override
    public String getDescription() {
        return this.description;
    }

    /** None: the statements depend on the database at hand, not on a script's text. */
    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

}
