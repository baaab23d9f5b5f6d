package com.m365.e4upgrade.reassignment;

import java.util.ArrayList;
import java.util.List;

import com.m365.e4upgrade.licensing.LicenseGateway;
import com.m365.e4upgrade.licensing.MoveOutcome;
import com.m365.e4upgrade.licensing.WriteBatch;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * Sends each write batch through the gateway and records every user's outcome. Only PLANNED rows
 * change, so a batch replayed after a crash cannot count a user twice.
 */
public class ReassignWriter implements ItemWriter<WriteBatch> {

    private final LicenseGateway gateway;
    private final NamedParameterJdbcTemplate jdbc;
    private final long migrationId;

    public ReassignWriter(LicenseGateway gateway, NamedParameterJdbcTemplate jdbc, long migrationId) {
        this.gateway = gateway;
        this.jdbc = jdbc;
        this.migrationId = migrationId;
    }

    @Override
    public void write(Chunk<? extends WriteBatch> chunk) {
        List<SqlParameterSource> updates = new ArrayList<>();
        for (WriteBatch batch : chunk) {
            for (MoveOutcome outcome : gateway.move(batch)) {
                updates.add(new MapSqlParameterSource()
                        .addValue("migrationId", migrationId)
                        .addValue("tenantId", batch.tenantId())
                        .addValue("userId", outcome.userId())
                        .addValue("status", outcome.status().name())
                        .addValue("detail", outcome.detail()));
            }
        }
        jdbc.batchUpdate("""
                UPDATE e4_reassignment SET status = :status, detail = :detail
                WHERE migration_id = :migrationId AND tenant_id = :tenantId AND user_id = :userId
                  AND status = 'PLANNED'""", updates.toArray(SqlParameterSource[]::new));
    }
}
