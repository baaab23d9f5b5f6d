package com.m365.e4upgrade.reassignment;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The write batches' numbers as the tenants keep them ({@code e4_tenant.first_batch},
 * {@code last_batch}): the plan stores them, the partitioner cuts them into ranges of
 * whole tenants, and a partition finds the tenants of its range.
 */
@Repository
public class WriteBatchRepository {

    private final NamedParameterJdbcTemplate jdbc;

    public WriteBatchRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A tenant's write batches: {@code first} to {@code last}, {@code first = last + 1}
     * when it has none.
     */
    public record TenantBatches(long line, int first, int last) {
    }

    public void numberBatches(long migrationId, List<TenantBatches> tenants) {
        jdbc.getJdbcOperations()
            .batchUpdate(
                    "UPDATE e4_tenant SET first_batch = ?, last_batch = ? WHERE migration_id = ? AND line_number = ?",
                    tenants, tenants.size(), (statement, tenant) -> {
                        statement.setInt(1, tenant.first());
                        statement.setInt(2, tenant.last());
                        statement.setLong(3, migrationId);
                        statement.setLong(4, tenant.line());
                    });
    }

    /** The highest batch number, 0 when there is none. */
    public int lastBatch(long migrationId) {
        return jdbc.queryForObject(
                "SELECT COALESCE(MAX(last_batch), 0) FROM e4_tenant WHERE migration_id = :migrationId",
                new MapSqlParameterSource("migrationId", migrationId), Integer.class);
    }

    /** The last batch of the tenant that batch belongs to. */
    public int lastBatchOfTheTenantOf(long migrationId, int batch) {
        return jdbc.queryForObject("""
                SELECT last_batch FROM e4_tenant
                WHERE migration_id = :migrationId AND first_batch <= :batch AND last_batch >= :batch""",
                new MapSqlParameterSource("migrationId", migrationId).addValue("batch", batch), Integer.class);
    }

    /** The first and last lines of the tenants that have batches in that range. */
    public record TenantLines(long first, long last) {
    }

    public Optional<TenantLines> tenantLinesOf(long migrationId, int firstBatch, int lastBatch) {
        return jdbc
            .query("""
                    SELECT MIN(line_number), MAX(line_number) FROM e4_tenant
                    WHERE migration_id = :migrationId AND first_batch BETWEEN :firstBatch AND :lastBatch
                      AND last_batch >= first_batch""",
                    new MapSqlParameterSource("migrationId", migrationId).addValue("firstBatch", firstBatch)
                        .addValue("lastBatch", lastBatch),
                    (rs, rowNum) -> rs.getObject(1) == null ? null : new TenantLines(rs.getLong(1), rs.getLong(2)))
            .stream()
            .filter(Objects::nonNull)
            .findFirst();
    }

    /**
     * The users the plan skips in the numbered tenants, as the user import counted them.
     */
    public long usersThePlanSkips(long migrationId) {
        return jdbc.queryForObject("""
                SELECT COALESCE(SUM(unlicensable_holders), 0) FROM e4_tenant
                WHERE migration_id = :migrationId AND first_batch IS NOT NULL""",
                new MapSqlParameterSource("migrationId", migrationId), Long.class);
    }

}
