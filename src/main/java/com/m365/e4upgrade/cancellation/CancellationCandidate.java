package com.m365.e4upgrade.cancellation;

/** A migrated tenant's source subscription, with the number of its users that still hold the source plan. */
public record CancellationCandidate(String tenantId, String subscriptionId, String sku, int usersStillOnSource) {
}
