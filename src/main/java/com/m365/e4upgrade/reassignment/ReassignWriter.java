package com.m365.e4upgrade.reassignment;

import com.m365.e4upgrade.licensing.LicenseGateway;
import com.m365.e4upgrade.licensing.WriteBatch;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Sends each write batch through the gateway and records every user's outcome. Only
 * PLANNED rows change, so a batch replayed after a crash cannot count a user twice.
 */
public class ReassignWriter implements ItemWriter<WriteBatch> {

    private final LicenseGateway gateway;

    private final ReassignmentRepository moves;

    public ReassignWriter(LicenseGateway gateway, ReassignmentRepository moves) {
        this.gateway = gateway;
        this.moves = moves;
    }

    @Override
    public void write(Chunk<? extends WriteBatch> chunk) {
        for (WriteBatch batch : chunk) {
            moves.recordOutcomes(batch.migrationId(), batch.tenantId(), gateway.move(batch));
        }
    }

}
