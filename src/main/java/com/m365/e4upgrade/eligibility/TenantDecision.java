package com.m365.e4upgrade.eligibility;

import java.util.List;

/** The stored outcome of the eligibility step for one tenant. */
public record TenantDecision(String tenantId, Verdict verdict, List<ReasonCode> reasons, int sourceUsers) {

    public TenantDecision {
        reasons = List.copyOf(reasons);
    }
}
