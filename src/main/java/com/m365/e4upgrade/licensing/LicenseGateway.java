package com.m365.e4upgrade.licensing;

import java.util.List;

/**
 * Where license moves and cancellations are applied. Every write of the job goes through here, so
 * the embedded state and Microsoft Graph are interchangeable behind it.
 *
 * <p>Implementations must be idempotent: after a crash the same batch or cancellation may be
 * applied again, and a user who already holds the target and not the source counts as moved.
 */
public interface LicenseGateway {

    /**
     * Checks, before any user of the tenant moves, that the target subscription is ready for
     * {@code seatsNeeded} users. The embedded state has nothing to add to tenants.csv: READY.
     */
    default TargetReadiness checkTarget(String tenantId, String targetSku, int seatsNeeded) {
        return TargetReadiness.READY;
    }

    /** Replaces the source SKU by the target for each user of the batch, never leaving a user unlicensed. */
    List<MoveOutcome> move(WriteBatch batch);

    /** Cancels the source subscription, or tells that the admin must do it. */
    CancellationOutcome cancel(SourceSubscription subscription);

    enum CancellationOutcome { CANCELLED, READY_TO_CANCEL }
}
