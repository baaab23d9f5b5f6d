package com.m365.e4upgrade.input;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.m365.e4upgrade.batch.Cursors;

import org.springframework.batch.infrastructure.item.database.builder.JdbcCursorItemReaderBuilder;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

/**
 * Every statement on {@code e4_tenant}: the accepted rows of tenants.csv, keyed by
 * migration and tenant id in lower case, with the verdicts the eligibility stage stores
 * and the source subscription's state as the embedded gateway holds it.
 */
@Repository
public class TenantRepository {

    /** A tenant as the user import needs it: its line in the file and its source plan. */
    public record TenantRef(long line, String sourceSku) {
    }

    /** The eligibility stage's outcome for one tenant. */
    public record Verdict(String tenantId, String verdict, List<String> reasons, int sourceUsers) {
    }

    /** The source subscription as the embedded gateway holds it. */
    public enum SubscriptionState {

        ACTIVE, CANCELLED

    }

    private final NamedParameterJdbcTemplate jdbc;

    private final DataSource dataSource;

    public TenantRepository(NamedParameterJdbcTemplate jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    public void insertAll(long migrationId, List<ImportedRow.Accepted<Tenant>> rows) {
        if (!rows.isEmpty()) {
            // by position and type, as UserRepository.insertAll, for the same reason
            jdbc.getJdbcOperations()
                .batchUpdate(INSERT, rows, rows.size(), (statement, row) -> setInsert(statement, migrationId, row));
        }
    }

    /**
     * The line of each of those tenants already stored (by key): one primary-key probe
     * each. H2 evaluates {@code tenant_id IN (...)} by comparing every stored tenant with
     * the whole list, which made the import of 20,000 tenants take 5 s.
     */
    public Map<String, Long> storedLines(long migrationId, Collection<String> tenantKeys) {
        Map<String, Long> lines = new HashMap<>();
        for (String tenantKey : tenantKeys) {
            jdbc.getJdbcOperations()
                .query("SELECT t.line_number FROM e4_tenant t WHERE t.migration_id = ? AND t.tenant_id = ?",
                        (RowCallbackHandler) rs -> lines.put(tenantKey, rs.getLong(1)), migrationId, tenantKey);
        }
        return lines;
    }

    /**
     * Every accepted tenant by key: one small entry per tenant, whatever the number of
     * users.
     */
    public Map<String, TenantRef> refs(long migrationId) {
        Map<String, TenantRef> all = new HashMap<>();
        jdbc.query("SELECT tenant_id, line_number, source_sku FROM e4_tenant WHERE migration_id = :migrationId",
                new MapSqlParameterSource("migrationId", migrationId), rs -> {
                    all.put(rs.getString(1), new TenantRef(rs.getLong(2), rs.getString(3)));
                });
        return all;
    }

    /**
     * Each tenant (every column, see {@link TenantRowMapper}) with {@code a_users}, its
     * accepted users holding its source plan as the user import counted them, in key
     * order.
     */
    public <T> JdbcCursorItemReaderBuilder<T> withSourceUsers(String readerName, long migrationId, RowMapper<T> rows) {
        return Cursors.query(readerName, dataSource, """
                SELECT t.*, t.source_holders AS a_users
                FROM e4_tenant t
                WHERE t.migration_id = :migrationId
                ORDER BY t.migration_id, t.tenant_id""", Map.of("migrationId", migrationId), rows);
    }

    public void saveVerdicts(long migrationId, List<Verdict> verdicts) {
        jdbc.batchUpdate("""
                UPDATE e4_tenant SET verdict = :verdict, reasons = :reasons, source_users = :sourceUsers
                WHERE migration_id = :migrationId AND tenant_id = :tenantId""",
                verdicts.stream()
                    .map(verdict -> new MapSqlParameterSource().addValue("verdict", verdict.verdict())
                        .addValue("reasons", String.join("|", verdict.reasons()))
                        .addValue("sourceUsers", verdict.sourceUsers())
                        .addValue("migrationId", migrationId)
                        .addValue("tenantId", verdict.tenantId()))
                    .toArray(SqlParameterSource[]::new));
    }

    /**
     * Adds the holders the import stored to their tenants' counts (rule A reads
     * {@code source_holders}), in the transaction that stores them: one statement a
     * tenant.
     */
    public void addHolders(long migrationId, Map<String, HolderCounts> byTenant) {
        jdbc.getJdbcOperations()
            .batchUpdate("""
                    UPDATE e4_tenant SET source_holders = source_holders + ?,
                        unlicensable_holders = unlicensable_holders + ?
                    WHERE migration_id = ? AND tenant_id = ?""", List.copyOf(byTenant.entrySet()), byTenant.size(),
                    (statement, added) -> {
                        statement.setLong(1, added.getValue().stored());
                        statement.setLong(2, added.getValue().notLicensableDirectly());
                        statement.setLong(3, migrationId);
                        statement.setString(4, added.getKey());
                    });
    }

    /**
     * Adds users a gateway skipped (SKIPPED moves with a write batch) to the tenant's
     * count, which the cancellation step reads. Called in the transaction that stores
     * those moves.
     */
    public void addSkippedUsers(long migrationId, Map<String, Long> usersByTenant) {
        jdbc.getJdbcOperations()
            .batchUpdate(
                    "UPDATE e4_tenant SET skipped_users = skipped_users + ? WHERE migration_id = ? AND tenant_id = ?",
                    List.copyOf(usersByTenant.entrySet()), usersByTenant.size(), (statement, added) -> {
                        statement.setLong(1, added.getValue());
                        statement.setLong(2, migrationId);
                        statement.setString(3, added.getKey());
                    });
    }

    /** ACTIVE becomes CANCELLED once: a replayed cancellation changes nothing. */
    public void cancelSubscription(long migrationId, String tenantId) {
        jdbc.update("""
                UPDATE e4_tenant SET subscription_state = :cancelled
                WHERE migration_id = :migrationId AND tenant_id = :tenantId AND subscription_state = :active""",
                new MapSqlParameterSource("migrationId", migrationId).addValue("tenantId", tenantId)
                    .addValue("cancelled", SubscriptionState.CANCELLED.name())
                    .addValue("active", SubscriptionState.ACTIVE.name()));
    }

    /**
     * The source subscription as the embedded gateway holds it: its state, its licenses
     * and how many of the tenant's users hold the source plan now (null for a tenant not
     * in the migration).
     */
    public SourceSeats sourceSeats(long migrationId, String tenantId) {
        List<SourceSeats> found = jdbc.query("""
                SELECT t.subscription_state, t.licenses,
                       (SELECT COUNT(*) FROM e4_user u
                        WHERE u.migration_id = t.migration_id AND u.tenant_line = t.line_number
                          AND LOWER('|' || COALESCE(u.licenses, '') || '|') LIKE LOWER('%|' || t.source_sku || '|%'))
                FROM e4_tenant t
                WHERE t.migration_id = :migrationId AND t.tenant_id = :tenantId""",
                new MapSqlParameterSource("migrationId", migrationId).addValue("tenantId", tenantId),
                (rs, rowNum) -> new SourceSeats(SubscriptionState.valueOf(rs.getString(1)), rs.getInt(2),
                        rs.getLong(3)));
        return found.isEmpty() ? null : found.get(0);
    }

    /** See {@link #sourceSeats}. */
    public record SourceSeats(SubscriptionState state, int licenses, long holders) {
    }

    private static void setInsert(PreparedStatement statement, long migrationId, ImportedRow.Accepted<Tenant> row)
            throws SQLException {
        Tenant t = row.value();
        statement.setLong(1, migrationId);
        statement.setString(2, Guids.key(t.tenantId()));
        statement.setString(3, t.tenantId());
        statement.setLong(4, row.line());
        statement.setString(5, t.tenantName());
        statement.setString(6, t.subscriptionId());
        statement.setString(7, t.sourceSku());
        statement.setInt(8, t.licenses());
        statement.setString(9, t.targetSku());
        statement.setString(10, t.targetSubscriptionId());
        statement.setInt(11, t.targetLicenses());
        statement.setString(12, t.targetStatus().name());
        statement.setString(13, t.purchaseChannel().name());
        statement.setString(14, t.paymentMethod().name());
        statement.setBoolean(15, t.prepaid());
        statement.setString(16, t.sector().name());
        statement.setInt(17, t.plansForProduct());
        statement.setString(18, String.join("|", t.addOns()));
        statement.setBigDecimal(19, t.unpaidBalance());
        statement.setBoolean(20, t.creditCheckPending());
        statement.setBoolean(21, t.upgradeInProgress());
        statement.setString(22, t.serviceStatus().name());
        statement.setBoolean(23, t.upgradeEligible());
        statement.setBoolean(24, t.temporarilyUnavailable());
    }

    private static final String INSERT = """
            INSERT INTO e4_tenant (migration_id, tenant_id, written_tenant_id, line_number, tenant_name, subscription_id,
                source_sku, licenses, target_sku, target_subscription_id, target_licenses, target_status,
                purchase_channel, payment_method, prepaid, sector, plans_for_product, add_ons, unpaid_balance,
                credit_check_pending, upgrade_in_progress, service_status, upgrade_eligible, temporarily_unavailable)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    /** The accepted tenants of the migration. */
    public long count(long migrationId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM e4_tenant WHERE migration_id = :migrationId",
                new MapSqlParameterSource("migrationId", migrationId), Long.class);
    }

    /** The tenants that already have a verdict. */
    public long countDecided(long migrationId) {
        return jdbc.queryForObject(
                "SELECT COUNT(*) FROM e4_tenant WHERE migration_id = :migrationId AND verdict IS NOT NULL",
                new MapSqlParameterSource("migrationId", migrationId), Long.class);
    }

    /** The tenants with one of those verdicts. */
    public long countWithVerdict(long migrationId, Collection<String> verdicts) {
        return jdbc.queryForObject(
                "SELECT COUNT(*) FROM e4_tenant WHERE migration_id = :migrationId AND verdict IN (:verdicts)",
                new MapSqlParameterSource("migrationId", migrationId).addValue("verdicts", verdicts), Long.class);
    }

}
