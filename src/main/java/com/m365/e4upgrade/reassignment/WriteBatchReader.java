package com.m365.e4upgrade.reassignment;

import java.util.ArrayList;
import java.util.List;

import com.m365.e4upgrade.licensing.UserMove;
import com.m365.e4upgrade.licensing.WriteBatch;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.support.SingleItemPeekableItemReader;

/**
 * Turns the planned moves, read in batch order, into write batches: consecutive rows of
 * one batch number make one item. The peekable delegate saves its position before the row
 * it looked ahead at.
 */
public class WriteBatchReader implements ItemStreamReader<WriteBatch> {

    private final SingleItemPeekableItemReader<Reassignment> moves;

    private final long migrationId;

    public WriteBatchReader(ItemStreamReader<Reassignment> plannedMoves, long migrationId) {
        this.moves = new SingleItemPeekableItemReader<>(plannedMoves);
        this.migrationId = migrationId;
    }

    @Override
    public WriteBatch read() throws Exception {
        Reassignment first = moves.read();
        if (first == null) {
            return null;
        }
        List<UserMove> batch = new ArrayList<>();
        batch.add(toMove(first));
        Reassignment next;
        while ((next = moves.peek()) != null && next.batch().equals(first.batch())) {
            batch.add(toMove(moves.read()));
        }
        return new WriteBatch(migrationId, first.batch(), first.tenantId(), first.fromSku(), first.toSku(), batch);
    }

    private static UserMove toMove(Reassignment reassignment) {
        return new UserMove(reassignment.userId(), reassignment.userPrincipalName(), reassignment.disabledPlans());
    }

    @Override
    public void open(ExecutionContext context) {
        moves.open(context);
    }

    @Override
    public void update(ExecutionContext context) {
        moves.update(context);
    }

    @Override
    public void close() {
        moves.close();
    }

}
