package com.m365.e4upgrade.cancellation;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.m365.e4upgrade.batch.Cursors;
import com.m365.e4upgrade.input.UserImportWriter;

import org.springframework.batch.infrastructure.item.database.builder.JdbcCursorItemReaderBuilder;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

/**
 * Every statement on {@code e4_cancellation}: one row per migrated tenant's source
 * subscription, written once.
 */
@Repository
public class CancellationRepository {

    private final NamedParameterJdbcTemplate jdbc;

    private final DataSource dataSource;

    public CancellationRepository(NamedParameterJdbcTemplate jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    /**
     * The tenants with one of those verdicts and no cancellation row yet, each with the
     * number of its users still on the source plan (the holders the job cannot license
     * directly, counted with the tenant by the user import, and those a gateway skipped,
     * counted as the moves were stored) and of the users.csv rows naming it that were
     * rejected (users the job could not move, who may still hold the plan), in one
     * streaming query. A tenant still to settle is one without a row, so the query is its
     * own restart position.
     */
    public JdbcCursorItemReaderBuilder<CancellationCandidate> toSettle(long migrationId, Collection<String> verdicts) {
        return Cursors.query("subscriptionsToSettle", dataSource,
                """
                        SELECT t.tenant_id, t.subscription_id, t.source_sku, t.unlicensable_holders + t.skipped_users AS still_on_source,
                               COALESCE(r.users, 0) AS rejected_users
                        FROM e4_tenant t
                        LEFT JOIN (SELECT tenant_id, COUNT(*) AS users FROM e4_reject
                                   WHERE migration_id = :migrationId AND file_name = :usersFile AND tenant_id IS NOT NULL
                                   GROUP BY tenant_id) r ON r.tenant_id = t.tenant_id
                        WHERE t.migration_id = :migrationId AND t.verdict IN (:verdicts)
                          AND NOT EXISTS (SELECT 1 FROM e4_cancellation c
                                          WHERE c.migration_id = t.migration_id AND c.tenant_id = t.tenant_id)
                        ORDER BY t.migration_id, t.tenant_id""",
                Map.of("migrationId", migrationId, "usersFile", UserImportWriter.FILE_NAME, "verdicts", verdicts),
                (rs, rowNum) -> new CancellationCandidate(rs.getString("tenant_id"), rs.getString("subscription_id"),
                        rs.getString("source_sku"), rs.getInt("still_on_source"), rs.getInt("rejected_users")));
    }

    public void saveAll(long migrationId, List<Cancellation> cancellations) {
        jdbc.batchUpdate("""
                INSERT INTO e4_cancellation (migration_id, tenant_id, subscription_id, sku, status, detail)
                VALUES (:migrationId, :tenantId, :subscriptionId, :sku, :status, :detail)""",
                cancellations.stream()
                    .map(done -> new MapSqlParameterSource().addValue("migrationId", migrationId)
                        .addValue("tenantId", done.tenantId())
                        .addValue("subscriptionId", done.subscriptionId())
                        .addValue("sku", done.sku())
                        .addValue("status", done.status().name())
                        .addValue("detail", done.detail()))
                    .toArray(SqlParameterSource[]::new));
    }

    /** The subscriptions settled so far: one row per tenant. */
    public long count(long migrationId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM e4_cancellation WHERE migration_id = :migrationId",
                new MapSqlParameterSource("migrationId", migrationId), Long.class);
    }

}
