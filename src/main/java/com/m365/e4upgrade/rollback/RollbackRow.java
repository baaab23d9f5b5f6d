package com.m365.e4upgrade.rollback;

/**
 * A PLANNED row of e4_rollback: the user goes from {@code fromSku} (the migration's
 * target) back to {@code toSku} (its source) with these disabled plans ('|' separated).
 */
public record RollbackRow(String tenantId, long tenantLine, String userId, String userPrincipalName, String fromSku,
        String toSku, String disabledPlans, int batch) {
}
