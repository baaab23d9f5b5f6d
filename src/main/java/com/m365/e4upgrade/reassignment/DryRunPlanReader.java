package com.m365.e4upgrade.reassignment;

import com.m365.e4upgrade.reassignment.PlanRepository.Holder;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * A dry run's plan, made as it is read instead of stored: each source-plan holder in file
 * order, decided by {@link ReassignmentPlanner} and numbered as the plan step numbers its
 * rows (a new write batch with each tenant and every {@code usersPerBatch} users; skipped
 * users have none), so the dry run's reassignments.csv shows what the real run will do.
 * It keeps no position: each run that reaches the report reads the plan again from the
 * start, as every report is written whole.
 */
public class DryRunPlanReader implements ItemStreamReader<Reassignment> {

    private final ItemStreamReader<Holder> holders;

    private final ReassignmentPlanner planner;

    private final int usersPerBatch;

    private int lastBatch;

    private long lastTenantLine;

    private int usersInBatch;

    /**
     * @param holders the source-plan holders of the migrating tenants in file order
     * ({@link PlanRepository#holdersInFileOrder})
     */
    public DryRunPlanReader(ItemStreamReader<Holder> holders, ReassignmentPlanner planner, int usersPerBatch) {
        this.holders = holders;
        this.planner = planner;
        this.usersPerBatch = usersPerBatch;
    }

    @Override
    public void open(ExecutionContext context) {
        this.holders.open(new ExecutionContext());
        this.lastBatch = 0;
        this.lastTenantLine = -1;
        this.usersInBatch = 0;
    }

    @Override
    public Reassignment read() throws Exception {
        Holder holder = this.holders.read();
        if (holder == null) {
            return null;
        }
        Reassignment move = this.planner.process(holder.user());
        if (move.status() != Reassignment.Status.PLANNED) {
            return move;
        }
        if (holder.tenantLine() != this.lastTenantLine || this.usersInBatch == this.usersPerBatch) {
            this.lastBatch++;
            this.usersInBatch = 0;
            this.lastTenantLine = holder.tenantLine();
        }
        this.usersInBatch++;
        return move.inBatch(this.lastBatch);
    }

    @Override
    public void close() {
        this.holders.close();
    }

}
