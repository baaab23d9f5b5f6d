package com.m365.e4upgrade.reassignment;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.m365.e4upgrade.batch.Cursors;
import com.m365.e4upgrade.batch.H2LazyResults;
import com.m365.e4upgrade.input.TenantRowMapper;

import org.springframework.batch.infrastructure.item.database.builder.JdbcCursorItemReaderBuilder;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

/**
 * The plan and its reading: the tenants to plan, their write batches' numbers (kept with
 * the tenant), the set-based insert of the moves skipped in a tenant without a batch into
 * {@code e4_reassignment}, and the source-plan holders the moves and a dry run's report
 * read.
 */
@Repository
public class PlanRepository {

    private final NamedParameterJdbcTemplate jdbc;

    private final DataSource dataSource;

    public PlanRepository(NamedParameterJdbcTemplate jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    /**
     * The migrating tenants by their line in the tenants file: the plan step's items. The
     * set does not change while the plan is made, so the item count is a valid restart
     * position.
     */
    public JdbcCursorItemReaderBuilder<Long> tenantsToPlan(long migrationId, Collection<String> verdicts) {
        return Cursors.query("tenantsToPlan", dataSource, """
                SELECT line_number FROM e4_tenant
                WHERE migration_id = :migrationId AND verdict IN (:verdicts)
                ORDER BY line_number""", Map.of("migrationId", migrationId, "verdicts", verdicts),
                (rs, rowNum) -> rs.getLong(1));
    }

    /** A source-plan holder as a dry run plans it, with the line of its tenant. */
    public record Holder(long tenantLine, PlanCandidate user) {
    }

    /**
     * The source-plan holders of the migrating tenants, the ids as users.csv wrote them.
     */
    private static final String HOLDERS = """
            SELECT u.tenant_line, u.written_tenant_id, u.written_user_id, u.user_principal_name,
                   u.usage_location, u.license_assignment, u.disabled_plans, t.source_sku, t.target_sku
            FROM e4_user u
            JOIN e4_tenant t ON t.migration_id = u.migration_id AND t.line_number = u.tenant_line
            WHERE u.migration_id = :migrationId AND u.holds_source = TRUE AND t.verdict IN (:verdicts)""";

    private static final RowMapper<Holder> HOLDER = (rs, rowNum) -> new Holder(rs.getLong(1),
            new PlanCandidate(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                    TenantRowMapper.list(rs.getString(7)), rs.getString(8), rs.getString(9)));

    /**
     * Every source-plan holder of the migrating tenants, in file order (tenant by tenant,
     * then by their lines in users.csv): what a dry run plans on the fly instead of
     * storing it ({@link DryRunPlanReader}). On H2 the rows come as they are read, not
     * collected first.
     */
    public JdbcCursorItemReaderBuilder<Holder> holdersInFileOrder(long migrationId, Collection<String> verdicts) {
        return Cursors.query("holdersInFileOrder", H2LazyResults.of(dataSource),
                HOLDERS + " ORDER BY u.migration_id, u.tenant_line, u.line_number",
                Map.of("migrationId", migrationId, "verdicts", verdicts), HOLDER);
    }

    /**
     * The source-plan holders of one migrating tenant (its id in lower case), in file
     * order. The users are found by the tenant's line, which keys them (schema version
     * 11): by its id, every user of the migration would be read.
     */
    public List<Holder> holdersOf(long migrationId, Collection<String> verdicts, String tenantId) {
        return jdbc.query(HOLDERS + """
                 AND u.tenant_line = (SELECT s.line_number FROM e4_tenant s
                                      WHERE s.migration_id = :migrationId AND s.tenant_id = :tenantId)
                ORDER BY u.line_number""",
                new MapSqlParameterSource("migrationId", migrationId).addValue("verdicts", verdicts)
                    .addValue("tenantId", tenantId),
                HOLDER);
    }

    /**
     * A migrating tenant as the plan step numbers it: the source-plan holders it moves
     * and those it skips, as the user import counted them.
     */
    public record TenantToNumber(long line, int toMove, int skipped) {
    }

    /** The migrating tenants whose lines lie in that range, in file order. */
    public List<TenantToNumber> tenantsToNumber(long migrationId, Collection<String> verdicts, long firstTenantLine,
            long lastTenantLine) {
        return jdbc.query("""
                SELECT line_number, source_holders - unlicensable_holders, unlicensable_holders FROM e4_tenant
                WHERE migration_id = :migrationId AND verdict IN (:verdicts)
                  AND line_number BETWEEN :firstTenantLine AND :lastTenantLine
                ORDER BY line_number""",
                new MapSqlParameterSource("migrationId", migrationId).addValue("verdicts", verdicts)
                    .addValue("firstTenantLine", firstTenantLine)
                    .addValue("lastTenantLine", lastTenantLine),
                (rs, rowNum) -> new TenantToNumber(rs.getLong(1), rs.getInt(2), rs.getInt(3)));
    }

    /**
     * Stores, in one statement, the moves the plan skips among the source-plan holders of
     * the tenant on that line (the rules of {@link ReassignmentPlanner}): no usage
     * location, then a group license, means SKIPPED with that detail and no batch. Only
     * for a tenant without a batch, all of whose holders are skipped: the moves store the
     * others' with their batches. The disabled plans are copied as the user has them:
     * {@link #disabledPlansIn} and {@link #keepDisabledPlans} then drop those the target
     * lacks.
     * @return the moves stored
     */
    public int storeSkipped(long migrationId, long tenantLine) {
        return jdbc.update("""
                INSERT INTO e4_reassignment (migration_id, tenant_id, user_id, user_principal_name, from_sku,
                    to_sku, disabled_plans, status, detail, batch, tenant_line, user_line, written_tenant_id,
                    written_user_id)
                SELECT u.migration_id, u.tenant_id, u.user_id, u.user_principal_name, t.source_sku, t.target_sku,
                    COALESCE(u.disabled_plans, ''), CAST(:skipped AS VARCHAR(16)),
                    CASE WHEN u.usage_location IS NULL OR TRIM(u.usage_location) = ''
                         THEN CAST(:noLocation AS VARCHAR(256)) ELSE CAST(:groupLicense AS VARCHAR(256)) END,
                    NULL, u.tenant_line, u.line_number, u.written_tenant_id, u.written_user_id
                FROM e4_user u
                JOIN e4_tenant t ON t.migration_id = u.migration_id AND t.line_number = u.tenant_line
                WHERE u.migration_id = :migrationId AND u.tenant_line = :tenantLine AND u.holds_source = TRUE
                  AND (u.usage_location IS NULL OR TRIM(u.usage_location) = '' OR u.license_assignment = :group)""",
                new MapSqlParameterSource("migrationId", migrationId).addValue("tenantLine", tenantLine)
                    .addValue("skipped", Reassignment.Status.SKIPPED.name())
                    .addValue("noLocation", ReassignmentPlanner.USAGE_LOCATION_MISSING)
                    .addValue("group", "GROUP")
                    .addValue("groupLicense", ReassignmentPlanner.GROUP_LICENSE));
    }

    /** A planned row's disabled plans as stored, with the row's key: its lines. */
    public record DisabledPlans(long tenantLine, long userLine, String toSku, String disabledPlans) {
    }

    /** The rows of that range of tenants that have disabled plans. */
    public List<DisabledPlans> disabledPlansIn(long migrationId, long firstTenantLine, long lastTenantLine) {
        return jdbc.query("""
                SELECT tenant_line, user_line, to_sku, disabled_plans FROM e4_reassignment
                WHERE migration_id = :migrationId AND tenant_line BETWEEN :firstTenantLine AND :lastTenantLine
                  AND disabled_plans <> ''""",
                new MapSqlParameterSource("migrationId", migrationId).addValue("firstTenantLine", firstTenantLine)
                    .addValue("lastTenantLine", lastTenantLine),
                (rs, rowNum) -> new DisabledPlans(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
    }

    /** Replaces the disabled plans of those rows (only kept ones, as given). */
    public void keepDisabledPlans(long migrationId, List<DisabledPlans> kept) {
        jdbc.batchUpdate("""
                UPDATE e4_reassignment SET disabled_plans = :disabledPlans
                WHERE migration_id = :migrationId AND tenant_line = :tenantLine AND user_line = :userLine""", kept
            .stream()
            .map(row -> new MapSqlParameterSource("migrationId", migrationId).addValue("tenantLine", row.tenantLine())
                .addValue("userLine", row.userLine())
                .addValue("disabledPlans", row.disabledPlans()))
            .toArray(SqlParameterSource[]::new));
    }

    /** The source-plan holders of the tenants numbered so far. */
    public long holdersNumbered(long migrationId) {
        return jdbc.queryForObject("""
                SELECT COALESCE(SUM(source_holders), 0) FROM e4_tenant
                WHERE migration_id = :migrationId AND first_batch IS NOT NULL""",
                new MapSqlParameterSource("migrationId", migrationId), Long.class);
    }

    /**
     * A source-plan holder of a numbered tenant, with its place in the files, its ids as
     * keys (in lower case) and its tenant's batches.
     */
    public record HolderToMove(long tenantLine, long userLine, String tenantId, String userId, int firstBatch,
            int lastBatch, PlanCandidate user) {
    }

    /**
     * The source-plan holders of the numbered tenants whose lines lie in that range, in
     * file order: what the moves make their write batches of. The ORDER BY starts with
     * the column the query fixes, so the users' file-order index is read in order instead
     * of the result being sorted. On H2 the rows come as they are read: collecting half a
     * million of them first took a sixth of the moves' time.
     */
    public JdbcCursorItemReaderBuilder<HolderToMove> holdersToMove(long migrationId, long firstTenantLine,
            long lastTenantLine) {
        return Cursors.query("holdersToMove", H2LazyResults.of(dataSource), """
                SELECT u.tenant_line, u.line_number, u.tenant_id, u.user_id, t.first_batch, t.last_batch,
                       u.written_tenant_id, u.written_user_id, u.user_principal_name, u.usage_location,
                       u.license_assignment, u.disabled_plans, t.source_sku, t.target_sku
                FROM e4_user u
                JOIN e4_tenant t ON t.migration_id = u.migration_id AND t.line_number = u.tenant_line
                WHERE u.migration_id = :migrationId AND u.holds_source = TRUE
                  AND u.tenant_line BETWEEN :firstTenantLine AND :lastTenantLine AND t.first_batch IS NOT NULL
                ORDER BY u.migration_id, u.tenant_line, u.line_number""",
                Map.of("migrationId", migrationId, "firstTenantLine", firstTenantLine, "lastTenantLine",
                        lastTenantLine),
                (rs, rowNum) -> new HolderToMove(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getInt(6),
                        new PlanCandidate(rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                                rs.getString(11), TenantRowMapper.list(rs.getString(12)), rs.getString(13),
                                rs.getString(14))));
    }

}
