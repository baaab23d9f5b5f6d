package com.m365.e4upgrade.input;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * Stores the accepted users of a chunk. Two checks need what is already stored, so they are made
 * here with one query each per chunk rather than one per row: the user's tenant must be an
 * accepted tenant, and user_id must be new within that tenant (the first row wins).
 */
public class UserImportWriter implements ItemWriter<ImportedRow<TenantUser>> {

    public static final String FILE_NAME = "users.csv";

    private final NamedParameterJdbcTemplate jdbc;
    private final RejectStore rejects;
    private final long migrationId;

    public UserImportWriter(NamedParameterJdbcTemplate jdbc, RejectStore rejects, long migrationId) {
        this.jdbc = jdbc;
        this.rejects = rejects;
        this.migrationId = migrationId;
    }

    @Override
    public void write(Chunk<? extends ImportedRow<TenantUser>> chunk) {
        ImportedRow.Split<TenantUser> rows = ImportedRow.Split.of(chunk);
        List<ImportedRow.Accepted<TenantUser>> accepted = rows.accepted();
        List<ImportedRow.Rejected<TenantUser>> rejected = rows.rejected();
        Map<String, TenantRef> tenants = tenantsOf(accepted);
        Map<String, Long> firstLines = storedLines(accepted);
        List<SqlParameterSource> inserts = new ArrayList<>();
        for (ImportedRow.Accepted<TenantUser> row : accepted) {
            TenantUser user = row.value();
            TenantRef tenant = tenants.get(user.tenantId());
            if (tenant == null) {
                rejected.add(new ImportedRow.Rejected<>(row.line(),
                        "tenant_id: " + user.tenantId() + " is not an accepted tenant of tenants.csv", row.record()));
                continue;
            }
            Long firstLine = firstLines.putIfAbsent(key(user.tenantId(), user.userId()), row.line());
            if (firstLine != null) {
                rejected.add(new ImportedRow.Rejected<>(row.line(),
                        "user_id: duplicate of line " + firstLine + " in the same tenant", row.record()));
                continue;
            }
            inserts.add(parameters(row, tenant.line(), user.holds(tenant.sourceSku())));
        }
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate(INSERT, inserts.toArray(SqlParameterSource[]::new));
        }
        rejects.saveAll(migrationId, FILE_NAME, rejected);
    }

    private record TenantRef(long line, String sourceSku) {
    }

    private Map<String, TenantRef> tenantsOf(List<ImportedRow.Accepted<TenantUser>> accepted) {
        Map<String, TenantRef> skus = new HashMap<>();
        if (accepted.isEmpty()) {
            return skus;
        }
        List<String> tenantIds = accepted.stream().map(row -> row.value().tenantId()).distinct().toList();
        jdbc.query("SELECT tenant_id, line_number, source_sku FROM e4_tenant WHERE migration_id = :migrationId AND tenant_id IN (:ids)",
                new MapSqlParameterSource("migrationId", migrationId).addValue("ids", tenantIds),
                rs -> {
                    skus.put(rs.getString(1), new TenantRef(rs.getLong(2), rs.getString(3)));
                });
        return skus;
    }

    private Map<String, Long> storedLines(List<ImportedRow.Accepted<TenantUser>> accepted) {
        Map<String, Long> lines = new HashMap<>();
        if (accepted.isEmpty()) {
            return lines;
        }
        // the tenant list keeps the look-up on the primary key's prefix; the pairs are matched below
        List<String> tenantIds = accepted.stream().map(row -> row.value().tenantId()).distinct().toList();
        List<String> userIds = accepted.stream().map(row -> row.value().userId()).distinct().toList();
        jdbc.query("""
                SELECT tenant_id, user_id, line_number FROM e4_user
                WHERE migration_id = :migrationId AND tenant_id IN (:tenantIds) AND user_id IN (:userIds)""",
                new MapSqlParameterSource("migrationId", migrationId)
                        .addValue("tenantIds", tenantIds).addValue("userIds", userIds),
                rs -> {
                    lines.put(key(rs.getString(1), rs.getString(2)), rs.getLong(3));
                });
        return lines;
    }

    private static String key(String tenantId, String userId) {
        return tenantId + '/' + userId;
    }

    private MapSqlParameterSource parameters(ImportedRow.Accepted<TenantUser> row, long tenantLine, boolean holdsSource) {
        TenantUser u = row.value();
        return new MapSqlParameterSource()
                .addValue("migrationId", migrationId)
                .addValue("tenantId", u.tenantId())
                .addValue("userId", u.userId())
                .addValue("line", row.line())
                .addValue("tenantLine", tenantLine)
                .addValue("upn", u.userPrincipalName())
                .addValue("displayName", u.displayName())
                .addValue("licenses", String.join("|", u.licenses()))
                .addValue("usageLocation", u.usageLocation())
                .addValue("licenseAssignment", u.licenseAssignment().name())
                .addValue("disabledPlans", String.join("|", u.disabledPlans()))
                .addValue("accountEnabled", u.accountEnabled())
                .addValue("holdsSource", holdsSource);
    }

    private static final String INSERT = """
            INSERT INTO e4_user (migration_id, tenant_id, user_id, line_number, tenant_line, user_principal_name, display_name,
                licenses, usage_location, license_assignment, disabled_plans, account_enabled, holds_source)
            VALUES (:migrationId, :tenantId, :userId, :line, :tenantLine, :upn, :displayName,
                :licenses, :usageLocation, :licenseAssignment, :disabledPlans, :accountEnabled, :holdsSource)""";
}
