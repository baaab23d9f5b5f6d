package com.m365.e4upgrade.licensing;

import java.util.List;

/**
 * What the live tenant holds, as the inventory reads it: the users holding the source
 * SKU, the tenant's subscribed SKUs and its subscriptions. Ids are Microsoft's GUIDs;
 * what they mean is the inventory's to decide with the SKU catalog.
 */
public interface TenantInventory {

    /**
     * Reads one tenant.
     * @throws TenantUnreadableException when the tenant refuses the app (no consent, a
     * token refused, a permission missing): the tenant is listed as an error, the others
     * go on
     */
    LiveTenant read(String tenantId, Sku source);

    record LiveTenant(List<LiveUser> sourceHolders, List<LiveSku> subscribedSkus,
            List<LiveSubscription> subscriptions) {

        public LiveTenant {
            sourceHolders = List.copyOf(sourceHolders);
            subscribedSkus = List.copyOf(subscribedSkus);
            subscriptions = List.copyOf(subscriptions);
        }
    }

    /**
     * A user holding the source SKU.
     *
     * @param sourceFromGroup the source license comes from a group
     * (licenseAssignmentStates name a group for it)
     */
    record LiveUser(String id, String userPrincipalName, String displayName, String usageLocation,
            Boolean accountEnabled, List<LiveLicense> licenses, boolean sourceFromGroup) {

        public LiveUser {
            licenses = List.copyOf(licenses);
        }
    }

    /**
     * One of a user's assignedLicenses: the SKU's GUID and its disabled service plans'
     * GUIDs.
     */
    record LiveLicense(String skuId, List<String> disabledPlanIds) {

        public LiveLicense {
            disabledPlanIds = List.copyOf(disabledPlanIds);
        }
    }

    /** One of the tenant's subscribedSkus. */
    record LiveSku(String skuId, String skuPartNumber, String capabilityStatus, long enabledUnits, long consumedUnits) {
    }

    /** One of the tenant's directory subscriptions (companySubscription). */
    record LiveSubscription(String id, String commerceSubscriptionId, String skuId, String skuPartNumber, String status,
            long totalLicenses) {
    }

    /** The tenant refused the app: the inventory lists it as an error and goes on. */
    class TenantUnreadableException extends RuntimeException {

        public TenantUnreadableException(String message, Throwable cause) {
            super(message, cause);
        }

    }

}
