package com.m365.e4upgrade.inventory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.m365.e4upgrade.input.CsvRecord;
import com.m365.e4upgrade.licensing.ServicePlan;
import com.m365.e4upgrade.licensing.Sku;
import com.m365.e4upgrade.licensing.SkuCatalog;
import com.m365.e4upgrade.licensing.TenantInventory.LiveLicense;
import com.m365.e4upgrade.licensing.TenantInventory.LiveSku;
import com.m365.e4upgrade.licensing.TenantInventory.LiveSubscription;
import com.m365.e4upgrade.licensing.TenantInventory.LiveTenant;
import com.m365.e4upgrade.licensing.TenantInventory.LiveUser;

/**
 * What one live tenant makes of the contract's files: its tenants.csv row (the operator's
 * cells as given, the subscription columns as the tenant shows them now), its users.csv
 * rows (every holder of the source SKU) and the changes between the two rows.
 *
 * <ul>
 * <li>Ids and counts of subscriptions come from {@code /directory/subscriptions}, seats
 * and states from {@code /subscribedSkus} (the directory's totalLicenses when the SKU is
 * not there).</li>
 * <li>The source subscription is the one tenants.csv named, if the tenant still has it,
 * else its first enabled subscription of the source SKU; {@code subscription_id} is its
 * commerce subscription id (its directory id when it has none); {@code licenses} the
 * source SKU's prepaid enabled units; {@code plans_for_product} counts the source SKU's
 * subscriptions not deleted.</li>
 * <li>The target: {@code target_subscription_id} its subscription (an enabled one first),
 * {@code target_licenses} its prepaid enabled units, {@code target_status} ACTIVE when
 * its capability status is Enabled, else PENDING; a target the tenant does not have at
 * all gives empty, 0, PENDING.</li>
 * </ul>
 */
final class InventoryRows {

    /** The tenants.csv columns the inventory fills, in the order it adds missing ones. */
    static final List<String> LIVE_COLUMNS = List.of("subscription_id", "source_sku", "licenses", "plans_for_product",
            "target_subscription_id", "target_licenses", "target_status");

    static final List<String> USER_COLUMNS = List.of("tenant_id", "user_id", "user_principal_name", "display_name",
            "licenses", "usage_location", "license_assignment", "disabled_plans", "account_enabled");

    private static final String ENABLED = "Enabled";

    private final SkuCatalog catalog;

    InventoryRows(SkuCatalog catalog) {
        this.catalog = catalog;
    }

    /** tenants.csv's header: the operator's, then the live columns it lacks. */
    static List<String> tenantsHeader(List<String> given) {
        List<String> header = new ArrayList<>(given);
        for (String column : LIVE_COLUMNS) {
            if (given.stream().noneMatch(name -> name.strip().equalsIgnoreCase(column))) {
                header.add(column);
            }
        }
        return header;
    }

    /** The live values of the tenant's subscription columns, by column name. */
    Map<String, String> liveColumns(CsvRecord row, Sku source, LiveTenant tenant) {
        Map<String, String> live = new LinkedHashMap<>();
        List<LiveSubscription> sourceSubscriptions = tenant.subscriptions()
            .stream()
            .filter(subscription -> is(subscription.skuId(), subscription.skuPartNumber(), source))
            .filter(subscription -> !"Deleted".equalsIgnoreCase(subscription.status()))
            .toList();
        String given = row.value("subscription_id");
        Optional<LiveSubscription> named = sourceSubscriptions.stream()
            .filter(subscription -> given.equalsIgnoreCase(subscription.commerceSubscriptionId())
                    || given.equalsIgnoreCase(subscription.id()))
            .findFirst();
        Optional<LiveSubscription> chosen = named.or(() -> sourceSubscriptions.stream()
            .sorted(Comparator.comparing(subscription -> !ENABLED.equalsIgnoreCase(subscription.status())))
            .findFirst());
        Optional<LiveSku> sourceSku = sku(tenant, source);
        live.put("subscription_id", chosen.map(InventoryRows::subscriptionId).orElse(given));
        live.put("source_sku", source.partNumber());
        live.put("licenses", Long.toString(sourceSku.map(LiveSku::enabledUnits)
            .orElseGet(() -> chosen.map(LiveSubscription::totalLicenses).orElse(0L))));
        live.put("plans_for_product", Integer.toString(Math.max(1, sourceSubscriptions.size())));
        Optional<Sku> target = catalog.find(row.value("target_sku"));
        if (target.isEmpty()) {
            // an unknown target SKU cannot be looked up: the operator's cells stay
            live.put("target_subscription_id", row.value("target_subscription_id"));
            live.put("target_licenses", row.value("target_licenses"));
            live.put("target_status", row.value("target_status"));
            return live;
        }
        Optional<LiveSubscription> targetSubscription = tenant.subscriptions()
            .stream()
            .filter(subscription -> is(subscription.skuId(), subscription.skuPartNumber(), target.get()))
            .filter(subscription -> !"Deleted".equalsIgnoreCase(subscription.status()))
            .sorted(Comparator.comparing(subscription -> !ENABLED.equalsIgnoreCase(subscription.status())))
            .findFirst();
        Optional<LiveSku> targetSku = sku(tenant, target.get());
        if (targetSubscription.isEmpty() && targetSku.isEmpty()) {
            live.put("target_subscription_id", "");
            live.put("target_licenses", "0");
            live.put("target_status", "PENDING");
            return live;
        }
        live.put("target_subscription_id",
                targetSubscription.map(InventoryRows::subscriptionId).orElse(row.value("target_subscription_id")));
        live.put("target_licenses", Long.toString(targetSku.map(LiveSku::enabledUnits)
            .orElseGet(() -> targetSubscription.map(LiveSubscription::totalLicenses).orElse(0L))));
        boolean enabled = targetSku.map(sku -> ENABLED.equalsIgnoreCase(sku.capabilityStatus()))
            .orElseGet(() -> ENABLED.equalsIgnoreCase(targetSubscription.get().status()));
        live.put("target_status", enabled ? "ACTIVE" : "PENDING");
        return live;
    }

    /** The tenants.csv row: the operator's cells, the live columns replaced or added. */
    static String[] tenantRow(CsvRecord row, List<String> header, Map<String, String> live) {
        String[] cells = new String[header.size()];
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i).strip().toLowerCase(Locale.ROOT);
            cells[i] = live.containsKey(column) ? live.get(column) : i < row.fields().length ? row.fields()[i] : "";
        }
        return cells;
    }

    /**
     * inventory-changes.csv: each live column whose value differs from the operator's.
     */
    static List<String[]> changes(CsvRecord row, Map<String, String> live) {
        List<String[]> changes = new ArrayList<>();
        live.forEach((column, now) -> {
            String was = row.value(column);
            if (!same(column, was, now)) {
                changes.add(new String[] { row.value("tenant_id"), column, was, now });
            }
        });
        return changes;
    }

    /** users.csv: one row per holder of the source SKU. */
    List<String[]> userRows(String writtenTenantId, Sku source, LiveTenant tenant) {
        List<String[]> rows = new ArrayList<>();
        for (LiveUser user : tenant.sourceHolders()) {
            List<String> licenses = new ArrayList<>();
            List<String> disabled = new ArrayList<>();
            for (LiveLicense license : user.licenses()) {
                licenses.add(catalog.findByGuid(license.skuId()).map(Sku::partNumber).orElse(license.skuId()));
                if (license.skuId().equalsIgnoreCase(source.guid())) {
                    license.disabledPlanIds().forEach(id -> disabled.add(planName(source, id)));
                }
            }
            rows.add(new String[] { writtenTenantId, user.id(), user.userPrincipalName(), user.displayName(),
                    String.join("|", licenses), user.usageLocation(), user.sourceFromGroup() ? "GROUP" : "DIRECT",
                    String.join("|", disabled),
                    user.accountEnabled() == null ? "" : Boolean.toString(user.accountEnabled()) });
        }
        return rows;
    }

    private static String planName(Sku sku, String planId) {
        return sku.servicePlans()
            .stream()
            .filter(plan -> plan.id().equalsIgnoreCase(planId))
            .map(ServicePlan::name)
            .findFirst()
            .orElse(planId);
    }

    private static Optional<LiveSku> sku(LiveTenant tenant, Sku wanted) {
        return tenant.subscribedSkus().stream().filter(sku -> is(sku.skuId(), sku.skuPartNumber(), wanted)).findFirst();
    }

    private static boolean is(String skuId, String partNumber, Sku wanted) {
        return skuId.strip().equalsIgnoreCase(wanted.guid())
                || partNumber.strip().equalsIgnoreCase(wanted.partNumber());
    }

    private static String subscriptionId(LiveSubscription subscription) {
        return subscription.commerceSubscriptionId().isBlank() ? subscription.id()
                : subscription.commerceSubscriptionId();
    }

    /**
     * Numbers by value, the rest ignoring case; an empty status or count is its default.
     */
    private static boolean same(String column, String was, String now) {
        String given = was.strip();
        if (given.isEmpty()) {
            given = switch (column) {
                case "target_licenses" -> "0";
                case "target_status" -> "PENDING";
                case "plans_for_product" -> "1";
                default -> "";
            };
        }
        try {
            return new java.math.BigDecimal(given).compareTo(new java.math.BigDecimal(now)) == 0;
        }
        catch (NumberFormatException notNumbers) {
            return given.equalsIgnoreCase(now.strip());
        }
    }

}
