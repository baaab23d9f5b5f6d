package com.m365.e4upgrade.reassignment;

import java.util.List;

/**
 * A user holding the source plan in a tenant that migrates, with what the plan step needs
 * to know.
 */
public record PlanCandidate(String tenantId, String userId, String userPrincipalName, String usageLocation,
        String licenseAssignment, List<String> disabledPlans, String sourceSku, String targetSku) {

    public PlanCandidate {
        disabledPlans = List.copyOf(disabledPlans);
    }
}
