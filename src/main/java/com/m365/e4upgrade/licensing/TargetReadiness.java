package com.m365.e4upgrade.licensing;

/**
 * Step 2 of the manual procedure, as a gateway sees it: is the new subscription active
 * with enough free licenses for the users about to move?
 */
public enum TargetReadiness {

    READY,
    /** The target SKU is missing or not enabled in the tenant. */
    NOT_ACTIVE,
    /** Enabled, but fewer free licenses than users to move. */
    SEATS_INSUFFICIENT

}
