package com.m365.e4upgrade.reassignment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Splits the planned write batches into contiguous ranges of batch numbers, one per
 * partition, cut only where one tenant's batches end and the next tenant's begin. Batches
 * are numbered tenant by tenant, so each tenant falls in exactly one partition: its
 * batches go one after another, never two at once, which is what Microsoft Graph's
 * throttling expects of a tenant.
 */
public class TenantAlignedBatchPartitioner implements Partitioner {

    public static final String FIRST_BATCH = "firstBatch";

    public static final String LAST_BATCH = "lastBatch";

    private final ReassignmentRepository moves;

    private final long migrationId;

    public TenantAlignedBatchPartitioner(ReassignmentRepository moves, long migrationId) {
        this.moves = moves;
        this.migrationId = migrationId;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        List<Integer> tenantStarts = moves.firstBatchOfEachTenant(migrationId);
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        if (tenantStarts.isEmpty()) {
            partitions.put("partition0", range(1, 0));
            return partitions;
        }
        int lastBatch = moves.lastBatch(migrationId);
        List<Integer> cuts = cuts(tenantStarts, lastBatch, gridSize);
        for (int i = 0; i < cuts.size(); i++) {
            int first = cuts.get(i);
            int last = i + 1 < cuts.size() ? cuts.get(i + 1) - 1 : lastBatch;
            partitions.put("partition" + i, range(first, last));
        }
        return partitions;
    }

    /**
     * Where each partition starts: the tenant start nearest to an even share of the
     * batches.
     */
    static List<Integer> cuts(List<Integer> tenantStarts, int lastBatch, int gridSize) {
        List<Integer> cuts = new ArrayList<>();
        cuts.add(tenantStarts.get(0));
        int next = 1;
        for (int share = 1; share < gridSize; share++) {
            long target = (long) lastBatch * share / gridSize + 1;
            while (next < tenantStarts.size() && tenantStarts.get(next) < target) {
                next++;
            }
            if (next < tenantStarts.size() && tenantStarts.get(next) > cuts.get(cuts.size() - 1)) {
                cuts.add(tenantStarts.get(next));
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
