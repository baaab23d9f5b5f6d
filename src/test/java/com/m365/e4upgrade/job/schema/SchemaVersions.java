package com.m365.e4upgrade.job.schema;

import java.util.UUID;

import javax.sql.DataSource;

import com.m365.e4upgrade.postgres.PostgresServer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * What the tests of a schema version start from: a new database of either kind the job
 * runs on, the job's versions up to one of them, and moves stored as a version left them.
 */
final class SchemaVersions {

    private SchemaVersions() {
    }

    /** A new empty database: "H2" (in memory) or "PostgreSQL" (the tests' server). */
    static DataSource database(String database, String name) {
        return database.equals("H2")
                ? new DriverManagerDataSource("jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                        "sa", "")
                : PostgresServer.shared().superuser(PostgresServer.shared().createDatabase(name).name());
    }

    /** The job's migrations up to that version (all without one). */
    static void migrate(DataSource dataSource, String target) {
        FluentConfiguration configuration = Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:db/migration")
            .javaMigrations(new MovesKeyedByTheirPlaceMigration());
        (target == null ? configuration : configuration.target(target)).load().migrate();
    }

    /**
     * A move of migration 1, its tenant "t" and its line, its ids written in upper case.
     */
    static void move(JdbcTemplate jdbc, long tenantLine, long userLine, String userId, String status, String detail,
            Integer batch) {
        jdbc.update("""
                INSERT INTO e4_reassignment (migration_id, tenant_id, user_id, written_tenant_id, written_user_id,
                    user_principal_name, from_sku, to_sku, disabled_plans, status, detail, batch, tenant_line,
                    user_line)
                VALUES (1, ?, ?, ?, ?, ?, 'ENTERPRISEWITHSCAL', 'SPE_E5', '', ?, ?, ?, ?, ?)""", "t" + tenantLine,
                userId, "T" + tenantLine, userId.toUpperCase(), userId + "@example.com", status, detail, batch,
                tenantLine, userLine);
    }

}
