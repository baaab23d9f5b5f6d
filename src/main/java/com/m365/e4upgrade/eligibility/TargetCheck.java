package com.m365.e4upgrade.eligibility;

import com.m365.e4upgrade.licensing.TargetReadiness;

/**
 * Step 2 of the manual procedure asked of the place licenses live: is the new
 * subscription active with enough licenses? Only a live gateway (Microsoft Graph) knows
 * more than tenants.csv says.
 */
@FunctionalInterface
public interface TargetCheck {

    /** tenants.csv is all there is to know. */
    TargetCheck NONE = (tenantId, targetSku, seatsNeeded) -> TargetReadiness.READY;

    TargetReadiness check(String tenantId, String targetSku, int seatsNeeded);

}
