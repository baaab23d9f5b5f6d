package com.m365.e4upgrade.input;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

import org.springframework.jdbc.core.RowMapper;

/** Reads a stored tenant back from {@code e4_tenant}. */
public class TenantRowMapper implements RowMapper<Tenant> {

    @Override
    public Tenant mapRow(ResultSet rs, int rowNum) throws SQLException {
        return new Tenant(rs.getString("tenant_id"), rs.getString("tenant_name"), rs.getString("subscription_id"),
                rs.getString("source_sku"), rs.getInt("licenses"), rs.getString("target_sku"),
                rs.getString("target_subscription_id"), rs.getInt("target_licenses"),
                Tenant.TargetStatus.valueOf(rs.getString("target_status")),
                Tenant.PurchaseChannel.valueOf(rs.getString("purchase_channel")),
                Tenant.PaymentMethod.valueOf(rs.getString("payment_method")), rs.getBoolean("prepaid"),
                Tenant.Sector.valueOf(rs.getString("sector")), rs.getInt("plans_for_product"),
                list(rs.getString("add_ons")), rs.getBigDecimal("unpaid_balance"),
                rs.getBoolean("credit_check_pending"), rs.getBoolean("upgrade_in_progress"),
                Tenant.ServiceStatus.valueOf(rs.getString("service_status")), rs.getBoolean("upgrade_eligible"),
                rs.getBoolean("temporarily_unavailable"));
    }

    /** Lists are stored as the contract writes them: items separated by {@code |}. */
    public static List<String> list(String stored) {
        return stored == null || stored.isEmpty() ? List.of() : Arrays.asList(stored.split("\\|"));
    }

}
