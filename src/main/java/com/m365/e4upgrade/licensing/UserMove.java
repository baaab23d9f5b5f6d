package com.m365.e4upgrade.licensing;

import java.util.List;

/**
 * One user's license move inside a write batch: the source SKU replaced by the target in
 * one call.
 */
public record UserMove(String userId, String userPrincipalName, List<String> keptDisabledPlans) {

    public UserMove {
        keptDisabledPlans = List.copyOf(keptDisabledPlans);
    }
}
