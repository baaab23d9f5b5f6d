package com.m365.e4upgrade.cancellation;

import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Step 4 of the manual procedure: the source subscription goes only once no user of the
 * tenant still holds the source plan and no rejected users.csv row names the tenant (a
 * user the job could not move may still hold it); otherwise it is KEPT and the detail
 * says how many users and rows. The decision to cancel is carried out by
 * {@link CancellationWriter} through the gateway.
 */
public class CancellationDecider implements ItemProcessor<CancellationCandidate, Cancellation> {

    private final boolean dryRun;

    public CancellationDecider(boolean dryRun) {
        this.dryRun = dryRun;
    }

    @Override
    public Cancellation process(CancellationCandidate candidate) {
        List<String> stillNeeded = new ArrayList<>();
        int remaining = candidate.usersStillOnSource();
        if (remaining > 0) {
            stillNeeded
                .add(remaining + (remaining == 1 ? " user still holds " : " users still hold ") + candidate.sku());
        }
        int rejected = candidate.rejectedUserRows();
        if (rejected > 0) {
            stillNeeded.add(rejected + (rejected == 1 ? " row" : " rows") + " of users.csv rejected (see rejects.csv)");
        }
        if (!stillNeeded.isEmpty()) {
            return new Cancellation(candidate.tenantId(), candidate.subscriptionId(), candidate.sku(),
                    Cancellation.Status.KEPT, String.join("; ", stillNeeded));
        }
        return new Cancellation(candidate.tenantId(), candidate.subscriptionId(), candidate.sku(),
                dryRun ? Cancellation.Status.WOULD_CANCEL : Cancellation.Status.CANCELLED, null);
    }

}
