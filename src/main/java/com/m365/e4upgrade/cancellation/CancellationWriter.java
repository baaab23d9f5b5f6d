package com.m365.e4upgrade.cancellation;

import java.util.ArrayList;
import java.util.List;

import com.m365.e4upgrade.licensing.LicenseGateway;
import com.m365.e4upgrade.licensing.SourceSubscription;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * Cancels through the gateway the subscriptions the decider let go (the gateway may answer that
 * the admin must do it) and records every tenant's outcome once.
 */
public class CancellationWriter implements ItemWriter<Cancellation> {

    private final LicenseGateway gateway;
    private final NamedParameterJdbcTemplate jdbc;
    private final long migrationId;

    public CancellationWriter(LicenseGateway gateway, NamedParameterJdbcTemplate jdbc, long migrationId) {
        this.gateway = gateway;
        this.jdbc = jdbc;
        this.migrationId = migrationId;
    }

    @Override
    public void write(Chunk<? extends Cancellation> chunk) {
        List<SqlParameterSource> rows = new ArrayList<>();
        for (Cancellation decided : chunk) {
            Cancellation done = decided;
            if (decided.status() == Cancellation.Status.CANCELLED) {
                LicenseGateway.CancellationOutcome outcome = gateway.cancel(
                        new SourceSubscription(decided.tenantId(), decided.subscriptionId(), decided.sku()));
                done = decided.withStatus(Cancellation.Status.valueOf(outcome.name()));
            }
            rows.add(new MapSqlParameterSource()
                    .addValue("migrationId", migrationId)
                    .addValue("tenantId", done.tenantId())
                    .addValue("subscriptionId", done.subscriptionId())
                    .addValue("sku", done.sku())
                    .addValue("status", done.status().name())
                    .addValue("detail", done.detail()));
        }
        jdbc.batchUpdate("""
                INSERT INTO e4_cancellation (migration_id, tenant_id, subscription_id, sku, status, detail)
                VALUES (:migrationId, :tenantId, :subscriptionId, :sku, :status, :detail)""",
                rows.toArray(SqlParameterSource[]::new));
    }
}
