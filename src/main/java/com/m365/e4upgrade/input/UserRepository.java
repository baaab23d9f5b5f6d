package com.m365.e4upgrade.input;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Every statement on {@code e4_user}: the accepted rows of users.csv, keyed by migration
 * and place in the files (the tenant's line, the user's line), a user_id in lower case
 * unique in its tenant (schema version 11). A user is found by its tenant's line, not by
 * the tenant's id. Its {@code licenses} column is also the embedded gateway's license
 * state.
 */
@Repository
public class UserRepository {

    /**
     * A user to store, with its ids as keys ({@link Guids#key}), worked out once for
     * every use of the row.
     */
    public record NewUser(ImportedRow.Accepted<TenantUser> row, String tenantKey, String userKey, long tenantLine,
            boolean holdsSource) {
    }

    /** A user's licenses after a move, and the plans left disabled. */
    public record LicenseChange(String userId, List<String> licenses, List<String> disabledPlans) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    public UserRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One batch insert; a user already stored fails it with a DuplicateKeyException. The
     * parameters are set by position and type: the named form's per-row map and type
     * guessing cost as much CPU as H2's insert itself (issue 15).
     */
    public void insertAll(long migrationId, List<NewUser> users) {
        if (users.isEmpty()) {
            return;
        }
        jdbc.getJdbcOperations()
            .batchUpdate(INSERT, users, users.size(), (statement, user) -> setInsert(statement, migrationId, user));
    }

    public void insert(long migrationId, NewUser user) {
        jdbc.getJdbcOperations().update(INSERT, statement -> setInsert(statement, migrationId, user));
    }

    /** The line on which that user was stored, or null. */
    public Long storedLine(long migrationId, long tenantLine, String userKey) {
        List<Long> lines = jdbc.queryForList("""
                SELECT line_number FROM e4_user
                WHERE migration_id = :migrationId AND tenant_line = :tenantLine AND user_id = :userId""",
                new MapSqlParameterSource("migrationId", migrationId).addValue("tenantLine", tenantLine)
                    .addValue("userId", userKey),
                Long.class);
        return lines.isEmpty() ? null : lines.get(0);
    }

    /**
     * The licenses each of those users of one tenant holds now: one primary-key probe per
     * user. H2 evaluates {@code user_id IN (...)} by comparing every user of the tenant
     * with the whole list, so a batch of a large tenant would read all its users.
     */
    public Map<String, List<String>> licenses(long migrationId, long tenantLine, Collection<String> userIds) {
        Map<String, List<String>> licenses = new HashMap<>();
        for (String userId : userIds) {
            jdbc.getJdbcOperations()
                .query("SELECT licenses FROM e4_user WHERE migration_id = ? AND tenant_line = ? AND user_id = ?",
                        (RowCallbackHandler) rs -> {
                            String held = rs.getString(1);
                            licenses.put(userId,
                                    held == null || held.isEmpty() ? List.of() : Arrays.asList(held.split("\\|")));
                        }, migrationId, tenantLine, userId);
        }
        return licenses;
    }

    /**
     * A user whose source license gives way to the target, with the plans kept disabled.
     */
    public record SkuSwap(String userId, List<String> disabledPlans) {
    }

    /**
     * Replaces, without reading them first, the source SKU by the target in the licenses
     * of those users of one tenant who hold the source once and not the target, which is
     * nearly every user: one statement per user finds the row, checks that and rewrites
     * the list in place (the position of the source among the {@code |}-separated SKUs,
     * compared in upper case, on a list upper case does not lengthen). Reading each
     * user's licenses before writing them cost a quarter of the moves' time. Only for
     * SKUs in ASCII: the positions are then the same in both cases.
     * @return for each user, whether its licenses were rewritten; the others are left as
     * they were, for a read and a rewrite of the whole list ({@link #licenses},
     * {@link #changeLicenses})
     */
    public boolean[] swapSku(long migrationId, long tenantLine, String fromSku, String toSku, List<SkuSwap> swaps) {
        String from = "|" + fromSku.toUpperCase(Locale.ROOT) + "|";
        String to = "|" + toSku.toUpperCase(Locale.ROOT) + "|";
        int[][] changed = jdbc.getJdbcOperations()
            .batchUpdate(
                    """
                            UPDATE e4_user SET
                                licenses = SUBSTRING(licenses FROM 1 FOR POSITION(CAST(? AS VARCHAR(4096)) IN UPPER('|' || licenses || '|')) - 1)
                                    || CAST(? AS VARCHAR(4096))
                                    || SUBSTRING(licenses FROM POSITION(CAST(? AS VARCHAR(4096)) IN UPPER('|' || licenses || '|')) + ?),
                                disabled_plans = ?
                            WHERE migration_id = ? AND tenant_line = ? AND user_id = ?
                              AND LENGTH(UPPER(licenses)) = LENGTH(licenses)
                              AND POSITION(CAST(? AS VARCHAR(4096)) IN UPPER('|' || licenses || '|')) > 0
                              AND POSITION(CAST(? AS VARCHAR(4096)) IN UPPER('|' || licenses || '|')) = 0
                              AND POSITION(CAST(? AS VARCHAR(4096)) IN SUBSTRING(UPPER('|' || licenses || '|')
                                  FROM POSITION(CAST(? AS VARCHAR(4096)) IN UPPER('|' || licenses || '|')) + 1)) = 0""",
                    swaps, swaps.size(), (statement, swap) -> {
                        statement.setString(1, from);
                        statement.setString(2, toSku);
                        statement.setString(3, from);
                        statement.setInt(4, fromSku.length());
                        statement.setString(5, String.join("|", swap.disabledPlans()));
                        statement.setLong(6, migrationId);
                        statement.setLong(7, tenantLine);
                        statement.setString(8, swap.userId());
                        statement.setString(9, from);
                        statement.setString(10, to);
                        statement.setString(11, from);
                        statement.setString(12, from);
                    });
        boolean[] swapped = new boolean[swaps.size()];
        for (int i = 0; i < swapped.length; i++) {
            swapped[i] = changed[0][i] > 0;
        }
        return swapped;
    }

    /**
     * One statement per user replaces the whole license list: there is no moment without
     * one.
     */
    public void changeLicenses(long migrationId, long tenantLine, List<LicenseChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        // by position, as insertAll: no parameter map per user
        jdbc.getJdbcOperations()
            .batchUpdate(
                    "UPDATE e4_user SET licenses = ?, disabled_plans = ? "
                            + "WHERE migration_id = ? AND tenant_line = ? AND user_id = ?",
                    changes, changes.size(), (statement, change) -> {
                        statement.setString(1, String.join("|", change.licenses()));
                        statement.setString(2, String.join("|", change.disabledPlans()));
                        statement.setLong(3, migrationId);
                        statement.setLong(4, tenantLine);
                        statement.setString(5, change.userId());
                    });
    }

    private static void setInsert(PreparedStatement statement, long migrationId, NewUser user) throws SQLException {
        TenantUser u = user.row().value();
        String disabledPlans = String.join("|", u.disabledPlans());
        statement.setLong(1, migrationId);
        statement.setString(2, user.tenantKey());
        statement.setString(3, user.userKey());
        statement.setString(4, u.tenantId());
        statement.setString(5, u.userId());
        statement.setLong(6, user.row().line());
        statement.setLong(7, user.tenantLine());
        statement.setString(8, u.userPrincipalName());
        statement.setString(9, u.displayName());
        statement.setString(10, String.join("|", u.licenses()));
        statement.setString(11, u.usageLocation());
        statement.setString(12, u.licenseAssignment().name());
        statement.setString(13, disabledPlans);
        statement.setString(14, disabledPlans);
        statement.setBoolean(15, u.accountEnabled());
        statement.setBoolean(16, user.holdsSource());
    }

    private static final String INSERT = """
            INSERT INTO e4_user (migration_id, tenant_id, user_id, written_tenant_id, written_user_id, line_number,
                tenant_line, user_principal_name, display_name, licenses, usage_location, license_assignment,
                disabled_plans, imported_disabled_plans, account_enabled, holds_source)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    /**
     * The users holding their tenant's source plan in tenants with one of those verdicts:
     * how many the plan and the moves account for. Eligibility stored each tenant's count
     * with its verdict, so this reads the tenants, not the users.
     */
    public long countSourcePlanHolders(long migrationId, Collection<String> verdicts) {
        return jdbc.queryForObject("""
                SELECT COALESCE(SUM(source_users), 0) FROM e4_tenant
                WHERE migration_id = :migrationId AND verdict IN (:verdicts)""",
                new MapSqlParameterSource("migrationId", migrationId).addValue("verdicts", verdicts), Long.class);
    }

}
