package com.m365.e4upgrade.reassignment;

import java.util.ArrayList;
import java.util.List;

import com.m365.e4upgrade.licensing.UserMove;
import com.m365.e4upgrade.licensing.WriteBatch;
import com.m365.e4upgrade.reassignment.BatchToMove.Place;
import com.m365.e4upgrade.reassignment.PlanRepository.HolderToMove;
import com.m365.e4upgrade.reassignment.PlanRepository.TenantLines;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Makes a partition's write batches from the users themselves: the source-plan holders of
 * the tenants numbered in its range of batches, in file order, each decided by
 * {@link ReassignmentPlanner} (the skipped ones the plan step stored already) and put in
 * its tenant's batches, {@code usersPerBatch} at a time from the tenant's first batch. It
 * keeps no position: a partition's chunks commit in order, each with its batches' moves,
 * so the highest batch of the range stored is where a restarted partition goes on, its
 * earlier batches made again and passed over.
 */
public class WriteBatchReader implements ItemStreamReader<BatchToMove> {

    private final PlanRepository plan;

    private final ReassignmentRepository moves;

    private final ReassignmentPlanner planner;

    private final long migrationId;

    private final int firstBatch;

    private final int lastBatch;

    private final int usersPerBatch;

    private ItemStreamReader<HolderToMove> holders;

    private int doneUpTo;

    private Planned pending;

    private long tenantLine;

    private int usersOfTheTenant;

    public WriteBatchReader(PlanRepository plan, ReassignmentRepository moves, ReassignmentPlanner planner,
            long migrationId, int firstBatch, int lastBatch, int usersPerBatch) {
        this.plan = plan;
        this.moves = moves;
        this.planner = planner;
        this.migrationId = migrationId;
        this.firstBatch = firstBatch;
        this.lastBatch = lastBatch;
        this.usersPerBatch = usersPerBatch;
    }

    /** A user to move, numbered. */
    private record Planned(HolderToMove holder, Reassignment move, int batch) {
    }

    @Override
    public void open(ExecutionContext context) {
        this.pending = null;
        this.tenantLine = -1;
        this.holders = null;
        TenantLines lines = this.plan.tenantLinesOf(this.migrationId, this.firstBatch, this.lastBatch).orElse(null);
        if (lines == null) {
            return;
        }
        this.doneUpTo = this.moves.lastBatchStored(this.migrationId, lines.first(), lines.last())
            .orElse(this.firstBatch - 1);
        if (this.doneUpTo < this.lastBatch) {
            this.holders = this.plan.holdersToMove(this.migrationId, lines.first(), lines.last())
                .saveState(false)
                .build();
            this.holders.open(new ExecutionContext());
        }
    }

    @Override
    public BatchToMove read() throws Exception {
        while (true) {
            Planned first = this.pending != null ? this.pending : next();
            this.pending = null;
            if (first == null) {
                return null;
            }
            List<Planned> batch = new ArrayList<>();
            batch.add(first);
            Planned next;
            while ((next = next()) != null && next.batch() == first.batch()) {
                batch.add(next);
            }
            this.pending = next;
            if (first.batch() > this.doneUpTo) {
                return toMove(batch);
            }
        }
    }

    /** The next user the plan moves, in its batch. */
    private Planned next() throws Exception {
        if (this.holders == null) {
            return null;
        }
        HolderToMove holder;
        while ((holder = this.holders.read()) != null) {
            Reassignment move = this.planner.process(holder.user());
            if (move.status() != Reassignment.Status.PLANNED) {
                continue;
            }
            if (holder.tenantLine() != this.tenantLine) {
                this.tenantLine = holder.tenantLine();
                this.usersOfTheTenant = 0;
            }
            int batch = holder.firstBatch() + this.usersOfTheTenant++ / this.usersPerBatch;
            if (batch > holder.lastBatch()) {
                // the plan numbered the tenant from the users the import counted with it
                throw new IllegalStateException("Tenant " + holder.user().tenantId() + " has more users to move than"
                        + " the plan counted: its batches end at " + holder.lastBatch());
            }
            return new Planned(holder, move, batch);
        }
        return null;
    }

    private BatchToMove toMove(List<Planned> batch) {
        HolderToMove first = batch.get(0).holder();
        List<UserMove> users = new ArrayList<>(batch.size());
        List<Place> places = new ArrayList<>(batch.size());
        for (Planned planned : batch) {
            users.add(new UserMove(planned.holder().userId(), planned.move().userPrincipalName(),
                    planned.move().disabledPlans()));
            places.add(new Place(planned.holder().userLine(), planned.move().userId()));
        }
        Reassignment move = batch.get(0).move();
        return new BatchToMove(new WriteBatch(this.migrationId, batch.get(0).batch(), first.tenantId(), move.fromSku(),
                move.toSku(), users), first.tenantLine(), move.tenantId(), places);
    }

    @Override
    public void update(ExecutionContext context) {
        // no position: the stored moves are the position
    }

    @Override
    public void close() {
        if (this.holders != null) {
            this.holders.close();
            this.holders = null;
        }
    }

}
