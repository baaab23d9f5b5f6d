package com.m365.e4upgrade.cancellation;

/** A row of cancellations.csv. */
public record Cancellation(String tenantId, String subscriptionId, String sku, Status status, String detail) {

    public enum Status {

        CANCELLED, KEPT, READY_TO_CANCEL, WOULD_CANCEL,
        /** Its users were given the source plan back by a rollback. */
        ROLLED_BACK

    }

    Cancellation withStatus(Status newStatus) {
        return new Cancellation(tenantId, subscriptionId, sku, newStatus, detail);
    }
}
