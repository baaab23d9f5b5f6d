package com.m365.e4upgrade.reassignment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Splits the numbered write batches into contiguous ranges of batch numbers, one per
 * partition, cut only where one tenant's batches end and the next tenant's begin. Batches
 * are numbered tenant by tenant, so each tenant falls in exactly one partition: its
 * batches go one after another, never two at once, which is what Microsoft Graph's
 * throttling expects of a tenant.
 */
public class TenantAlignedBatchPartitioner implements Partitioner {

    public static final String FIRST_BATCH = "firstBatch";

    public static final String LAST_BATCH = "lastBatch";

    private final WriteBatchRepository batches;

    private final long migrationId;

    public TenantAlignedBatchPartitioner(WriteBatchRepository batches, long migrationId) {
        this.batches = batches;
        this.migrationId = migrationId;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        int lastBatch = this.batches.lastBatch(this.migrationId);
        List<Integer> cuts = cuts(batch -> this.batches.lastBatchOfTheTenantOf(this.migrationId, batch), lastBatch,
                gridSize);
        for (int i = 0; i < cuts.size(); i++) {
            int first = cuts.get(i);
            int last = i + 1 < cuts.size() ? cuts.get(i + 1) - 1 : lastBatch;
            partitions.put("partition" + i, range(first, last));
        }
        return partitions;
    }

    /**
     * Where each partition starts: batch 1, then the first tenant start at or after each
     * even share of the batches, which is the batch after the last one of the tenant
     * holding the batch before that share. Batches are numbered 1 to the last without a
     * gap, so that batch exists; a query of the tenants per cut.
     * @param lastBatchOfTheTenantOf the last batch of the tenant a batch belongs to
     */
    static List<Integer> cuts(IntUnaryOperator lastBatchOfTheTenantOf, int lastBatch, int gridSize) {
        List<Integer> cuts = new ArrayList<>();
        cuts.add(1);
        for (int share = 1; share < gridSize; share++) {
            int target = (int) ((long) lastBatch * share / gridSize + 1);
            int cut = target == 1 ? 1 : lastBatchOfTheTenantOf.applyAsInt(target - 1) + 1;
            if (cut <= lastBatch && cut > cuts.get(cuts.size() - 1)) {
                cuts.add(cut);
            }
        }
        return cuts;
    }

    private static ExecutionContext range(int first, int last) {
        ExecutionContext context = new ExecutionContext();
        context.putInt(FIRST_BATCH, first);
        context.putInt(LAST_BATCH, last);
        return context;
    }

}
