package com.m365.e4upgrade.reassignment;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.m365.e4upgrade.batch.Cursors;
import com.m365.e4upgrade.input.TenantRowMapper;
import com.m365.e4upgrade.licensing.MoveOutcome;

import org.springframework.batch.infrastructure.item.database.JdbcBatchItemWriter;
import org.springframework.batch.infrastructure.item.database.builder.JdbcCursorItemReaderBuilder;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Every statement on {@code e4_reassignment}: one row per user move, PLANNED by the plan
 * step, then REASSIGNED or SKIPPED. Only PLANNED rows ever change, which makes every
 * write idempotent.
 */
@Repository
public class ReassignmentRepository {

    private final NamedParameterJdbcTemplate jdbc;

    private final DataSource dataSource;

    public ReassignmentRepository(NamedParameterJdbcTemplate jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    /**
     * The moves still PLANNED in that range of batches, in batch order, in one streaming
     * query: page queries would each walk the index again. The index holds the batch, not
     * the status (an outcome then rewrites the row alone), so a restarted partition
     * passes over the moves of its range already done. The ORDER BY starts with the
     * column the query fixes, so the index is read in order instead of the result being
     * sorted. Not read lazily on H2 ({@code H2LazyResults}): with it, a run resumed after
     * a kill failed once closing a partition while the other wrote its moves.
     */
    public JdbcCursorItemReaderBuilder<Reassignment> planned(long migrationId, int firstBatch, int lastBatch) {
        return Cursors.query("plannedMoves", dataSource, """
                SELECT tenant_id, user_id, user_principal_name, from_sku, to_sku, disabled_plans, batch
                FROM e4_reassignment
                WHERE migration_id = :migrationId AND batch BETWEEN :firstBatch AND :lastBatch AND status = :planned
                ORDER BY migration_id, batch, user_id""",
                Map.of("migrationId", migrationId, "planned", Reassignment.Status.PLANNED.name(), "firstBatch",
                        firstBatch, "lastBatch", lastBatch),
                (rs, rowNum) -> new Reassignment(rs.getString("tenant_id"), rs.getString("user_id"),
                        rs.getString("user_principal_name"), rs.getString("from_sku"), rs.getString("to_sku"),
                        TenantRowMapper.list(rs.getString("disabled_plans")), Reassignment.Status.PLANNED, null,
                        rs.getInt("batch")));
    }

    /**
     * Each user's outcome, on PLANNED rows only: a batch replayed after a crash counts no
     * one twice. A move is found by its batch and user, in the batch index: the outcomes
     * of a batch are written where its moves were read.
     * @return the users this call marked SKIPPED (a driver that does not say whether a
     * row changed counts it: a user counted on the source plan keeps its subscription)
     */
    public long recordOutcomes(long migrationId, int batch, List<MoveOutcome> outcomes) {
        // by position: no parameter map per user
        int[][] changed = jdbc.getJdbcOperations()
            .batchUpdate(
                    "UPDATE e4_reassignment SET status = ?, detail = ? "
                            + "WHERE migration_id = ? AND batch = ? AND user_id = ? AND status = ?",
                    outcomes, outcomes.size(), (statement, outcome) -> {
                        statement.setString(1, outcome.status().name());
                        statement.setString(2, outcome.detail());
                        statement.setLong(3, migrationId);
                        statement.setInt(4, batch);
                        statement.setString(5, outcome.userId());
                        statement.setString(6, Reassignment.Status.PLANNED.name());
                    });
        long skipped = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i).status() == MoveOutcome.Status.SKIPPED && changed[0][i] != 0) {
                skipped++;
            }
        }
        return skipped;
    }

    /**
     * The last batch of the tenant that batch belongs to: two index probes, the batch's
     * tenant line by the batch index, then its moves by the primary key.
     */
    public int lastBatchOfTheTenantOf(long migrationId, int batch) {
        return jdbc.queryForObject("""
                SELECT MAX(batch) FROM e4_reassignment
                WHERE migration_id = :migrationId AND tenant_line = (
                    SELECT tenant_line FROM e4_reassignment WHERE migration_id = :migrationId AND batch = :batch
                    FETCH FIRST 1 ROWS ONLY)""",
                new MapSqlParameterSource("migrationId", migrationId).addValue("batch", batch), Integer.class);
    }

    /**
     * The highest batch number: one probe at the end of the batch index (MAX would read
     * the whole index, half a second at a million users).
     */
    public int lastBatch(long migrationId) {
        List<Integer> last = jdbc.queryForList("""
                SELECT batch FROM e4_reassignment WHERE migration_id = :migrationId AND batch IS NOT NULL
                ORDER BY migration_id DESC, batch DESC FETCH FIRST 1 ROWS ONLY""",
                new MapSqlParameterSource("migrationId", migrationId), Integer.class);
        return last.isEmpty() ? 0 : last.get(0);
    }

    /** The users planned so far, skipped ones included. */
    public long count(long migrationId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM e4_reassignment WHERE migration_id = :migrationId",
                new MapSqlParameterSource("migrationId", migrationId), Long.class);
    }

    /**
     * The users the plan skipped: the rows without a batch. Before the moves first run,
     * they are every row not PLANNED, read from the batch index alone.
     */
    public long countSkippedByThePlan(long migrationId) {
        return jdbc.queryForObject(
                "SELECT COUNT(*) FROM e4_reassignment WHERE migration_id = :migrationId AND batch IS NULL",
                new MapSqlParameterSource("migrationId", migrationId), Long.class);
    }

    /**
     * The users whose move is settled (or who were skipped): every row not PLANNED. It
     * reads every row (2.3 s at a million users).
     */
    public long countNotPlanned(long migrationId) {
        return jdbc.queryForObject(
                "SELECT COUNT(*) FROM e4_reassignment WHERE migration_id = :migrationId AND status <> :planned",
                new MapSqlParameterSource("migrationId", migrationId).addValue("planned",
                        Reassignment.Status.PLANNED.name()),
                Long.class);
    }

}
