package com.m365.e4upgrade.licensing;

/** The subscription a migrated tenant leaves once all its users hold the target plan. */
public record SourceSubscription(long migrationId, String tenantId, String subscriptionId, String sku) {
}
