package com.m365.e4upgrade.input;

import java.util.List;

/** One accepted row of users.csv. */
public record TenantUser(String tenantId, String userId, String userPrincipalName, String displayName,
        List<String> licenses, String usageLocation, LicenseAssignment licenseAssignment, List<String> disabledPlans,
        boolean accountEnabled) {

    public TenantUser {
        licenses = List.copyOf(licenses);
        disabledPlans = List.copyOf(disabledPlans);
    }

    public boolean holds(String sku) {
        return licenses.stream().anyMatch(held -> held.equalsIgnoreCase(sku));
    }

    public enum LicenseAssignment {

        DIRECT, GROUP

    }
}
