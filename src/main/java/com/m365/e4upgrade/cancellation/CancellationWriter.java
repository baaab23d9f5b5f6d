package com.m365.e4upgrade.cancellation;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import com.m365.e4upgrade.licensing.LicenseGateway;
import com.m365.e4upgrade.licensing.SourceSubscription;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Cancels through the gateway the subscriptions the decider let go (the gateway may
 * answer that the admin must do it) and records every tenant's outcome once. A gateway
 * that sees the live tenant is asked first whether anyone still holds the source plan
 * there (a user added, or given the plan back, since the export): if so the subscription
 * is KEPT, saying how many.
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
                OptionalLong live = gateway.liveHolders(decided.tenantId(), decided.sku());
                if (live.isPresent() && live.getAsLong() > 0) {
                    done.add(keptLive(decided, live.getAsLong()));
                    continue;
                }
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

    private static Cancellation keptLive(Cancellation decided, long holders) {
        return new Cancellation(decided.tenantId(), decided.subscriptionId(), decided.sku(), Cancellation.Status.KEPT,
                holders + (holders == 1 ? " user still holds " : " users still hold ") + decided.sku()
                        + " live in the tenant (consumed units in subscribedSkus)");
    }

}
