package com.m365.e4upgrade.cancellation;

import java.util.ArrayList;
import java.util.List;

import com.m365.e4upgrade.licensing.LicenseGateway;
import com.m365.e4upgrade.licensing.SourceSubscription;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Cancels through the gateway the subscriptions the decider let go (the gateway may
 * answer that the admin must do it) and records every tenant's outcome once.
 */
public class CancellationWriter implements ItemWriter<Cancellation> {

    private final LicenseGateway gateway;

    private final CancellationRepository cancellations;

    private final long migrationId;

    public CancellationWriter(LicenseGateway gateway, CancellationRepository cancellations, long migrationId) {
        this.gateway = gateway;
        this.cancellations = cancellations;
        this.migrationId = migrationId;
    }

    @Override
    public void write(Chunk<? extends Cancellation> chunk) {
        List<Cancellation> done = new ArrayList<>();
        for (Cancellation decided : chunk) {
            if (decided.status() == Cancellation.Status.CANCELLED) {
                LicenseGateway.CancellationOutcome outcome = gateway.cancel(new SourceSubscription(migrationId,
                        decided.tenantId(), decided.subscriptionId(), decided.sku()));
                done.add(decided.withStatus(Cancellation.Status.valueOf(outcome.name())));
            }
            else {
                done.add(decided);
            }
        }
        cancellations.saveAll(migrationId, done);
    }

}
