package com.m365.e4upgrade.rollback;

import java.util.ArrayList;
import java.util.List;

import com.m365.e4upgrade.input.TenantRowMapper;
import com.m365.e4upgrade.licensing.UserMove;
import com.m365.e4upgrade.licensing.WriteBatch;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.support.SingleItemPeekableItemReader;

/**
 * The planned rollbacks, read in batch order, as write batches that move each user from
 * the migration's target back to its source: consecutive rows of one batch number make
 * one item. It keeps no position: what is still PLANNED is the position.
 */
public class RollbackBatchReader implements ItemStreamReader<WriteBatch> {

    private final SingleItemPeekableItemReader<RollbackRow> rows;

    private final long migrationId;

    public RollbackBatchReader(ItemStreamReader<RollbackRow> plannedRows, long migrationId) {
        this.rows = new SingleItemPeekableItemReader<>(plannedRows);
        this.migrationId = migrationId;
    }

    @Override
    public WriteBatch read() throws Exception {
        RollbackRow first = rows.read();
        if (first == null) {
            return null;
        }
        List<UserMove> batch = new ArrayList<>();
        batch.add(toMove(first));
        RollbackRow next;
        while ((next = rows.peek()) != null && next.batch() == first.batch()) {
            batch.add(toMove(rows.read()));
        }
        return new WriteBatch(migrationId, first.batch(), first.tenantId(), first.tenantLine(), first.fromSku(),
                first.toSku(), batch);
    }

    /** The plans the user had disabled in the source license, disabled again. */
    private static UserMove toMove(RollbackRow row) {
        return new UserMove(row.userId(), row.userPrincipalName(), TenantRowMapper.list(row.disabledPlans()));
    }

    @Override
    public void open(ExecutionContext context) {
        rows.open(context);
    }

    @Override
    public void update(ExecutionContext context) {
        rows.update(context);
    }

    @Override
    public void close() {
        rows.close();
    }

}
