package com.m365.e4upgrade.licensing.graph;

import java.net.URI;

import com.m365.e4upgrade.licensing.Sku;
import com.m365.e4upgrade.licensing.SkuCatalog;
import com.m365.e4upgrade.licensing.TargetReadiness;

import tools.jackson.databind.JsonNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 2 of the procedure: is the new subscription ready? Read from the tenant's
 * {@code subscribedSkus}. The target is found by part number or by its GUID in the
 * catalog (a tenant may show a part number Microsoft spells differently); its free seats
 * are the enabled prepaid units not yet consumed.
 */
final class SubscribedSkus {

    private static final Logger log = LoggerFactory.getLogger(SubscribedSkus.class);

    private static final String ENABLED = "Enabled";

    private final GraphCalls calls;

    private final SkuCatalog catalog;

    SubscribedSkus(GraphCalls calls, SkuCatalog catalog) {
        this.calls = calls;
        this.catalog = catalog;
    }

    TargetReadiness checkTarget(String tenantId, String targetSku, int seatsNeeded) {
        String targetGuid = catalog.find(targetSku).map(Sku::guid).orElse(null);
        String what = "Graph GET /subscribedSkus of tenant " + tenantId;
        boolean enabled = false;
        long freeSeats = 0;
        URI page = calls.uri("/subscribedSkus");
        while (page != null) {
            JsonNode body = calls.getOrFail(tenantId, page, what);
            for (JsonNode sku : body.path("value")) {
                boolean isTarget = sku.path("skuPartNumber").asString("").equalsIgnoreCase(targetSku)
                        || GraphHttp.sameGuid(sku.path("skuId").asString(""), targetGuid);
                if (isTarget && ENABLED.equalsIgnoreCase(sku.path("capabilityStatus").asString(""))) {
                    enabled = true;
                    freeSeats += sku.path("prepaidUnits").path("enabled").asLong(0)
                            - sku.path("consumedUnits").asLong(0);
                }
            }
            page = nextPage(body);
        }
        TargetReadiness readiness = !enabled ? TargetReadiness.NOT_ACTIVE
                : freeSeats >= seatsNeeded ? TargetReadiness.READY : TargetReadiness.SEATS_INSUFFICIENT;
        log.info("Tenant {}: target {} is {} ({} free seats, {} needed)", tenantId, targetSku, readiness,
                enabled ? freeSeats : 0, seatsNeeded);
        return readiness;
    }

    /**
     * The units of the SKU (by part number or catalog GUID) consumed in the tenant, over
     * all its entries: the live count of the users who hold it. A tenant without the SKU
     * has none.
     */
    long consumedUnits(String tenantId, String partNumber) {
        String guid = catalog.find(partNumber).map(Sku::guid).orElse(null);
        String what = "Graph GET /subscribedSkus of tenant " + tenantId;
        long consumed = 0;
        URI page = calls.uri("/subscribedSkus");
        while (page != null) {
            JsonNode body = calls.getOrFail(tenantId, page, what);
            for (JsonNode sku : body.path("value")) {
                if (sku.path("skuPartNumber").asString("").equalsIgnoreCase(partNumber)
                        || GraphHttp.sameGuid(sku.path("skuId").asString(""), guid)) {
                    consumed += sku.path("consumedUnits").asLong(0);
                }
            }
            page = nextPage(body);
        }
        log.info("Tenant {}: {} units of {} consumed live", tenantId, consumed, partNumber);
        return consumed;
    }

    /** Follows Graph's paging only within Graph. */
    private URI nextPage(JsonNode body) {
        String next = body.path("@odata.nextLink").asString("");
        return calls.isWithinGraph(next) ? URI.create(next) : null;
    }

}
