package com.m365.e4upgrade.rollback;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.m365.e4upgrade.licensing.LicenseGateway;
import com.m365.e4upgrade.licensing.MoveOutcome;
import com.m365.e4upgrade.licensing.SourceSubscription;
import com.m365.e4upgrade.licensing.TargetReadiness;
import com.m365.e4upgrade.licensing.WriteBatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Sends each rollback batch through the gateway: one assignLicense per user that adds the
 * source (with the user's own disabled plans) and removes the target in the same call, so
 * no user is ever without a license. Before a tenant's first batch of this run, the
 * gateway checks that the source subscription is there with seats for every user still to
 * come back; if not, those users are SKIPPED and none is moved. A batch replayed after a
 * crash is harmless: the gateway counts a user who already holds the source and not the
 * target as moved, and only PLANNED rows are updated.
 */
public class RollbackWriter implements ItemWriter<WriteBatch> {

    private static final Logger log = LoggerFactory.getLogger(RollbackWriter.class);

    private final LicenseGateway gateway;

    private final RollbackRepository rollbacks;

    private final Map<String, TargetReadiness> checkedTenants = new HashMap<>();

    public RollbackWriter(LicenseGateway gateway, RollbackRepository rollbacks) {
        this.gateway = gateway;
        this.rollbacks = rollbacks;
    }

    @Override
    public void write(Chunk<? extends WriteBatch> chunk) {
        for (WriteBatch batch : chunk) {
            TargetReadiness source = checkedTenants.computeIfAbsent(batch.tenantId(), tenant -> check(batch));
            if (source != TargetReadiness.READY) {
                rollbacks.skipTenant(batch.migrationId(), batch.tenantId(), source == TargetReadiness.NOT_ACTIVE
                        ? RollbackStatus.SOURCE_NOT_ACTIVE : RollbackStatus.SOURCE_SEATS_INSUFFICIENT);
                continue;
            }
            List<MoveOutcome> outcomes = gateway.move(batch);
            rollbacks.recordOutcomes(batch.migrationId(), batch.tenantId(), outcomes);
        }
    }

    /**
     * Once per tenant and run, for the users still PLANNED: a resumed rollback needs
     * seats only for those not yet back.
     */
    private TargetReadiness check(WriteBatch batch) {
        int stillToComeBack = rollbacks.countPlanned(batch.migrationId(), batch.tenantId());
        TargetReadiness readiness = gateway.checkSource(
                new SourceSubscription(batch.migrationId(), batch.tenantId(), null, batch.toSku()), stillToComeBack);
        log.info("Tenant {}: source {} is {} for the {} users to roll back", batch.tenantId(), batch.toSku(), readiness,
                stillToComeBack);
        return readiness;
    }

}
