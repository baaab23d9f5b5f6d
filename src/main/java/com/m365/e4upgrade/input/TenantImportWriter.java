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
 * Stores the accepted tenants of a chunk and the rejected rows. A tenant_id already stored, or
 * seen earlier in the chunk, in any case, is rejected naming the line where it first appeared: the
 * first row wins, whatever the chunk boundaries were.
 */
public class TenantImportWriter implements ItemWriter<ImportedRow<Tenant>> {

    public static final String FILE_NAME = "tenants.csv";

    private final NamedParameterJdbcTemplate jdbc;
    private final RejectStore rejects;
    private final long migrationId;

    public TenantImportWriter(NamedParameterJdbcTemplate jdbc, RejectStore rejects, long migrationId) {
        this.jdbc = jdbc;
        this.rejects = rejects;
        this.migrationId = migrationId;
    }

    @Override
    public void write(Chunk<? extends ImportedRow<Tenant>> chunk) {
        ImportedRow.Split<Tenant> rows = ImportedRow.Split.of(chunk);
        List<ImportedRow.Accepted<Tenant>> accepted = rows.accepted();
        List<ImportedRow.Rejected<Tenant>> rejected = rows.rejected();
        Map<String, Long> firstLines = storedLines(accepted);
        List<SqlParameterSource> inserts = new ArrayList<>();
        for (ImportedRow.Accepted<Tenant> row : accepted) {
            Long firstLine = firstLines.putIfAbsent(Guids.key(row.value().tenantId()), row.line());
            if (firstLine != null) {
                rejected.add(new ImportedRow.Rejected<>(row.line(),
                        "tenant_id: duplicate of line " + firstLine, row.record()));
            } else {
                inserts.add(parameters(row));
            }
        }
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate(INSERT, inserts.toArray(SqlParameterSource[]::new));
        }
        rejects.saveAll(migrationId, FILE_NAME, rejected);
    }

    private Map<String, Long> storedLines(List<ImportedRow.Accepted<Tenant>> accepted) {
        Map<String, Long> lines = new HashMap<>();
        if (accepted.isEmpty()) {
            return lines;
        }
        List<String> ids = accepted.stream().map(row -> Guids.key(row.value().tenantId())).distinct().toList();
        jdbc.query("SELECT tenant_id, line_number FROM e4_tenant WHERE migration_id = :migrationId AND tenant_id IN (:ids)",
                new MapSqlParameterSource("migrationId", migrationId).addValue("ids", ids),
                rs -> {
                    lines.put(rs.getString(1), rs.getLong(2));
                });
        return lines;
    }

    private MapSqlParameterSource parameters(ImportedRow.Accepted<Tenant> row) {
        Tenant t = row.value();
        return new MapSqlParameterSource()
                .addValue("migrationId", migrationId)
                .addValue("tenantId", Guids.key(t.tenantId()))
                .addValue("writtenTenantId", t.tenantId())
                .addValue("line", row.line())
                .addValue("tenantName", t.tenantName())
                .addValue("subscriptionId", t.subscriptionId())
                .addValue("sourceSku", t.sourceSku())
                .addValue("licenses", t.licenses())
                .addValue("targetSku", t.targetSku())
                .addValue("targetSubscriptionId", t.targetSubscriptionId())
                .addValue("targetLicenses", t.targetLicenses())
                .addValue("targetStatus", t.targetStatus().name())
                .addValue("purchaseChannel", t.purchaseChannel().name())
                .addValue("paymentMethod", t.paymentMethod().name())
                .addValue("prepaid", t.prepaid())
                .addValue("sector", t.sector().name())
                .addValue("plansForProduct", t.plansForProduct())
                .addValue("addOns", String.join("|", t.addOns()))
                .addValue("unpaidBalance", t.unpaidBalance())
                .addValue("creditCheckPending", t.creditCheckPending())
                .addValue("upgradeInProgress", t.upgradeInProgress())
                .addValue("serviceStatus", t.serviceStatus().name())
                .addValue("upgradeEligible", t.upgradeEligible())
                .addValue("temporarilyUnavailable", t.temporarilyUnavailable());
    }

    private static final String INSERT = """
            INSERT INTO e4_tenant (migration_id, tenant_id, written_tenant_id, line_number, tenant_name, subscription_id, source_sku,
                licenses, target_sku, target_subscription_id, target_licenses, target_status, purchase_channel,
                payment_method, prepaid, sector, plans_for_product, add_ons, unpaid_balance, credit_check_pending,
                upgrade_in_progress, service_status, upgrade_eligible, temporarily_unavailable)
            VALUES (:migrationId, :tenantId, :writtenTenantId, :line, :tenantName, :subscriptionId, :sourceSku,
                :licenses, :targetSku, :targetSubscriptionId, :targetLicenses, :targetStatus, :purchaseChannel,
                :paymentMethod, :prepaid, :sector, :plansForProduct, :addOns, :unpaidBalance, :creditCheckPending,
                :upgradeInProgress, :serviceStatus, :upgradeEligible, :temporarilyUnavailable)""";
}
