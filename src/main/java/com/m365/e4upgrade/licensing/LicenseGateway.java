package com.m365.e4upgrade.licensing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where license moves and cancellations are applied. Every write of the job goes through
 * here, so the embedded state and Microsoft Graph are interchangeable behind it.
 *
 * <p>
 * Implementations must be idempotent: after a crash the same batch or cancellation may be
 * applied again, and a user who already holds the target and not the source counts as
 * moved.
 */
public interface LicenseGateway {

    /**
     * Checks, before any user of the tenant moves, that the target subscription is ready
     * for {@code seatsNeeded} users. The embedded state has nothing to add to
     * tenants.csv: READY.
     */
    default TargetReadiness checkTarget(String tenantId, String targetSku, int seatsNeeded) {
        return TargetReadiness.READY;
    }

    /**
     * Checks, before a rollback gives the source SKU back to {@code seatsNeeded} users of
     * the tenant, that its subscription is still there with the seats. For a gateway that
     * reads the tenant's subscriptions this is the target check on the source SKU.
     */
    default TargetReadiness checkSource(SourceSubscription source, int seatsNeeded) {
        return checkTarget(source.tenantId(), source.sku(), seatsNeeded);
    }

    /**
     * Reads the tenants themselves (users, subscriptions) for the inventory; empty for a
     * gateway that has no tenant to read.
     */
    default Optional<TenantInventory> inventory() {
        return Optional.empty();
    }

    /**
     * Replaces the source SKU by the target for each user of the batch, never leaving a
     * user unlicensed.
     */
    List<MoveOutcome> move(WriteBatch batch);

    /**
     * How many users of the tenant hold the SKU right now, read from the tenant itself
     * (the live check before a source subscription is let go); empty for a gateway whose
     * only view is the job's own database, which the cancel step has already counted.
     */
    default OptionalLong liveHolders(String tenantId, String sku) {
        return OptionalLong.empty();
    }

    /** Cancels the source subscription, or tells that the admin must do it. */
    CancellationOutcome cancel(SourceSubscription subscription);

    /**
     * Whether every move and cancellation is a row of the job's own database, written in
     * the step's transaction (the embedded gateway): a lost commit then loses the move
     * with its record, and the steps that call the gateway may let the database store
     * their commits in the background. False by default: a remote move stays made.
     */
    default boolean keepsLicensesInTheJobDatabase() {
        return false;
    }

    /**
     * How the reassign step feeds this gateway. By default, for a gateway bound by the
     * CPU: a partition per core, each write batch committed on its own.
     * @param parallelism the operator's --parallelism (the number of cores by default)
     */
    default MovePace pace(int parallelism) {
        return new MovePace(parallelism, 1, false);
    }

    /**
     * How many target checks may run at once in the eligibility step: one for a gateway
     * that answers from memory, many for one that waits on a remote service's latency.
     */
    default int checksInFlight() {
        return 1;
    }

    /**
     * The gateway's own counters for summary.json, in the order they are shown; none by
     * default.
     */
    default Map<String, Long> counters() {
        return Map.of();
    }

    /**
     * The gateway's own rates for summary.json, shown after its counters (for Microsoft
     * Graph: the writes per second it achieved); none by default.
     */
    default Map<String, Double> rates() {
        return Map.of();
    }

    enum CancellationOutcome {

        CANCELLED, READY_TO_CANCEL

    }

}
