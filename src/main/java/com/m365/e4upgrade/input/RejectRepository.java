package com.m365.e4upgrade.input;

import java.util.List;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

/**
 * Every statement on {@code e4_reject}: the rejected input rows, written in the chunk's
 * transaction.
 */
@Repository
public class RejectRepository {

    private final NamedParameterJdbcTemplate jdbc;

    public RejectRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void saveAll(long migrationId, String fileName, List<? extends ImportedRow.Rejected<?>> rejects) {
        if (rejects.isEmpty()) {
            return;
        }
        SqlParameterSource[] rows = rejects.stream()
            .map(reject -> new MapSqlParameterSource().addValue("migrationId", migrationId)
                .addValue("fileName", fileName)
                .addValue("line", reject.line())
                .addValue("reason", reject.reason())
                .addValue("record", reject.record())
                .addValue("tenantId", reject.namedTenant()))
            .toArray(SqlParameterSource[]::new);
        jdbc.batchUpdate("""
                INSERT INTO e4_reject (migration_id, file_name, line_number, reason, record, tenant_id)
                VALUES (:migrationId, :fileName, :line, :reason, :record, :tenantId)""", rows);
    }

    public long count(long migrationId, String fileName) {
        Long count = jdbc.queryForObject(
                "SELECT COUNT(*) FROM e4_reject WHERE migration_id = :migrationId AND file_name = :fileName",
                new MapSqlParameterSource("migrationId", migrationId).addValue("fileName", fileName), Long.class);
        return count == null ? 0 : count;
    }

}
