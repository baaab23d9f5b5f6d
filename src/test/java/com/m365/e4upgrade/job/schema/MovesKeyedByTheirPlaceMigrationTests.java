package com.m365.e4upgrade.job.schema;

import static com.m365.e4upgrade.job.schema.SchemaVersions.database;
import static com.m365.e4upgrade.job.schema.SchemaVersions.migrate;
import static com.m365.e4upgrade.job.schema.SchemaVersions.move;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import javax.sql.DataSource;

import com.m365.e4upgrade.postgres.PostgresServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Flyway version 8 ({@link MovesKeyedByTheirPlaceMigration}) keys each move by its user's
 * place in the files instead of its ids. A migration begun before it (moves planned, some
 * already done) carries on with every move as it was, on both databases the job runs on.
 */
@DisplayName("V8: moves keyed by their place in the files")
class MovesKeyedByTheirPlaceMigrationTests {

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = { "H2", "PostgreSQL" })
    void movesStoredBeforeTheVersionKeepTheirStatusBatchAndDetail(String database) {
        // given
        DataSource dataSource = halfMovedByVersion7(database);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);

        // when the job's next version starts on it
        migrate(dataSource, "8");

        // then
        assertThat(moves(jdbc)).containsExactly("u-a 2 3 REASSIGNED null 1",
                "u-b 2 4 SKIPPED USAGE_LOCATION_MISSING null", "u-c 5 6 PLANNED null 2");
        // a user's lines are the key: one line holds one user, so one move
        assertThatThrownBy(() -> move(jdbc, 5, 6, "u-d", "PLANNED", null, 3)).isInstanceOf(DuplicateKeyException.class);
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = { "H2", "PostgreSQL" })
    void aStartKilledAfterTheOldKeyWasDroppedFinishesTheVersionAtTheNextStart(String database) {
        // given version 8 stopped after its first statement (H2 commits each DDL
        // statement)
        DataSource dataSource = halfMovedByVersion7(database);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute(database.equals("H2") ? "ALTER TABLE e4_reassignment DROP PRIMARY KEY"
                : "ALTER TABLE e4_reassignment DROP CONSTRAINT e4_reassignment_pkey");

        // when
        migrate(dataSource, "8");

        // then
        assertThat(moves(jdbc)).hasSize(3);
        assertThatThrownBy(() -> move(jdbc, 5, 6, "u-d", "PLANNED", null, 3)).isInstanceOf(DuplicateKeyException.class);
    }

    /**
     * The key changes in place: a DBA who granted the job's role its rights on the tables
     * (README, "Privileges") need not grant them again after an upgrade.
     */
    @Test
    void onPostgresqlTheJobsRoleKeepsItsRightsOnTheMoves() {
        // given
        PostgresServer server = PostgresServer.shared();
        DataSource owner = server.superuser(server.createDatabase("v8 grants").name());
        migrate(owner, "7");
        JdbcTemplate jdbc = new JdbcTemplate(owner);
        jdbc.execute("GRANT SELECT, INSERT, UPDATE ON e4_reassignment TO " + PostgresServer.JOB_ROLE);

        // when
        migrate(owner, null);

        // then
        assertThat(List.of("SELECT", "INSERT", "UPDATE")).allSatisfy(
                privilege -> assertThat(jdbc.queryForObject("SELECT has_table_privilege(?, 'e4_reassignment', ?)",
                        Boolean.class, PostgresServer.JOB_ROLE, privilege))
                    .as(privilege)
                    .isTrue());
    }

    /** A migration half moved when the job's schema was at version 7. */
    private static DataSource halfMovedByVersion7(String database) {
        DataSource dataSource = database(database, "v8_key");
        migrate(dataSource, "7");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        move(jdbc, 2, 3, "u-a", "REASSIGNED", null, 1);
        move(jdbc, 2, 4, "u-b", "SKIPPED", "USAGE_LOCATION_MISSING", null);
        move(jdbc, 5, 6, "u-c", "PLANNED", null, 2);
        return dataSource;
    }

    private static List<String> moves(JdbcTemplate jdbc) {
        return jdbc.query("""
                SELECT user_id, tenant_line, user_line, status, detail, batch FROM e4_reassignment
                WHERE migration_id = 1 ORDER BY migration_id, tenant_line, user_line""",
                (rs, n) -> String.join(" ", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        String.valueOf(rs.getString(5)), String.valueOf(rs.getString(6))));
    }

}
