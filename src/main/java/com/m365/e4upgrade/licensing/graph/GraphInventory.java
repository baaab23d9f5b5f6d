package com.m365.e4upgrade.licensing.graph;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.m365.e4upgrade.licensing.Sku;
import com.m365.e4upgrade.licensing.TenantInventory;

import tools.jackson.databind.JsonNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inventory's reads of one tenant, each through {@link GraphCalls} (the tenant's
 * token, retries while throttled, the counters): the source-plan holders
 * ({@code GET /users} filtered on the source SKU's GUID, every page), the subscribed SKUs
 * and the directory subscriptions. A refusal that another attempt will not cure (no
 * consent, a token refused, a permission missing) makes the tenant unreadable; the others
 * go on. Needs User.Read.All and Organization.Read.All.
 */
final class GraphInventory implements TenantInventory {

    private static final Logger log = LoggerFactory.getLogger(GraphInventory.class);

    static final String USER_FIELDS = "id,userPrincipalName,displayName,usageLocation,accountEnabled,"
            + "assignedLicenses,licenseAssignmentStates";

    private final GraphCalls calls;

    GraphInventory(GraphCalls calls) {
        this.calls = calls;
    }

    @Override
    public LiveTenant read(String tenantId, Sku source) {
        try {
            List<LiveUser> holders = new ArrayList<>();
            String filter = "assignedLicenses/any(x:x/skuId eq " + source.guid() + ")";
            eachItem(tenantId, calls.uri("/users?$filter=" + encode(filter) + "&$select=" + USER_FIELDS + "&$top=999"),
                    "Graph GET /users holding " + source.partNumber() + " of tenant " + tenantId,
                    user -> holders.add(user(user, source)));
            List<LiveSku> skus = new ArrayList<>();
            eachItem(tenantId, calls.uri("/subscribedSkus"), "Graph GET /subscribedSkus of tenant " + tenantId,
                    sku -> skus.add(new LiveSku(sku.path("skuId").asString(""), sku.path("skuPartNumber").asString(""),
                            sku.path("capabilityStatus").asString(""),
                            sku.path("prepaidUnits").path("enabled").asLong(0), sku.path("consumedUnits").asLong(0))));
            List<LiveSubscription> subscriptions = new ArrayList<>();
            eachItem(tenantId, calls.uri("/directory/subscriptions"),
                    "Graph GET /directory/subscriptions of tenant " + tenantId,
                    subscription -> subscriptions.add(new LiveSubscription(subscription.path("id").asString(""),
                            subscription.path("commerceSubscriptionId").asString(""),
                            subscription.path("skuId").asString(""), subscription.path("skuPartNumber").asString(""),
                            subscription.path("status").asString(""), subscription.path("totalLicenses").asLong(0))));
            log.info("Tenant {}: {} users hold {}; {} subscribed SKUs, {} subscriptions", tenantId, holders.size(),
                    source.partNumber(), skus.size(), subscriptions.size());
            return new LiveTenant(holders, skus, subscriptions);
        }
        catch (GraphGatewayException refused) {
            throw new TenantUnreadableException(refused.getMessage(), refused);
        }
    }

    /** Every item of the collection, following {@code @odata.nextLink} within Graph. */
    private void eachItem(String tenantId, URI first, String what, Consumer<JsonNode> item) {
        URI page = first;
        while (page != null) {
            JsonNode body = calls.getOrFail(tenantId, page, what);
            body.path("value").forEach(item);
            String next = body.path("@odata.nextLink").asString("");
            page = calls.isWithinGraph(next) ? URI.create(next) : null;
        }
    }

    private static LiveUser user(JsonNode user, Sku source) {
        List<LiveLicense> licenses = new ArrayList<>();
        for (JsonNode license : user.path("assignedLicenses")) {
            List<String> disabled = new ArrayList<>();
            license.path("disabledPlans").forEach(plan -> disabled.add(plan.asString("")));
            licenses.add(new LiveLicense(license.path("skuId").asString(""), disabled));
        }
        boolean fromGroup = false;
        for (JsonNode state : user.path("licenseAssignmentStates")) {
            String group = state.path("assignedByGroup").asString("");
            fromGroup |= GraphHttp.sameGuid(state.path("skuId").asString(""), source.guid()) && !group.isBlank();
        }
        JsonNode enabled = user.path("accountEnabled");
        return new LiveUser(user.path("id").asString(""), user.path("userPrincipalName").asString(""),
                user.path("displayName").asString(""), user.path("usageLocation").asString(""),
                enabled.isBoolean() ? enabled.asBoolean() : null, licenses, fromGroup);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

}
