package com.m365.e4upgrade.licensing;

import java.util.List;

/**
 * A license SKU of Microsoft's table (String_Id, GUID, Product_Display_Name) with its
 * service plans.
 */
public record Sku(String partNumber, String guid, String displayName, List<ServicePlan> servicePlans) {

    public Sku {
        servicePlans = List.copyOf(servicePlans);
    }

    /** Whether this SKU includes a service plan of that name (case-insensitive). */
    public boolean hasPlan(String servicePlanName) {
        return servicePlans.stream().anyMatch(plan -> plan.name().equalsIgnoreCase(servicePlanName));
    }
}
