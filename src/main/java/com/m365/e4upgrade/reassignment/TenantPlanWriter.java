package com.m365.e4upgrade.reassignment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.m365.e4upgrade.batch.JobMetrics;
import com.m365.e4upgrade.batch.StepProgress;
import com.m365.e4upgrade.input.TenantRowMapper;
import com.m365.e4upgrade.reassignment.PlanRepository.DisabledPlans;
import com.m365.e4upgrade.reassignment.PlanRepository.TenantToNumber;
import com.m365.e4upgrade.reassignment.WriteBatchRepository.TenantBatches;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * Plans a chunk of migrating tenants (their lines in the tenants file, in order) without
 * reading their users: each tenant's write batches are numbered from the users the user
 * import counted with it (a new batch with each tenant and every {@code usersPerBatch}
 * users it moves, in file order, as {@link DryRunPlanReader} numbers them). The moves
 * themselves are made, and stored with their outcome, by the reassign step
 * ({@link WriteBatchReader}), with the users the plan skips (no usage location, a group
 * license); only a tenant without a batch, all of whose holders the plan skips, has its
 * skipped moves stored here, in one INSERT ... SELECT, the disabled plans the target SKU
 * lacks dropped from the catalog. A chunk holds whole tenants, so the numbering carries
 * over from one chunk to the next by its last batch alone, saved with each chunk: a
 * restarted plan step continues it.
 */
public class TenantPlanWriter implements ItemStreamWriter<Long> {

    private static final String LAST_BATCH = "plan.lastBatch";

    private final PlanRepository moves;

    private final WriteBatchRepository batches;

    private final ReassignmentPlanner planner;

    private final long migrationId;

    private final Collection<String> verdicts;

    private final int usersPerBatch;

    private final JobMetrics metrics;

    private final StepProgress progress;

    private int lastBatch;

    public TenantPlanWriter(PlanRepository moves, WriteBatchRepository batches, ReassignmentPlanner planner,
            long migrationId, Collection<String> verdicts, int usersPerBatch, JobMetrics metrics,
            StepProgress progress) {
        this.moves = moves;
        this.batches = batches;
        this.planner = planner;
        this.migrationId = migrationId;
        this.verdicts = List.copyOf(verdicts);
        this.usersPerBatch = usersPerBatch;
        this.metrics = metrics;
        this.progress = progress;
    }

    @Override
    public void open(ExecutionContext context) {
        this.lastBatch = context.getInt(LAST_BATCH, 0);
    }

    @Override
    public void update(ExecutionContext context) {
        context.putInt(LAST_BATCH, this.lastBatch);
    }

    @Override
    public void write(Chunk<? extends Long> tenantLines) {
        if (tenantLines.isEmpty()) {
            return;
        }
        long first = tenantLines.getItems().get(0);
        long last = tenantLines.getItems().get(tenantLines.size() - 1);
        List<TenantBatches> numbered = new ArrayList<>();
        List<Long> withoutBatch = new ArrayList<>();
        long holders = 0;
        for (TenantToNumber tenant : this.moves.tenantsToNumber(this.migrationId, this.verdicts, first, last)) {
            int batches = (tenant.toMove() + this.usersPerBatch - 1) / this.usersPerBatch;
            numbered.add(new TenantBatches(tenant.line(), this.lastBatch + 1, this.lastBatch + batches));
            this.lastBatch += batches;
            holders += tenant.toMove() + tenant.skipped();
            if (batches == 0 && tenant.skipped() > 0) {
                withoutBatch.add(tenant.line());
            }
        }
        this.batches.numberBatches(this.migrationId, numbered);
        if (!withoutBatch.isEmpty()) {
            storeSkipped(withoutBatch, first, last);
        }
        this.progress.advance(holders);
    }

    private void storeSkipped(List<Long> tenantLines, long first, long last) {
        int skipped = 0;
        for (long tenantLine : tenantLines) {
            skipped += this.moves.storeSkipped(this.migrationId, tenantLine);
        }
        List<DisabledPlans> changed = new ArrayList<>();
        for (DisabledPlans row : this.moves.disabledPlansIn(this.migrationId, first, last)) {
            String kept = String.join("|",
                    this.planner.keptDisabledPlans(row.toSku(), TenantRowMapper.list(row.disabledPlans())));
            if (!kept.equals(row.disabledPlans())) {
                changed.add(new DisabledPlans(row.tenantLine(), row.userLine(), row.toSku(), kept));
            }
        }
        if (!changed.isEmpty()) {
            this.moves.keepDisabledPlans(this.migrationId, changed);
        }
        // users the plan skips never reach the gateway
        this.metrics.users(Reassignment.Status.SKIPPED.name(), skipped);
    }

}
