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
 * The plan step's statements: the tenants to plan, and the set-based insert of their
 * moves into {@code e4_reassignment} (issue 15), with what the step reads back to carry
 * the numbering on and to drop the disabled plans a target lacks.
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
            JOIN e4_tenant t ON t.migration_id = u.migration_id AND t.tenant_id = u.tenant_id
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
     * order.
     */
    public List<Holder> holdersOf(long migrationId, Collection<String> verdicts, String tenantId) {
        return jdbc.query(HOLDERS + " AND u.tenant_id = :tenantId ORDER BY u.line_number",
                new MapSqlParameterSource("migrationId", migrationId).addValue("verdicts", verdicts)
                    .addValue("tenantId", tenantId),
                HOLDER);
    }

    /**
     * Plans every source-plan holder of the migrating tenants whose lines lie in that
     * range, in one statement (the rules of {@link ReassignmentPlanner}, the numbering of
     * {@link BatchNumberingWriter}): no usage location, then a group license, means
     * SKIPPED with that detail and no batch; the others are PLANNED, numbered in file
     * order from {@code batchesBefore + 1}, a new batch with each tenant and every
     * {@code usersPerBatch} users. The disabled plans are copied as the user has them:
     * {@link #disabledPlansIn} and {@link #keepDisabledPlans} then drop those the target
     * lacks.
     * @return the rows stored, skipped ones included
     */
    public int planTenants(long migrationId, Collection<String> verdicts, long firstTenantLine, long lastTenantLine,
            int batchesBefore, int usersPerBatch) {
        // a tenant's planned users fill slots of usersPerBatch in file order; each
        // (tenant, slot)
        // pair is one batch, numbered in order by DENSE_RANK (one window over the chunk's
        // rows:
        // H2 would evaluate a joined derived table again for every row)
        return jdbc.update("""
                INSERT INTO e4_reassignment (migration_id, tenant_id, user_id, user_principal_name, from_sku,
                    to_sku, disabled_plans, status, detail, batch, tenant_line, user_line, written_tenant_id,
                    written_user_id)
                SELECT h.migration_id, h.tenant_id, h.user_id, h.user_principal_name, h.source_sku, h.target_sku,
                    h.disabled_plans,
                    CASE WHEN h.detail IS NULL THEN CAST(:planned AS VARCHAR(16))
                         ELSE CAST(:skipped AS VARCHAR(16)) END,
                    h.detail,
                    CASE WHEN h.detail IS NULL
                         THEN CAST(CAST(:batchesBefore AS INTEGER)
                                   + DENSE_RANK() OVER (PARTITION BY h.detail ORDER BY h.tenant_line, h.slot)
                                   AS INTEGER) END,
                    h.tenant_line, h.line_number, h.written_tenant_id, h.written_user_id
                FROM (
                    SELECT c.*,
                        (ROW_NUMBER() OVER (PARTITION BY c.tenant_line, c.detail ORDER BY c.line_number) - 1)
                            / CAST(:usersPerBatch AS INTEGER) AS slot
                    FROM (
                        SELECT u.migration_id, u.tenant_id, u.user_id, u.user_principal_name, t.source_sku,
                            t.target_sku, COALESCE(u.disabled_plans, '') AS disabled_plans, u.tenant_line,
                            u.line_number, u.written_tenant_id, u.written_user_id,
                            CASE WHEN u.usage_location IS NULL OR TRIM(u.usage_location) = ''
                                 THEN CAST(:noLocation AS VARCHAR(256))
                                 WHEN u.license_assignment = :group THEN CAST(:groupLicense AS VARCHAR(256)) END
                                 AS detail
                        FROM e4_user u
                        JOIN e4_tenant t ON t.migration_id = u.migration_id AND t.tenant_id = u.tenant_id
                        WHERE u.migration_id = :migrationId AND u.holds_source = TRUE AND t.verdict IN (:verdicts)
                          AND u.tenant_line BETWEEN :firstTenantLine AND :lastTenantLine
                    ) c
                ) h""",
                new MapSqlParameterSource("migrationId", migrationId).addValue("verdicts", verdicts)
                    .addValue("firstTenantLine", firstTenantLine)
                    .addValue("lastTenantLine", lastTenantLine)
                    .addValue("batchesBefore", batchesBefore)
                    .addValue("usersPerBatch", usersPerBatch)
                    .addValue("planned", Reassignment.Status.PLANNED.name())
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

    /**
     * The last batch of a planned range of tenant lines (null when the plan skipped every
     * user) and the users it skipped.
     */
    public record PlannedRange(Integer lastBatch, long skipped) {
    }

    public PlannedRange plannedRange(long migrationId, long firstTenantLine, long lastTenantLine) {
        return jdbc.queryForObject("""
                SELECT MAX(batch), COALESCE(SUM(CASE WHEN status = :skipped THEN 1 ELSE 0 END), 0)
                FROM e4_reassignment
                WHERE migration_id = :migrationId AND tenant_line BETWEEN :firstTenantLine AND :lastTenantLine""",
                new MapSqlParameterSource("migrationId", migrationId).addValue("firstTenantLine", firstTenantLine)
                    .addValue("lastTenantLine", lastTenantLine)
                    .addValue("skipped", Reassignment.Status.SKIPPED.name()),
                (rs, rowNum) -> new PlannedRange((Integer) rs.getObject(1, Integer.class), rs.getLong(2)));
    }

}
