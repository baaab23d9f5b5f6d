package com.m365.e4upgrade.cancellation;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Step 4 of the manual procedure: the source subscription goes only once no user of the tenant
 * still holds the source plan; otherwise it is KEPT and the detail says how many users hold it.
 * The decision to cancel is carried out by {@link CancellationWriter} through the gateway.
 */
public class CancellationDecider implements ItemProcessor<CancellationCandidate, Cancellation> {

    private final boolean dryRun;

    public CancellationDecider(boolean dryRun) {
        this.dryRun = dryRun;
    }

    @Override
    public Cancellation process(CancellationCandidate candidate) {
        int remaining = candidate.usersStillOnSource();
        if (remaining > 0) {
            String detail = remaining + (remaining == 1 ? " user still holds " : " users still hold ") + candidate.sku();
            return new Cancellation(candidate.tenantId(), candidate.subscriptionId(), candidate.sku(),
                    Cancellation.Status.KEPT, detail);
        }
        return new Cancellation(candidate.tenantId(), candidate.subscriptionId(), candidate.sku(),
                dryRun ? Cancellation.Status.WOULD_CANCEL : Cancellation.Status.CANCELLED, null);
    }
}
