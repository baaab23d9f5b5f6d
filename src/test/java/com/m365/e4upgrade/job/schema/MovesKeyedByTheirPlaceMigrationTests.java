package com.m365.e4upgrade.job.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import javax.sql.DataSource;

import com.m365.e4upgrade.postgres.PostgresServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Flyway V8 keys each move by its user's place in the files instead of its ids. A
 * migration begun before it (moves planned, some already done) carries on with every move
 * as it was, on both databases the job runs on.
 */
@DisplayName("V8: moves keyed by their place in the files")
class MovesKeyedByTheirPlaceMigrationTests {

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = { "H2", "PostgreSQL" })
    void movesStoredBeforeTheVersionKeepTheirStatusBatchAndDetail(String database) {
        // given a migration half moved by version 7
        DataSource dataSource = database.equals("H2")
                ? new DriverManagerDataSource("jdbc:h2:mem:v8-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "")
                : PostgresServer.shared().superuser(PostgresServer.shared().createDatabase("v8 key").name());
        migrate(dataSource, "7");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        move(jdbc, 2, 3, "u-a", "REASSIGNED", null, 1);
        move(jdbc, 2, 4, "u-b", "SKIPPED", "USAGE_LOCATION_MISSING", null);
        move(jdbc, 5, 6, "u-c", "PLANNED", null, 2);

        // when the job's next version starts on it
        migrate(dataSource, null);

        // then
        assertThat(jdbc.query("""
                SELECT user_id, tenant_line, user_line, status, detail, batch FROM e4_reassignment
                WHERE migration_id = 1 ORDER BY migration_id, tenant_line, user_line""",
                (rs, n) -> String.join(" ", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        String.valueOf(rs.getString(5)), String.valueOf(rs.getString(6)))))
            .containsExactly("u-a 2 3 REASSIGNED null 1", "u-b 2 4 SKIPPED USAGE_LOCATION_MISSING null",
                    "u-c 5 6 PLANNED null 2");
        // a user's lines are the key: one line holds one user, so one move
        assertThatThrownBy(() -> move(jdbc, 5, 6, "u-d", "PLANNED", null, 3)).isInstanceOf(DuplicateKeyException.class);
    }

    private static void migrate(DataSource dataSource, String target) {
        var configuration = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
        (target == null ? configuration : configuration.target(target)).load().migrate();
    }

    private static void move(JdbcTemplate jdbc, long tenantLine, long userLine, String userId, String status,
            String detail, Integer batch) {
        jdbc.update("""
                INSERT INTO e4_reassignment (migration_id, tenant_id, user_id, written_tenant_id, written_user_id,
                    user_principal_name, from_sku, to_sku, disabled_plans, status, detail, batch, tenant_line,
                    user_line)
                VALUES (1, ?, ?, ?, ?, ?, 'ENTERPRISEWITHSCAL', 'SPE_E5', '', ?, ?, ?, ?, ?)""", "t" + tenantLine,
                userId, "T" + tenantLine, userId.toUpperCase(), userId + "@example.com", status, detail, batch,
                tenantLine, userLine);
    }

}
