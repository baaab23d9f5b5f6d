package com.m365.e4upgrade.job.schema;

import static com.m365.e4upgrade.job.schema.SchemaVersions.database;
import static com.m365.e4upgrade.job.schema.SchemaVersions.migrate;
import static com.m365.e4upgrade.job.schema.SchemaVersions.move;
import static com.m365.e4upgrade.job.schema.SchemaVersions.tenant;
import static com.m365.e4upgrade.job.schema.SchemaVersions.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.m365.e4upgrade.licensing.MoveOutcome;
import com.m365.e4upgrade.licensing.SkuCatalog;
import com.m365.e4upgrade.licensing.UserMove;
import com.m365.e4upgrade.reassignment.BatchToMove;
import com.m365.e4upgrade.reassignment.PlanRepository;
import com.m365.e4upgrade.reassignment.ReassignmentPlanner;
import com.m365.e4upgrade.reassignment.ReassignmentRepository;
import com.m365.e4upgrade.reassignment.WriteBatchReader;
import com.m365.e4upgrade.reassignment.WriteBatchRepository;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Flyway version 10: the plan numbers each tenant's write batches and stores no PLANNED
 * move; the moves make their batches from the users. A migration begun before it, its
 * moves half made, keeps the numbers its plan gave and makes the moves left, with those
 * numbers, once, and stores no skipped user its plan stored again.
 */
@DisplayName("V10: tenants number their write batches")
class TenantsNumberTheirWriteBatchesTests {

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = { "H2", "PostgreSQL" })
    void aMigrationHalfMovedBeforeTheVersionMakesTheMovesLeftWithTheNumbersItsPlanGave(String database)
            throws Exception {
        // given, planned two users a batch: tenant 2 in batches 1 (moved) and 2, a
        // holder skipped by the plan; tenant 7 without a batch (its holder skipped);
        // tenant 8 in batch 3; tenant 11 not planned yet
        DataSource dataSource = database(database, "v10_batches");
        migrate(dataSource, "9");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        tenant(jdbc, 2, 0);
        user(jdbc, 2, 3, "u-a", "US", "DIRECT", true);
        user(jdbc, 2, 4, "u-b", "US", "DIRECT", true);
        user(jdbc, 2, 5, "u-c", null, "DIRECT", true);
        user(jdbc, 2, 6, "u-d", "FR", "DIRECT", true);
        user(jdbc, 2, 7, "u-g", "FR", "GROUP", true);
        move(jdbc, 2, 3, "u-a", "REASSIGNED", null, 1);
        move(jdbc, 2, 4, "u-b", "REASSIGNED", null, 1);
        move(jdbc, 2, 5, "u-c", "SKIPPED", "USAGE_LOCATION_MISSING", null);
        move(jdbc, 2, 6, "u-d", "PLANNED", null, 2);
        move(jdbc, 2, 7, "u-g", "SKIPPED", "GROUP_LICENSE", null);
        tenant(jdbc, 7, 0);
        user(jdbc, 7, 8, "u-h", null, "DIRECT", true);
        move(jdbc, 7, 8, "u-h", "SKIPPED", "USAGE_LOCATION_MISSING", null);
        tenant(jdbc, 8, 0);
        user(jdbc, 8, 9, "u-e", "US", "DIRECT", true);
        move(jdbc, 8, 9, "u-e", "PLANNED", null, 3);
        tenant(jdbc, 11, 0);
        user(jdbc, 11, 12, "u-f", "US", "DIRECT", true);

        // when the job's next version starts on it
        migrate(dataSource, "10");

        // then
        assertThat(batches(jdbc, 2)).isEqualTo("1-2");
        assertThat(batches(jdbc, 7)).as("planned without a batch").isEqualTo("3-2");
        assertThat(batches(jdbc, 8)).isEqualTo("3-3");
        assertThat(batches(jdbc, 11)).as("not numbered yet").isEqualTo("null-null");
        assertThat(jdbc.queryForList("SELECT user_id FROM e4_reassignment ORDER BY user_line", String.class))
            .containsExactly("u-a", "u-b", "u-c", "u-g", "u-h");
        // and the moves left, made and stored, store no skipped user twice
        assertThat(madeAndStored(dataSource, 1, 3)).containsExactly("2 t2 [u-d] [u-g]", "3 t8 [u-e] []");
        assertThat(jdbc.queryForList("SELECT user_id || ' ' || status FROM e4_reassignment ORDER BY user_line",
                String.class))
            .containsExactly("u-a REASSIGNED", "u-b REASSIGNED", "u-c SKIPPED", "u-d REASSIGNED", "u-g SKIPPED",
                    "u-h SKIPPED", "u-e REASSIGNED");
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = { "H2", "PostgreSQL" })
    void aDryRunThatStoredItsPlanBeforeVersion9GetsNoBatchNumbersAndLosesItsPlannedMoves(String database) {
        // given a dry run of a version before 9, which stored its plan as moves
        DataSource dataSource = database(database, "v10_dry_run");
        migrate(dataSource, "9");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.update(
                "INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key) VALUES (1, 0, ?, 'k')",
                "e4UpgradeJob");
        jdbc.update("""
                INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time, status)
                VALUES (1, 0, 1, CURRENT_TIMESTAMP, 'COMPLETED')""");
        jdbc.update("""
                INSERT INTO batch_job_execution_params (job_execution_id, parameter_name, parameter_type,
                    parameter_value, identifying)
                VALUES (1, 'dry.run', 'java.lang.String', 'true', 'Y')""");
        tenant(jdbc, 2, 0);
        user(jdbc, 2, 3, "u-a", "US", "DIRECT", true);
        user(jdbc, 2, 4, "u-b", null, "DIRECT", true);
        move(jdbc, 2, 3, "u-a", "PLANNED", null, 1);
        move(jdbc, 2, 4, "u-b", "SKIPPED", "USAGE_LOCATION_MISSING", null);

        // when
        migrate(dataSource, "10");

        // then: it moves nobody, so the operator's query finds no user left in it
        assertThat(batches(jdbc, 2)).isEqualTo("null-null");
        assertThat(jdbc.queryForList("SELECT user_id FROM e4_reassignment", String.class)).containsExactly("u-b");
    }

    /** A tenant's first and last batches. */
    private static String batches(JdbcTemplate jdbc, long line) {
        return jdbc.queryForObject(
                "SELECT first_batch, last_batch FROM e4_tenant WHERE migration_id = 1 AND line_number = ?",
                (rs, n) -> rs.getObject(1) + "-" + rs.getObject(2), line);
    }

    /**
     * The write batches the moves make in that range, two users a batch, with the skipped
     * users that go with them, each stored as the moves store it.
     */
    private static List<String> madeAndStored(DataSource dataSource, int firstBatch, int lastBatch) throws Exception {
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(dataSource);
        ReassignmentRepository moves = new ReassignmentRepository(jdbc);
        WriteBatchReader reader = new WriteBatchReader(new PlanRepository(jdbc, dataSource),
                new WriteBatchRepository(jdbc), moves,
                new ReassignmentPlanner(SkuCatalog
                    .load(new ClassPathResource("catalog/product-names-and-service-plan-identifiers.csv"))),
                1, firstBatch, lastBatch, 2);
        List<String> made = new ArrayList<>();
        reader.open(new ExecutionContext());
        try {
            for (BatchToMove batch = reader.read(); batch != null; batch = reader.read()) {
                made.add(batch.batch().number() + " " + batch.batch().tenantId() + " "
                        + batch.batch().moves().stream().map(UserMove::userId).toList() + " "
                        + batch.skipped().stream().map(BatchToMove.Skipped::userId).toList());
                moves.store(batch,
                        batch.batch().moves().stream().map(move -> MoveOutcome.reassigned(move.userId())).toList());
                moves.storeSkipped(batch);
            }
        }
        finally {
            reader.close();
        }
        return made;
    }

}
