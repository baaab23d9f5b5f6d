package com.m365.e4upgrade.reassignment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

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

    /** Past any line of a tenants file. */
    private static final long PAST_THE_LAST_LINE = Integer.MAX_VALUE;

    private final ReassignmentRepository moves;

    private final long migrationId;

    public TenantAlignedBatchPartitioner(ReassignmentRepository moves, long migrationId) {
        this.moves = moves;
        this.migrationId = migrationId;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        Integer firstBatch = this.moves.firstBatchFromTenantLine(this.migrationId, 0);
        if (firstBatch == null) {
            partitions.put("partition0", range(1, 0));
            return partitions;
        }
        int lastBatch = this.moves.lastBatch(this.migrationId);
        List<Integer> cuts = cuts(line -> this.moves.firstBatchFromTenantLine(this.migrationId, line), firstBatch,
                lastBatch, gridSize);
        for (int i = 0; i < cuts.size(); i++) {
            int first = cuts.get(i);
            int last = i + 1 < cuts.size() ? cuts.get(i + 1) - 1 : lastBatch;
            partitions.put("partition" + i, range(first, last));
        }
        return partitions;
    }

    /**
     * Where each partition starts: the first tenant start at or after an even share of
     * the batches. A few index probes per cut, whatever the number of tenants.
     * @param firstBatchFromLine the first batch of the first tenant at or after that line
     * of the tenants file (null past the last): it grows with the line
     */
    static List<Integer> cuts(LongFunction<Integer> firstBatchFromLine, int firstBatch, int lastBatch, int gridSize) {
        List<Integer> cuts = new ArrayList<>();
        cuts.add(firstBatch);
        for (int share = 1; share < gridSize; share++) {
            int target = (int) ((long) lastBatch * share / gridSize + 1);
            Integer cut = tenantStartAtOrAfter(firstBatchFromLine, target);
            if (cut != null && cut > cuts.get(cuts.size() - 1)) {
                cuts.add(cut);
            }
        }
        return cuts;
    }

    /** The smallest tenant start at or after the batch: a binary search on the line. */
    private static Integer tenantStartAtOrAfter(LongFunction<Integer> firstBatchFromLine, int batch) {
        Integer found = null;
        long low = 0;
        long high = PAST_THE_LAST_LINE;
        while (low <= high) {
            long line = low + (high - low) / 2;
            Integer start = firstBatchFromLine.apply(line);
            if (start == null || start >= batch) {
                // past the last tenant, or at a start far enough: the answer is not after
                found = start == null ? found : start;
                high = line - 1;
            }
            else {
                low = line + 1;
            }
        }
        return found;
    }

    private static ExecutionContext range(int first, int last) {
        ExecutionContext context = new ExecutionContext();
        context.putInt(FIRST_BATCH, first);
        context.putInt(LAST_BATCH, last);
        return context;
    }

}
