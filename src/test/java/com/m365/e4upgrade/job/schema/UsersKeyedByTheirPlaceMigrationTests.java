package com.m365.e4upgrade.job.schema;

import static com.m365.e4upgrade.job.schema.SchemaVersions.database;
import static com.m365.e4upgrade.job.schema.SchemaVersions.migrate;
import static com.m365.e4upgrade.job.schema.SchemaVersions.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Flyway version 11 ({@link UsersKeyedByTheirPlaceMigration}) keys each user by its place
 * in the files and keeps it unique in its tenant by the tenant's line. A migration
 * imported before it keeps its users, and a user_id stored twice in a tenant is refused
 * as before, on both databases the job runs on.
 */
@DisplayName("V11: users keyed by their place in the files")
class UsersKeyedByTheirPlaceMigrationTests {

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = { "H2", "PostgreSQL" })
    void usersImportedBeforeTheVersionStayAndAUserIdIsStillUniqueInItsTenant(String database) {
        // given
        DataSource dataSource = importedByVersion10(database);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);

        // when the job's next version starts on it
        migrate(dataSource, "11");

        // then
        assertThat(users(jdbc)).containsExactly("2 3 u-a", "2 4 u-b", "5 6 u-a");
        assertThatThrownBy(() -> user(jdbc, 2, 7, "u-b", "US", "DIRECT", true)).as("a user_id stored twice in a tenant")
            .isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> user(jdbc, 5, 6, "u-z", "US", "DIRECT", true)).as("a line stored twice")
            .isInstanceOf(DuplicateKeyException.class);
        user(jdbc, 5, 7, "u-b", "US", "DIRECT", true);
        assertThat(users(jdbc)).hasSize(4);
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = { "H2", "PostgreSQL" })
    void aStartKilledAfterTheOldKeyWasDroppedFinishesTheVersionAtTheNextStart(String database) {
        // given version 11 stopped after its second statement (H2 commits each DDL
        // statement)
        DataSource dataSource = importedByVersion10(database);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE UNIQUE INDEX e4_user_in_its_tenant ON e4_user (migration_id, tenant_line, user_id)");
        jdbc.execute(database.equals("H2") ? "ALTER TABLE e4_user DROP PRIMARY KEY"
                : "ALTER TABLE e4_user DROP CONSTRAINT e4_user_pkey");

        // when
        migrate(dataSource, "11");

        // then
        assertThat(users(jdbc)).hasSize(3);
        assertThatThrownBy(() -> user(jdbc, 5, 6, "u-z", "US", "DIRECT", true))
            .isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> user(jdbc, 5, 8, "u-a", "US", "DIRECT", true))
            .isInstanceOf(DuplicateKeyException.class);
    }

    /** Users of two tenants imported when the job's schema was at version 10. */
    private static DataSource importedByVersion10(String database) {
        DataSource dataSource = database(database, "v11_key");
        migrate(dataSource, "10");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        user(jdbc, 2, 3, "u-a", "US", "DIRECT", true);
        user(jdbc, 2, 4, "u-b", null, "DIRECT", true);
        user(jdbc, 5, 6, "u-a", "FR", "GROUP", false);
        return dataSource;
    }

    private static List<String> users(JdbcTemplate jdbc) {
        return jdbc.query("""
                SELECT tenant_line, line_number, user_id FROM e4_user
                WHERE migration_id = 1 ORDER BY migration_id, tenant_line, line_number""",
                (rs, n) -> String.join(" ", rs.getString(1), rs.getString(2), rs.getString(3)));
    }

}
