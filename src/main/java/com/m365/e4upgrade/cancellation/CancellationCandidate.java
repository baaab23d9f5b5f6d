package com.m365.e4upgrade.cancellation;

/**
 * A migrated tenant's source subscription, with the number of its users that still hold
 * the source plan and the number of users.csv rows naming it that were rejected: both may
 * still need it.
 */
public record CancellationCandidate(String tenantId, String subscriptionId, String sku, int usersStillOnSource,
        int rejectedUserRows) {
}
