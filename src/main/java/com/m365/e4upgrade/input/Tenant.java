package com.m365.e4upgrade.input;

import java.math.BigDecimal;
import java.util.List;

/**
 * One accepted row of tenants.csv, with every optional column resolved to its default.
 * SKU part numbers are kept as written (trimmed); comparisons against the catalog ignore
 * case.
 */
public record Tenant(String tenantId, String tenantName, String subscriptionId, String sourceSku, int licenses,
        String targetSku, String targetSubscriptionId, int targetLicenses, TargetStatus targetStatus,
        PurchaseChannel purchaseChannel, PaymentMethod paymentMethod, boolean prepaid, Sector sector,
        int plansForProduct, List<String> addOns, BigDecimal unpaidBalance, boolean creditCheckPending,
        boolean upgradeInProgress, ServiceStatus serviceStatus, boolean upgradeEligible,
        boolean temporarilyUnavailable) {

    public Tenant {
        addOns = List.copyOf(addOns);
    }

    public boolean targetPurchased() {
        return targetSubscriptionId != null && !targetSubscriptionId.isBlank();
    }

    public enum TargetStatus {

        ACTIVE, PENDING

    }

    public enum PurchaseChannel {

        DIRECT, PARTNER, VOLUME_LICENSING

    }

    public enum PaymentMethod {

        CREDIT_CARD, INVOICE

    }

    public enum Sector {

        COMMERCIAL, GOVERNMENT, NONPROFIT

    }

    public enum ServiceStatus {

        HEALTHY, INCIDENT, PROVISIONING

    }
}
