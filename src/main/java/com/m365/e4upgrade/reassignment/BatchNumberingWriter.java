package com.m365.e4upgrade.reassignment;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Numbers the write batches while the plan is stored: users arrive ordered by tenant, and
 * a new batch starts with each tenant and every {@code usersPerBatch} users, so a batch
 * never mixes tenants. The numbering state is saved with each chunk, so a restarted plan
 * step continues it.
 */
public class BatchNumberingWriter implements ItemStreamWriter<Reassignment> {

    private static final String LAST_BATCH = "plan.lastBatch";

    private static final String LAST_TENANT = "plan.lastTenant";

    private static final String USERS_IN_BATCH = "plan.usersInBatch";

    private final ItemWriter<Reassignment> delegate;

    private final int usersPerBatch;

    private int lastBatch;

    private String lastTenant;

    private int usersInBatch;

    public BatchNumberingWriter(ItemWriter<Reassignment> delegate, int usersPerBatch) {
        this.delegate = delegate;
        this.usersPerBatch = usersPerBatch;
    }

    @Override
    public void open(ExecutionContext context) {
        lastBatch = context.getInt(LAST_BATCH, 0);
        lastTenant = context.containsKey(LAST_TENANT) ? context.getString(LAST_TENANT) : null;
        usersInBatch = context.getInt(USERS_IN_BATCH, 0);
    }

    @Override
    public void update(ExecutionContext context) {
        context.putInt(LAST_BATCH, lastBatch);
        if (lastTenant != null) {
            context.putString(LAST_TENANT, lastTenant);
        }
        context.putInt(USERS_IN_BATCH, usersInBatch);
    }

    @Override
    public void write(Chunk<? extends Reassignment> chunk) throws Exception {
        List<Reassignment> numbered = new ArrayList<>(chunk.size());
        for (Reassignment reassignment : chunk) {
            if (reassignment.status() != Reassignment.Status.PLANNED) {
                numbered.add(reassignment);
                continue;
            }
            if (!Objects.equals(lastTenant, reassignment.tenantId()) || usersInBatch == usersPerBatch) {
                lastBatch++;
                usersInBatch = 0;
                lastTenant = reassignment.tenantId();
            }
            usersInBatch++;
            numbered.add(reassignment.inBatch(lastBatch));
        }
        delegate.write(new Chunk<>(numbered));
    }

}
