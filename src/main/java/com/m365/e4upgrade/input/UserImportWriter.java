package com.m365.e4upgrade.input;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Stores the accepted users of a chunk. The user's tenant must be an accepted tenant, looked up in
 * the tenants stored by the previous step (held in memory: one small entry per tenant, whatever the
 * number of users). Ids compare in any case ({@link Guids}). A user_id already stored in that
 * tenant is rejected naming the first line: the
 * primary key finds it, so the usual chunk costs one batch insert, and only a chunk that holds a
 * duplicate is replayed row by row from a savepoint.
 */
public class UserImportWriter implements ItemWriter<ImportedRow<TenantUser>> {

    public static final String FILE_NAME = "users.csv";

    private final NamedParameterJdbcTemplate jdbc;
    private final DataSource dataSource;
    private final RejectStore rejects;
    private final long migrationId;
    private Map<String, TenantRef> tenants;

    public UserImportWriter(NamedParameterJdbcTemplate jdbc, DataSource dataSource, RejectStore rejects, long migrationId) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.rejects = rejects;
        this.migrationId = migrationId;
    }

    private record TenantRef(long line, String sourceSku) {
    }

    @Override
    public void write(Chunk<? extends ImportedRow<TenantUser>> chunk) throws SQLException {
        ImportedRow.Split<TenantUser> rows = ImportedRow.Split.of(chunk);
        List<ImportedRow.Rejected<TenantUser>> rejected = rows.rejected();
        List<ImportedRow.Accepted<TenantUser>> insertable = new ArrayList<>();
        Map<String, Long> linesInChunk = new HashMap<>();
        for (ImportedRow.Accepted<TenantUser> row : rows.accepted()) {
            TenantUser user = row.value();
            if (tenant(user.tenantId()) == null) {
                rejected.add(new ImportedRow.Rejected<>(row.line(),
                        "tenant_id: " + user.tenantId() + " is not an accepted tenant of tenants.csv", row.record()));
                continue;
            }
            Long firstLine = linesInChunk.putIfAbsent(Guids.key(user.tenantId()) + '/' + Guids.key(user.userId()),
                    row.line());
            if (firstLine != null) {
                rejected.add(duplicate(row, firstLine));
                continue;
            }
            insertable.add(row);
        }
        insert(insertable, rejected);
        rejects.saveAll(migrationId, FILE_NAME, rejected);
    }

    private void insert(List<ImportedRow.Accepted<TenantUser>> rows, List<ImportedRow.Rejected<TenantUser>> rejected)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        Savepoint beforeInsert = connection.setSavepoint();
        try {
            jdbc.batchUpdate(INSERT, rows.stream().map(this::parameters).toArray(SqlParameterSource[]::new));
            connection.releaseSavepoint(beforeInsert);
        } catch (DuplicateKeyException storedBefore) {
            connection.rollback(beforeInsert);
            for (ImportedRow.Accepted<TenantUser> row : rows) {
                Long firstLine = storedLine(row.value());
                if (firstLine != null) {
                    rejected.add(duplicate(row, firstLine));
                } else {
                    jdbc.update(INSERT, parameters(row));
                }
            }
        }
    }

    private Long storedLine(TenantUser user) {
        List<Long> lines = jdbc.queryForList("""
                SELECT line_number FROM e4_user
                WHERE migration_id = :migrationId AND tenant_id = :tenantId AND user_id = :userId""",
                new MapSqlParameterSource("migrationId", migrationId)
                        .addValue("tenantId", Guids.key(user.tenantId())).addValue("userId", Guids.key(user.userId())),
                Long.class);
        return lines.isEmpty() ? null : lines.get(0);
    }

    private static ImportedRow.Rejected<TenantUser> duplicate(ImportedRow.Accepted<TenantUser> row, long firstLine) {
        return new ImportedRow.Rejected<>(row.line(), "user_id: duplicate of line " + firstLine + " in the same tenant",
                row.record(), Guids.key(row.value().tenantId()));
    }

    private TenantRef tenant(String tenantId) {
        if (tenants == null) {
            Map<String, TenantRef> all = new HashMap<>();
            jdbc.query("SELECT tenant_id, line_number, source_sku FROM e4_tenant WHERE migration_id = :migrationId",
                    new MapSqlParameterSource("migrationId", migrationId),
                    rs -> {
                        all.put(rs.getString(1), new TenantRef(rs.getLong(2), rs.getString(3)));
                    });
            tenants = all;
        }
        return tenants.get(Guids.key(tenantId));
    }

    private MapSqlParameterSource parameters(ImportedRow.Accepted<TenantUser> row) {
        TenantUser u = row.value();
        TenantRef tenant = tenant(u.tenantId());
        return new MapSqlParameterSource()
                .addValue("migrationId", migrationId)
                .addValue("tenantId", Guids.key(u.tenantId()))
                .addValue("userId", Guids.key(u.userId()))
                .addValue("writtenTenantId", u.tenantId())
                .addValue("writtenUserId", u.userId())
                .addValue("line", row.line())
                .addValue("tenantLine", tenant.line())
                .addValue("upn", u.userPrincipalName())
                .addValue("displayName", u.displayName())
                .addValue("licenses", String.join("|", u.licenses()))
                .addValue("usageLocation", u.usageLocation())
                .addValue("licenseAssignment", u.licenseAssignment().name())
                .addValue("disabledPlans", String.join("|", u.disabledPlans()))
                .addValue("accountEnabled", u.accountEnabled())
                .addValue("holdsSource", u.holds(tenant.sourceSku()));
    }

    private static final String INSERT = """
            INSERT INTO e4_user (migration_id, tenant_id, user_id, written_tenant_id, written_user_id, line_number, tenant_line, user_principal_name,
                display_name, licenses, usage_location, license_assignment, disabled_plans, account_enabled, holds_source)
            VALUES (:migrationId, :tenantId, :userId, :writtenTenantId, :writtenUserId, :line, :tenantLine, :upn,
                :displayName, :licenses, :usageLocation, :licenseAssignment, :disabledPlans, :accountEnabled, :holdsSource)""";
}
