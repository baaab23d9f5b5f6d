package com.m365.e4upgrade.rollback;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.m365.e4upgrade.batch.Cursors;
import com.m365.e4upgrade.cancellation.Cancellation;
import com.m365.e4upgrade.licensing.MoveOutcome;
import com.m365.e4upgrade.reassignment.Reassignment;

import org.springframework.batch.infrastructure.item.database.builder.JdbcCursorItemReaderBuilder;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

/**
 * Every statement on {@code e4_rollback}: one row per user a rollback puts back on the
 * source plan, PLANNED, then ROLLED_BACK or SKIPPED. Only PLANNED rows ever change, so a
 * batch replayed after a crash counts no one twice.
 */
@Repository
public class RollbackRepository {

    private final NamedParameterJdbcTemplate jdbc;

    private final DataSource dataSource;

    public RollbackRepository(NamedParameterJdbcTemplate jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    /**
     * Plans every user the migration moved in those tenants and no earlier rollback
     * planned: PLANNED, or SKIPPED when the tenant's source subscription was cancelled
     * (there is nothing to go back to). The disabled plans are the user's own, as
     * imported.
     * @return the rows planned now
     */
    public int plan(long migrationId, boolean dryRun, Collection<String> tenantIds) {
        return jdbc.update(
                """
                        INSERT INTO e4_rollback (migration_id, dry_run, tenant_id, user_id, written_tenant_id, written_user_id,
                            user_principal_name, from_sku, to_sku, disabled_plans, status, detail, batch, tenant_line, user_line)
                        SELECT r.migration_id, :dryRun, r.tenant_id, r.user_id, r.written_tenant_id, r.written_user_id,
                               r.user_principal_name, r.to_sku, r.from_sku, COALESCE(u.imported_disabled_plans, u.disabled_plans),
                               CASE WHEN c.status = :cancelled THEN :skipped ELSE :planned END,
                               CASE WHEN c.status = :cancelled THEN :sourceCancelled END,
                               NULL, r.tenant_line, r.user_line
                        FROM e4_reassignment r
                        JOIN e4_user u ON u.migration_id = r.migration_id AND u.tenant_line = r.tenant_line AND u.line_number = r.user_line
                        LEFT JOIN e4_cancellation c ON c.migration_id = r.migration_id AND c.tenant_id = r.tenant_id
                        WHERE r.migration_id = :migrationId AND r.status = :reassigned
                          AND r.tenant_line IN (SELECT t.line_number FROM e4_tenant t
                                                WHERE t.migration_id = :migrationId AND t.tenant_id IN (:tenantIds))
                          AND NOT EXISTS (SELECT 1 FROM e4_rollback b
                                          WHERE b.migration_id = r.migration_id AND b.dry_run = :dryRun
                                            AND b.tenant_id = r.tenant_id AND b.user_id = r.user_id)""",
                new MapSqlParameterSource("migrationId", migrationId).addValue("dryRun", dryRun)
                    .addValue("tenantIds", tenantIds)
                    .addValue("reassigned", Reassignment.Status.REASSIGNED.name())
                    .addValue("cancelled", Cancellation.Status.CANCELLED.name())
                    .addValue("skipped", RollbackStatus.SKIPPED.name())
                    .addValue("planned", RollbackStatus.PLANNED.name())
                    .addValue("sourceCancelled", RollbackStatus.SOURCE_CANCELLED));
    }

    /**
     * Numbers the PLANNED rows not numbered yet in write batches of at most that many
     * users of one tenant, in file order, after the batches numbered before.
     */
    public void numberBatches(long migrationId, boolean dryRun, int usersPerBatch) {
        MapSqlParameterSource key = new MapSqlParameterSource("migrationId", migrationId).addValue("dryRun", dryRun)
            .addValue("planned", RollbackStatus.PLANNED.name());
        Integer last = jdbc.queryForObject(
                "SELECT MAX(batch) FROM e4_rollback WHERE migration_id = :migrationId AND dry_run = :dryRun", key,
                Integer.class);
        List<String[]> rows = jdbc.query("""
                SELECT tenant_id, user_id FROM e4_rollback
                WHERE migration_id = :migrationId AND dry_run = :dryRun AND status = :planned AND batch IS NULL
                ORDER BY tenant_line, user_line""", key,
                (rs, rowNum) -> new String[] { rs.getString(1), rs.getString(2) });
        List<SqlParameterSource> numbered = new ArrayList<>();
        int batch = last == null ? 0 : last;
        String tenant = null;
        int inBatch = 0;
        for (String[] row : rows) {
            if (!row[0].equals(tenant) || inBatch == usersPerBatch) {
                batch++;
                inBatch = 0;
                tenant = row[0];
            }
            inBatch++;
            numbered.add(new MapSqlParameterSource("migrationId", migrationId).addValue("dryRun", dryRun)
                .addValue("tenantId", row[0])
                .addValue("userId", row[1])
                .addValue("batch", batch));
        }
        jdbc.batchUpdate(
                """
                        UPDATE e4_rollback SET batch = :batch
                        WHERE migration_id = :migrationId AND dry_run = :dryRun AND tenant_id = :tenantId AND user_id = :userId""",
                numbered.toArray(SqlParameterSource[]::new));
    }

    /**
     * The rows still PLANNED of those tenants, in batch order, in one streaming query.
     */
    public JdbcCursorItemReaderBuilder<RollbackRow> planned(long migrationId, Collection<String> tenantIds) {
        return Cursors.query("plannedRollbacks", dataSource, """
                SELECT tenant_id, tenant_line, user_id, user_principal_name, from_sku, to_sku, disabled_plans, batch
                FROM e4_rollback
                WHERE migration_id = :migrationId AND dry_run = FALSE AND status = :planned
                  AND tenant_id IN (:tenantIds)
                ORDER BY migration_id, dry_run, status, batch, user_id""",
                Map.of("migrationId", migrationId, "planned", RollbackStatus.PLANNED.name(), "tenantIds", tenantIds),
                (rs, rowNum) -> new RollbackRow(rs.getString("tenant_id"), rs.getLong("tenant_line"),
                        rs.getString("user_id"), rs.getString("user_principal_name"), rs.getString("from_sku"),
                        rs.getString("to_sku"), rs.getString("disabled_plans"), rs.getInt("batch")));
    }

    /** How many users of the tenant are still to roll back. */
    public int countPlanned(long migrationId, String tenantId) {
        return jdbc.queryForObject(
                """
                        SELECT COUNT(*) FROM e4_rollback
                        WHERE migration_id = :migrationId AND dry_run = FALSE AND tenant_id = :tenantId AND status = :planned""",
                new MapSqlParameterSource("migrationId", migrationId).addValue("tenantId", tenantId)
                    .addValue("planned", RollbackStatus.PLANNED.name()),
                Integer.class);
    }

    /**
     * Each user's outcome, on PLANNED rows only: moved is ROLLED_BACK, anything else
     * SKIPPED with its detail.
     */
    public void recordOutcomes(long migrationId, String tenantId, List<MoveOutcome> outcomes) {
        jdbc.batchUpdate("""
                UPDATE e4_rollback SET status = :status, detail = :detail
                WHERE migration_id = :migrationId AND dry_run = FALSE AND tenant_id = :tenantId AND user_id = :userId
                  AND status = :planned""",
                outcomes.stream()
                    .map(outcome -> new MapSqlParameterSource("migrationId", migrationId).addValue("tenantId", tenantId)
                        .addValue("userId", outcome.userId())
                        .addValue("status",
                                (outcome.status() == MoveOutcome.Status.REASSIGNED ? RollbackStatus.ROLLED_BACK
                                        : RollbackStatus.SKIPPED)
                                    .name())
                        .addValue("detail", outcome.detail())
                        .addValue("planned", RollbackStatus.PLANNED.name()))
                    .toArray(SqlParameterSource[]::new));
    }

    /** Every user of the tenant still PLANNED is SKIPPED with that detail. */
    public void skipTenant(long migrationId, String tenantId, String detail) {
        jdbc.update(
                """
                        UPDATE e4_rollback SET status = :skipped, detail = :detail
                        WHERE migration_id = :migrationId AND dry_run = FALSE AND tenant_id = :tenantId AND status = :planned""",
                new MapSqlParameterSource("migrationId", migrationId).addValue("tenantId", tenantId)
                    .addValue("detail", detail)
                    .addValue("skipped", RollbackStatus.SKIPPED.name())
                    .addValue("planned", RollbackStatus.PLANNED.name()));
    }

    /**
     * The tenants rolled back: their source subscription (not cancelled), where at least
     * one user went back, is marked ROLLED_BACK in the migration's cancellations, saying
     * how many users went back and how many were skipped. Running it again changes
     * nothing more.
     */
    public void markCancellations(long migrationId, Collection<String> tenantIds) {
        List<SqlParameterSource> marks = new ArrayList<>();
        jdbc.query("""
                SELECT c.tenant_id, c.sku,
                       (SELECT COUNT(*) FROM e4_rollback b WHERE b.migration_id = c.migration_id AND b.dry_run = FALSE
                          AND b.tenant_id = c.tenant_id AND b.status = :rolledBack),
                       (SELECT COUNT(*) FROM e4_rollback b WHERE b.migration_id = c.migration_id AND b.dry_run = FALSE
                          AND b.tenant_id = c.tenant_id AND b.status = :skipped)
                FROM e4_cancellation c
                WHERE c.migration_id = :migrationId AND c.tenant_id IN (:tenantIds) AND c.status <> :cancelled""",
                new MapSqlParameterSource("migrationId", migrationId).addValue("tenantIds", tenantIds)
                    .addValue("rolledBack", RollbackStatus.ROLLED_BACK.name())
                    .addValue("skipped", RollbackStatus.SKIPPED.name())
                    .addValue("cancelled", Cancellation.Status.CANCELLED.name()),
                rs -> {
                    long back = rs.getLong(3);
                    long skipped = rs.getLong(4);
                    if (back == 0) {
                        // nobody went back (the source gone, no seats): the subscription
                        // stays as the migration left it, rollback.csv says why
                        return;
                    }
                    String detail = back + (back == 1 ? " user" : " users") + " back on " + rs.getString(2)
                            + (skipped > 0 ? "; " + skipped + " skipped (see rollback.csv)" : "");
                    marks
                        .add(new MapSqlParameterSource("migrationId", migrationId).addValue("tenantId", rs.getString(1))
                            .addValue("status", Cancellation.Status.ROLLED_BACK.name())
                            .addValue("detail", detail));
                });
        jdbc.batchUpdate("""
                UPDATE e4_cancellation SET status = :status, detail = :detail
                WHERE migration_id = :migrationId AND tenant_id = :tenantId""",
                marks.toArray(SqlParameterSource[]::new));
    }

    /**
     * rollback.csv: the rows of those tenants, in file order, as the files wrote the ids.
     */
    public List<String[]> reportRows(long migrationId, boolean dryRun, Collection<String> tenantIds) {
        return jdbc.query("""
                SELECT written_tenant_id, written_user_id, user_principal_name, from_sku, to_sku, status, detail, batch
                FROM e4_rollback
                WHERE migration_id = :migrationId AND dry_run = :dryRun AND tenant_id IN (:tenantIds)
                ORDER BY tenant_line, user_line""",
                new MapSqlParameterSource("migrationId", migrationId).addValue("dryRun", dryRun)
                    .addValue("tenantIds", tenantIds),
                (rs, rowNum) -> new String[] { rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getObject(8) == null ? "" : Integer.toString(rs.getInt(8)) });
    }

    /** cancellations.csv of the whole migration, as its own report writes it. */
    public List<String[]> cancellationRows(long migrationId) {
        return jdbc.query("""
                SELECT t.written_tenant_id, c.subscription_id, c.sku, c.status, c.detail
                FROM e4_cancellation c
                JOIN e4_tenant t ON t.migration_id = c.migration_id AND t.tenant_id = c.tenant_id
                WHERE c.migration_id = :migrationId
                ORDER BY t.line_number""", new MapSqlParameterSource("migrationId", migrationId),
                (rs, rowNum) -> new String[] { rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5) });
    }

    /**
     * The tenants of the migration among those ids (lower case): the others are unknown
     * to it.
     */
    public List<String> knownTenants(long migrationId, Collection<String> tenantIds) {
        return jdbc.queryForList(
                "SELECT tenant_id FROM e4_tenant WHERE migration_id = :migrationId AND tenant_id IN (:tenantIds)",
                new MapSqlParameterSource("migrationId", migrationId).addValue("tenantIds", tenantIds), String.class);
    }

}
