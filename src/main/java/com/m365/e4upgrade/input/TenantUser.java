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

    /**
     * Whether the job can move this user's license itself: Microsoft assigns a license
     * only to a user with a usage location, and a license a group gives changes only
     * through that group. The plan skips a holder for whom this is false.
     */
    public boolean licensableDirectly() {
        return usageLocation != null && !usageLocation.isBlank() && licenseAssignment != LicenseAssignment.GROUP;
    }

    public enum LicenseAssignment {

        DIRECT, GROUP

    }
}
