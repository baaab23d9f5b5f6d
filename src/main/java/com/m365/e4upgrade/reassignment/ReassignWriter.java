package com.m365.e4upgrade.reassignment;

import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

import com.m365.e4upgrade.batch.JobMetrics;
import com.m365.e4upgrade.input.TenantRepository;
import com.m365.e4upgrade.licensing.MoveOutcome;
import com.m365.e4upgrade.licensing.WriteBatch;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Stores every user's move of the chunk's applied write batches with its outcome, in the
 * chunk's transaction, with the users a gateway skipped added to their tenant's count,
 * and the users the plan skips that go with each batch. A batch applied but not stored
 * when the process dies is made and sent again, then stored once.
 */
public class ReassignWriter implements ItemWriter<MovedBatch> {

    private final ReassignmentRepository moves;

    private final TenantRepository tenants;

    private final JobMetrics metrics;

    private final LongConsumer usersMoved;

    /**
     * @param usersMoved told of the users of each batch once their outcomes are stored
     */
    public ReassignWriter(ReassignmentRepository moves, TenantRepository tenants, JobMetrics metrics,
            LongConsumer usersMoved) {
        this.moves = moves;
        this.tenants = tenants;
        this.metrics = metrics;
        this.usersMoved = usersMoved;
    }

    @Override
    public void write(Chunk<? extends MovedBatch> chunk) {
        for (MovedBatch moved : chunk) {
            WriteBatch batch = moved.planned().batch();
            List<MoveOutcome> outcomes = moved.outcomes();
            long skipped = this.moves.store(moved.planned(), outcomes);
            if (skipped > 0) {
                this.tenants.addSkippedUsers(batch.migrationId(), Map.of(batch.tenantId(), skipped));
            }
            int skippedByThePlan = this.moves.storeSkipped(moved.planned());
            if (skippedByThePlan > 0) {
                // users the plan skips never reach the gateway; the import counted them
                this.metrics.users(Reassignment.Status.SKIPPED.name(), skippedByThePlan);
            }
            this.usersMoved.accept(batch.moves().size());
            this.metrics.writeBatch();
            outcomes.stream()
                .collect(Collectors.groupingBy(outcome -> outcome.status().name(), Collectors.counting()))
                .forEach(this.metrics::users);
        }
    }

}
