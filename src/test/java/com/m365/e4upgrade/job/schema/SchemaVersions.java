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
            .javaMigrations(new SpringBatchSchemaMigration(), new MovesKeyedByTheirPlaceMigration(),
                    new UsersKeyedByTheirPlaceMigration());
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

    /**
     * A migrating tenant of migration 1 on that line, its id "t" and its line (written in
     * upper case).
     */
    static void tenant(JdbcTemplate jdbc, long line, int skippedUsers) {
        jdbc.update("""
                INSERT INTO e4_tenant (migration_id, tenant_id, written_tenant_id, line_number, subscription_id,
                    source_sku, licenses, target_sku, target_licenses, target_status, purchase_channel, payment_method,
                    prepaid, sector, plans_for_product, unpaid_balance, credit_check_pending, upgrade_in_progress,
                    service_status, upgrade_eligible, temporarily_unavailable, verdict, skipped_users)
                VALUES (1, ?, ?, ?, 'sub', 'ENTERPRISEWITHSCAL', 100, 'SPE_E5', 100, 'ACTIVE', 'DIRECT',
                    'CREDIT_CARD', FALSE, 'COMMERCIAL', 1, 0, FALSE, FALSE, 'HEALTHY', TRUE, FALSE, 'MIGRATE', ?)""",
                "t" + line, "T" + line, line, skippedUsers);
    }

    /** A user of migration 1 in the tenant on that line. */
    static void user(JdbcTemplate jdbc, long tenantLine, long line, String userId, String usageLocation,
            String assignment, boolean holdsSource) {
        jdbc.update("""
                INSERT INTO e4_user (migration_id, tenant_id, written_tenant_id, user_id, written_user_id,
                    line_number, tenant_line, user_principal_name, licenses, usage_location, license_assignment,
                    disabled_plans, account_enabled, holds_source)
                VALUES (1, ?, ?, ?, ?, ?, ?, ?, 'ENTERPRISEWITHSCAL', ?, ?, NULL, TRUE, ?)""", "t" + tenantLine,
                "T" + tenantLine, userId, userId, line, tenantLine, userId + "@example.com", usageLocation, assignment,
                holdsSource);
    }

}
