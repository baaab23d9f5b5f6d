package com.m365.e4upgrade.rollback;

/**
 * A row of rollback.csv: PLANNED (and, in a dry run, left so), then ROLLED_BACK or
 * SKIPPED.
 */
public enum RollbackStatus {

    PLANNED, ROLLED_BACK, SKIPPED;

    /**
     * The tenant's source subscription was cancelled by the migration: nothing to go back
     * to.
     */
    static final String SOURCE_CANCELLED = "SOURCE_CANCELLED";

    /** The source SKU is no longer active in the tenant (the admin cancelled it). */
    static final String SOURCE_NOT_ACTIVE = "SOURCE_NOT_ACTIVE";

    /** The source subscription lacks the free seats for the users to give it back to. */
    static final String SOURCE_SEATS_INSUFFICIENT = "SOURCE_SEATS_INSUFFICIENT";

}
