package com.m365.e4upgrade.licensing;

/**
 * A service plan inside a SKU, as Microsoft's table names it (Service_Plan_Name,
 * Service_Plan_Id).
 */
public record ServicePlan(String name, String id) {
}
