package com.m365.e4upgrade.reassignment;

import com.m365.e4upgrade.licensing.LicenseGateway;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Applies one write batch through the gateway: one call. It runs in the processing phase
 * so that a chunk's batches may be sent concurrently (the step's task executor) while
 * their outcomes are still recorded together, in the chunk's transaction, by the
 * {@link ReassignWriter}. A batch applied but not yet recorded when the process dies is
 * sent again on restart, which every gateway must take as a success.
 */
public class MoveProcessor implements ItemProcessor<BatchToMove, MovedBatch> {

    private final LicenseGateway gateway;

    public MoveProcessor(LicenseGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public MovedBatch process(BatchToMove planned) {
        return new MovedBatch(planned, this.gateway.move(planned.batch()));
    }

}
