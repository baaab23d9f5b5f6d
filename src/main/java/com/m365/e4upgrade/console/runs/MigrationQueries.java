package com.m365.e4upgrade.console.runs;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.m365.e4upgrade.eligibility.EligibilityRules;
import com.m365.e4upgrade.eligibility.ReasonCode;
import com.m365.e4upgrade.eligibility.RemediationTexts;
import com.m365.e4upgrade.eligibility.TenantDecision;
import com.m365.e4upgrade.eligibility.Verdict;
import com.m365.e4upgrade.input.Tenant;
import com.m365.e4upgrade.input.TenantRowMapper;
import com.m365.e4upgrade.licensing.SkuCatalog;
import com.m365.e4upgrade.reassignment.PlanRepository;
import com.m365.e4upgrade.reassignment.ReassignmentPlanner;

import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * What the console shows of a migration's own tables, read with bound parameters and a
 * page at a time: the tenants with their verdict and remediation, the rejected rows, the
 * users of a tenant, how many users have moved.
 */
public class MigrationQueries {

    /** A row of the eligibility table, as eligibility.csv has it. */
    public record TenantRow(String tenantId, String tenantName, String verdict, String reasons, String remediation) {
    }

    /** A row of rejects.csv. */
    public record RejectRow(String file, long line, String reason, String record) {
    }

    /** A user of a tenant, as reassignments.csv has it. */
    public record UserRow(String userId, String userPrincipalName, String fromSku, String toSku, String disabledPlans,
            String status, String detail, Integer batch) {
    }

    /**
     * Users moved of users to move (those with a write batch), as the status command
     * counts them.
     */
    public record Moved(long moved, long toMove) {
    }

    /** How the eligibility table is filtered: each null for all. */
    public record TenantFilter(String verdict, String reason, String search) {
    }

    public static final int PAGE = 100;

    private final NamedParameterJdbcTemplate jdbc;

    private final MessageSource messages;

    private final SkuCatalog catalog;

    private final PlanRepository plan;

    public MigrationQueries(NamedParameterJdbcTemplate jdbc, MessageSource messages, SkuCatalog catalog,
            PlanRepository plan) {
        this.jdbc = jdbc;
        this.messages = messages;
        this.catalog = catalog;
        this.plan = plan;
    }

    /**
     * Users moved, the moves stored with a write batch, of users to move, the source-plan
     * holders the migrating tenants count less those the plan skips.
     */
    public Moved moved(long migrationId) {
        return jdbc.queryForObject("""
                SELECT (SELECT COUNT(*) FROM e4_reassignment WHERE migration_id = :m AND batch IS NOT NULL),
                       (SELECT COALESCE(SUM(source_holders - unlicensable_holders), 0) FROM e4_tenant
                        WHERE migration_id = :m AND verdict IN (:verdicts))""",
                new MapSqlParameterSource("m", migrationId).addValue("verdicts", Verdict.migrating()),
                (rs, n) -> new Moved(rs.getLong(1), rs.getLong(2)));
    }

    /** A page of the tenants that have a verdict, in file order. */
    public List<TenantRow> tenants(long migrationId, String sourceSku, Locale locale, TenantFilter filter, int page) {
        RemediationTexts remediation = new RemediationTexts(messages, new EligibilityRules(sourceSku, catalog));
        TenantRowMapper tenants = new TenantRowMapper();
        StringBuilder sql = new StringBuilder(
                "SELECT * FROM e4_tenant WHERE migration_id = :m AND verdict IS NOT NULL");
        MapSqlParameterSource parameters = new MapSqlParameterSource("m", migrationId);
        if (filter.verdict() != null) {
            sql.append(" AND verdict = :verdict");
            parameters.addValue("verdict", filter.verdict());
        }
        if (filter.reason() != null) {
            // reasons are stored separated by '|': match a whole code, never part of one
            sql.append(" AND ('|' || COALESCE(reasons, '') || '|') LIKE :reason ESCAPE '\\'");
            parameters.addValue("reason", "%|" + likeLiteral(filter.reason()) + "|%");
        }
        if (filter.search() != null) {
            sql.append(" AND (LOWER(written_tenant_id) LIKE :search ESCAPE '\\' OR LOWER(COALESCE(tenant_name, ''))"
                    + " LIKE :search ESCAPE '\\')");
            parameters.addValue("search", "%" + likeLiteral(filter.search().toLowerCase(Locale.ROOT)) + "%");
        }
        sql.append(" ORDER BY line_number LIMIT :limit OFFSET :offset");
        parameters.addValue("limit", PAGE).addValue("offset", (long) Math.max(0, page) * PAGE);
        return jdbc.query(sql.toString(), parameters, (rs, n) -> {
            Tenant tenant = tenants.mapRow(rs, n);
            TenantDecision decision = new TenantDecision(tenant.tenantId(), Verdict.valueOf(rs.getString("verdict")),
                    TenantRowMapper.list(rs.getString("reasons")).stream().map(ReasonCode::valueOf).toList(),
                    rs.getInt("source_users"));
            return new TenantRow(rs.getString("written_tenant_id"), tenant.tenantName(), decision.verdict().name(),
                    rs.getString("reasons"), remediation.remediation(decision, tenant, locale));
        });
    }

    /** The rejected rows, tenants.csv's then users.csv's, by line: the first page. */
    public List<RejectRow> rejects(long migrationId, int page) {
        return jdbc.query("""
                SELECT file_name, line_number, reason, record FROM e4_reject WHERE migration_id = :m
                ORDER BY CASE WHEN file_name = 'tenants.csv' THEN 0 ELSE 1 END, line_number
                LIMIT :limit OFFSET :offset""",
                new MapSqlParameterSource("m", migrationId).addValue("limit", PAGE)
                    .addValue("offset", (long) Math.max(0, page) * PAGE),
                (rs, n) -> new RejectRow(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
    }

    /**
     * The users of one tenant that held the source plan, in file order: a real run's
     * moves as stored, and those not made yet as planned, without a batch number.
     */
    public List<UserRow> users(long migrationId, String tenantId, boolean dryRun) {
        List<UserRow> planned = plannedUsers(migrationId, tenantId);
        if (dryRun) {
            return planned;
        }
        Map<String, UserRow> stored = new HashMap<>();
        users(migrationId, tenantId).forEach(row -> stored.put(row.userId(), row));
        return planned.stream().map(row -> stored.getOrDefault(row.userId(), row)).toList();
    }

    /**
     * A tenant's users planned as a dry run's report plans them, without the batch
     * numbers, which run across the whole migration: a dry run stores no moves, and a
     * real run stores each as it makes it.
     */
    private List<UserRow> plannedUsers(long migrationId, String tenantId) {
        ReassignmentPlanner planner = new ReassignmentPlanner(catalog);
        return plan.holdersOf(migrationId, Verdict.migrating(), tenantId.toLowerCase(Locale.ROOT))
            .stream()
            .map(holder -> planner.process(holder.user()))
            .map(move -> new UserRow(move.userId(), move.userPrincipalName(), move.fromSku(), move.toSku(),
                    String.join("|", move.disabledPlans()), move.status().name(), move.detail(), null))
            .toList();
    }

    private List<UserRow> users(long migrationId, String tenantId) {
        return jdbc.query("""
                SELECT written_user_id, user_principal_name, from_sku, to_sku, disabled_plans, status, detail, batch
                FROM e4_reassignment
                WHERE migration_id = :m AND tenant_line = (
                    SELECT line_number FROM e4_tenant WHERE migration_id = :m AND tenant_id = :tenant)
                ORDER BY user_line""",
                new MapSqlParameterSource("m", migrationId).addValue("tenant", tenantId.toLowerCase(Locale.ROOT)),
                (rs, n) -> new UserRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), (Integer) rs.getObject(8, Integer.class)));
    }

    private static String likeLiteral(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

}
