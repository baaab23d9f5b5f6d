package com.m365.e4upgrade.licensing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * The default gateway: applies moves to the tenants' license state held in the job's database
 * (loaded from users.csv), inside the chunk's transaction, so a move commits or rolls back with
 * the chunk that records it.
 */
public class EmbeddedLicenseGateway implements LicenseGateway {

    private final NamedParameterJdbcTemplate jdbc;
    private final long migrationId;

    public EmbeddedLicenseGateway(NamedParameterJdbcTemplate jdbc, long migrationId) {
        this.jdbc = jdbc;
        this.migrationId = migrationId;
    }

    @Override
    public List<MoveOutcome> move(WriteBatch batch) {
        Map<String, List<String>> licensesByUser = currentLicenses(batch);
        List<SqlParameterSource> updates = new ArrayList<>();
        List<MoveOutcome> outcomes = new ArrayList<>();
        for (UserMove move : batch.moves()) {
            List<String> licenses = licensesByUser.get(move.userId());
            if (licenses == null) {
                outcomes.add(MoveOutcome.skipped(move.userId(), "USER_NOT_FOUND"));
                continue;
            }
            updates.add(new MapSqlParameterSource()
                    .addValue("migrationId", migrationId)
                    .addValue("tenantId", batch.tenantId())
                    .addValue("userId", move.userId())
                    .addValue("licenses", String.join("|", replace(licenses, batch.fromSku(), batch.toSku())))
                    .addValue("disabledPlans", String.join("|", move.keptDisabledPlans())));
            outcomes.add(MoveOutcome.reassigned(move.userId()));
        }
        if (!updates.isEmpty()) {
            // one statement per user replaces the whole license list: there is no moment without one
            jdbc.batchUpdate("""
                    UPDATE e4_user SET licenses = :licenses, disabled_plans = :disabledPlans
                    WHERE migration_id = :migrationId AND tenant_id = :tenantId AND user_id = :userId""",
                    updates.toArray(SqlParameterSource[]::new));
        }
        return outcomes;
    }

    @Override
    public CancellationOutcome cancel(SourceSubscription subscription) {
        jdbc.update("""
                UPDATE e4_tenant SET subscription_state = 'CANCELLED'
                WHERE migration_id = :migrationId AND tenant_id = :tenantId AND subscription_state = 'ACTIVE'""",
                new MapSqlParameterSource("migrationId", migrationId).addValue("tenantId", subscription.tenantId()));
        return CancellationOutcome.CANCELLED;
    }

    private Map<String, List<String>> currentLicenses(WriteBatch batch) {
        Map<String, List<String>> licenses = new HashMap<>();
        jdbc.query("""
                SELECT user_id, licenses FROM e4_user
                WHERE migration_id = :migrationId AND tenant_id = :tenantId AND user_id IN (:userIds)""",
                new MapSqlParameterSource("migrationId", migrationId)
                        .addValue("tenantId", batch.tenantId())
                        .addValue("userIds", batch.moves().stream().map(UserMove::userId).toList()),
                rs -> {
                    String held = rs.getString(2);
                    licenses.put(rs.getString(1),
                            held == null || held.isEmpty() ? List.of() : Arrays.asList(held.split("\\|")));
                });
        return licenses;
    }

    /** The source SKU gives way to the target in place; a user already holding the target keeps one copy. */
    public static List<String> replace(List<String> licenses, String fromSku, String toSku) {
        List<String> result = new ArrayList<>();
        boolean targetPresent = licenses.stream().anyMatch(sku -> sku.equalsIgnoreCase(toSku));
        for (String sku : licenses) {
            if (sku.equalsIgnoreCase(fromSku)) {
                if (!targetPresent) {
                    result.add(toSku);
                    targetPresent = true;
                }
            } else {
                result.add(sku);
            }
        }
        return result;
    }
}
