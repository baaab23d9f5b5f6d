package com.m365.e4upgrade.reassignment;

import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.m365.e4upgrade.licensing.MoveOutcome;
import com.m365.e4upgrade.licensing.UserMove;
import com.m365.e4upgrade.licensing.WriteBatch;
import com.m365.e4upgrade.reassignment.BatchToMove.Place;
import com.m365.e4upgrade.reassignment.BatchToMove.Skipped;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Every statement on {@code e4_reassignment} but the plan's: one row per user move,
 * stored with its outcome, REASSIGNED or SKIPPED, in the transaction of the chunk that
 * made it, with the users of the same tenant the plan skips read with it (the plan step
 * stores those of the tenants without a batch). A move is stored once: a partition goes
 * on after the last batch it stored.
 */
@Repository
public class ReassignmentRepository {

    private static final String INSERT = """
            INSERT INTO e4_reassignment (migration_id, tenant_id, user_id, user_principal_name, from_sku, to_sku,
                disabled_plans, status, detail, batch, tenant_line, user_line, written_tenant_id, written_user_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final NamedParameterJdbcTemplate jdbc;

    public ReassignmentRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores each user's move of the batch with its outcome.
     * @return the users the gateway skipped
     */
    public long store(BatchToMove planned, List<MoveOutcome> outcomes) {
        WriteBatch batch = planned.batch();
        Map<String, MoveOutcome> byUser = new HashMap<>();
        outcomes.forEach(outcome -> byUser.put(outcome.userId(), outcome));
        long skipped = 0;
        Object[][] rows = new Object[batch.moves().size()][];
        for (int i = 0; i < rows.length; i++) {
            UserMove move = batch.moves().get(i);
            Place place = planned.users().get(i);
            MoveOutcome outcome = byUser.get(move.userId());
            if (outcome == null) {
                throw new IllegalStateException("The gateway gave no outcome for user " + place.writtenUserId()
                        + " of write batch " + batch.number());
            }
            if (outcome.status() == MoveOutcome.Status.SKIPPED) {
                skipped++;
            }
            rows[i] = new Object[] { batch.migrationId(), batch.tenantId(), move.userId(), move.userPrincipalName(),
                    batch.fromSku(), batch.toSku(), String.join("|", move.keptDisabledPlans()), outcome.status().name(),
                    outcome.detail(), batch.number(), planned.batch().tenantLine(), place.line(),
                    place.writtenTenantId(), place.writtenUserId() };
        }
        // by position: no parameter map per user
        jdbc.getJdbcOperations().batchUpdate(INSERT, List.of(rows));
        return skipped;
    }

    /**
     * Stores the users of the batch's tenant the plan skips that go with it, SKIPPED with
     * the plan's detail and no batch, but those stored already: a database planned before
     * version 10 stored them with the plan.
     * @return the users stored
     */
    public int storeSkipped(BatchToMove planned) {
        if (planned.skipped().isEmpty()) {
            return 0;
        }
        WriteBatch batch = planned.batch();
        Set<Long> stored = new HashSet<>(jdbc.queryForList("""
                SELECT user_line FROM e4_reassignment
                WHERE migration_id = :migrationId AND tenant_line = :tenantLine AND batch IS NULL""",
                new MapSqlParameterSource("migrationId", batch.migrationId()).addValue("tenantLine",
                        planned.batch().tenantLine()),
                Long.class));
        List<Object[]> rows = new ArrayList<>();
        for (Skipped user : planned.skipped()) {
            if (!stored.contains(user.place().line())) {
                rows.add(new Object[] { batch.migrationId(), batch.tenantId(), user.userId(), user.userPrincipalName(),
                        batch.fromSku(), batch.toSku(), String.join("|", user.disabledPlans()),
                        Reassignment.Status.SKIPPED.name(), user.detail(), null, planned.batch().tenantLine(),
                        user.place().line(), user.place().writtenTenantId(), user.place().writtenUserId() });
            }
        }
        if (!rows.isEmpty()) {
            jdbc.getJdbcOperations()
                .batchUpdate(INSERT, rows,
                        new int[] { Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
                                Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.INTEGER, Types.BIGINT,
                                Types.BIGINT, Types.VARCHAR, Types.VARCHAR });
        }
        return rows.size();
    }

    /**
     * The highest batch stored among the tenants of those lines: batches follow the
     * tenants' lines, so it is the batch of the last move with one in the key's order, a
     * probe at the range's end of the key passing over the few moves the plan skipped.
     */
    public Optional<Integer> lastBatchStored(long migrationId, long firstTenantLine, long lastTenantLine) {
        return jdbc
            .queryForList("""
                    SELECT batch FROM e4_reassignment
                    WHERE migration_id = :migrationId AND tenant_line BETWEEN :firstTenantLine AND :lastTenantLine
                      AND batch IS NOT NULL
                    ORDER BY migration_id DESC, tenant_line DESC, user_line DESC FETCH FIRST 1 ROWS ONLY""",
                    new MapSqlParameterSource("migrationId", migrationId).addValue("firstTenantLine", firstTenantLine)
                        .addValue("lastTenantLine", lastTenantLine),
                    Integer.class)
            .stream()
            .findFirst();
    }

    /**
     * The moves stored with a write batch so far: the users moved (REASSIGNED, or SKIPPED
     * by the gateway).
     */
    public long countMoved(long migrationId) {
        return jdbc.queryForObject(
                "SELECT COUNT(*) FROM e4_reassignment WHERE migration_id = :migrationId AND batch IS NOT NULL",
                new MapSqlParameterSource("migrationId", migrationId), Long.class);
    }

}
