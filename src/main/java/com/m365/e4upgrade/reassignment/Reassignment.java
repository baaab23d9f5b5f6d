package com.m365.e4upgrade.reassignment;

import java.util.List;

/**
 * A row of reassignments.csv as stored: one user's move from the source plan to the
 * target.
 */
public record Reassignment(String tenantId, String userId, String userPrincipalName, String fromSku, String toSku,
        List<String> disabledPlans, Status status, String detail, Integer batch) {

    public Reassignment {
        disabledPlans = List.copyOf(disabledPlans);
    }

    public enum Status {

        PLANNED, REASSIGNED, SKIPPED

    }

    public Reassignment inBatch(int number) {
        return new Reassignment(tenantId, userId, userPrincipalName, fromSku, toSku, disabledPlans, status, detail,
                number);
    }
}
