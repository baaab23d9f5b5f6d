package com.m365.e4upgrade.job.schema;

import static com.m365.e4upgrade.job.schema.SchemaVersions.database;
import static com.m365.e4upgrade.job.schema.SchemaVersions.migrate;
import static com.m365.e4upgrade.job.schema.SchemaVersions.move;
import static com.m365.e4upgrade.job.schema.SchemaVersions.tenant;
import static com.m365.e4upgrade.job.schema.SchemaVersions.user;
import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Flyway version 9: the user import counts each tenant's holders the job cannot license
 * directly ({@code unlicensable_holders}), which the plan counted in
 * {@code skipped_users} before. A migration begun before it (one tenant planned and
 * partly moved, one not planned yet) keeps, for each tenant, the users the cancellation
 * step sees left on the source plan.
 */
@DisplayName("V9: tenants count the holders the plan skips")
class TenantsCountTheHoldersThePlanSkipsTests {

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = { "H2", "PostgreSQL" })
    void eachTenantKeepsItsUsersLeftOnTheSourcePlanWhereverTheMigrationWas(String database) {
        // given tenant 2 planned (two holders skipped by the plan) with one user a
        // gateway skipped, tenant 5 imported only; counted as version 8 counted them
        DataSource dataSource = database(database, "v9_counts");
        migrate(dataSource, "8");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        tenant(jdbc, 2, 3);
        user(jdbc, 2, 3, "u-a", "US", "DIRECT", true);
        user(jdbc, 2, 4, "u-b", null, "DIRECT", true);
        user(jdbc, 2, 5, "u-c", "FR", "GROUP", true);
        user(jdbc, 2, 6, "u-d", "FR", "DIRECT", true);
        user(jdbc, 2, 7, "u-e", null, "DIRECT", false);
        move(jdbc, 2, 3, "u-a", "REASSIGNED", null, 1);
        move(jdbc, 2, 4, "u-b", "SKIPPED", "USAGE_LOCATION_MISSING", null);
        move(jdbc, 2, 5, "u-c", "SKIPPED", "GROUP_LICENSE", null);
        move(jdbc, 2, 6, "u-d", "SKIPPED", "GRAPH_Request_BadRequest", 1);
        tenant(jdbc, 8, 0);
        user(jdbc, 8, 9, "u-f", " ", "DIRECT", true);
        user(jdbc, 8, 10, "u-g", "US", "DIRECT", true);

        // when the job's next version starts on it
        migrate(dataSource, "9");

        // then
        assertThat(counts(jdbc, 2)).isEqualTo("2 1");
        assertThat(counts(jdbc, 8)).isEqualTo("1 0");
    }

    /** unlicensable_holders and skipped_users of the tenant on that line. */
    private static String counts(JdbcTemplate jdbc, long line) {
        return jdbc.queryForObject(
                "SELECT unlicensable_holders, skipped_users FROM e4_tenant WHERE migration_id = 1 AND line_number = ?",
                (rs, n) -> rs.getInt(1) + " " + rs.getInt(2), line);
    }

}
