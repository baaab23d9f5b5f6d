package com.m365.e4upgrade.reassignment;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import com.m365.e4upgrade.licensing.UserMove;
import com.m365.e4upgrade.licensing.WriteBatch;
import com.m365.e4upgrade.reassignment.BatchToMove.Place;
import com.m365.e4upgrade.reassignment.BatchToMove.Skipped;
import com.m365.e4upgrade.reassignment.PlanRepository.HolderToMove;
import com.m365.e4upgrade.reassignment.WriteBatchRepository.TenantLines;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Makes a partition's write batches from the users themselves: the source-plan holders of
 * the tenants numbered in its range of batches, in file order, each decided by
 * {@link ReassignmentPlanner} and put in its tenant's batches, {@code usersPerBatch} at a
 * time from the tenant's first batch. A user the plan skips goes with a batch of its own
 * tenant (the one read with it, or the tenant's first), to be stored with it; the plan
 * step stores those of the tenants without a batch. It keeps no position: a partition's
 * chunks commit in order, each with its batches' moves, so the highest batch its tenants
 * have stored is where a restarted partition goes on, its earlier batches made again and
 * passed over.
 */
public class WriteBatchReader implements ItemStreamReader<BatchToMove> {

    private final PlanRepository plan;

    private final WriteBatchRepository batches;

    private final ReassignmentRepository moves;

    private final ReassignmentPlanner planner;

    private final long migrationId;

    private final int firstBatch;

    private final int lastBatch;

    private final int usersPerBatch;

    private ItemStreamReader<HolderToMove> holders;

    private int doneUpTo;

    private Planned pending;

    /** Users the plan skips, read and not yet given to a batch of their tenant. */
    private final List<Planned> skipped = new ArrayList<>();

    private long tenantLine;

    private int usersOfTheTenant;

    public WriteBatchReader(PlanRepository plan, WriteBatchRepository batches, ReassignmentRepository moves,
            ReassignmentPlanner planner, long migrationId, int firstBatch, int lastBatch, int usersPerBatch) {
        this.plan = plan;
        this.batches = batches;
        this.moves = moves;
        this.planner = planner;
        this.migrationId = migrationId;
        this.firstBatch = firstBatch;
        this.lastBatch = lastBatch;
        this.usersPerBatch = usersPerBatch;
    }

    /**
     * A holder as the plan decides it, in its batch (none, 0, when the plan skips it).
     */
    private record Planned(HolderToMove holder, Reassignment move, int batch) {
    }

    @Override
    public void open(ExecutionContext context) {
        this.pending = null;
        this.skipped.clear();
        this.tenantLine = -1;
        this.holders = null;
        TenantLines lines = this.batches.tenantLinesOf(this.migrationId, this.firstBatch, this.lastBatch).orElse(null);
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
            // the skipped users read so far of this batch's tenant (before, among or
            // after its users); those of the next tenant wait for its first batch
            List<Planned> skippedWithIt = new ArrayList<>();
            for (Iterator<Planned> users = this.skipped.iterator(); users.hasNext();) {
                Planned user = users.next();
                if (user.holder().tenantLine() == first.holder().tenantLine()) {
                    skippedWithIt.add(user);
                    users.remove();
                }
            }
            if (first.batch() > this.doneUpTo) {
                return toMove(batch, skippedWithIt);
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
                if (holder.lastBatch() >= holder.firstBatch()) {
                    this.skipped.add(new Planned(holder, move, 0));
                }
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

    private BatchToMove toMove(List<Planned> batch, List<Planned> skippedWithIt) {
        HolderToMove first = batch.get(0).holder();
        List<UserMove> users = new ArrayList<>(batch.size());
        List<Place> places = new ArrayList<>(batch.size());
        for (Planned planned : batch) {
            users.add(new UserMove(planned.holder().userId(), planned.move().userPrincipalName(),
                    planned.move().disabledPlans()));
            places.add(new Place(planned.holder().userLine(), planned.move().tenantId(), planned.move().userId()));
        }
        List<Skipped> skippedUsers = skippedWithIt.stream()
            .map(user -> new Skipped(new Place(user.holder().userLine(), user.move().tenantId(), user.move().userId()),
                    user.holder().userId(), user.move().userPrincipalName(), user.move().disabledPlans(),
                    user.move().detail()))
            .toList();
        Reassignment move = batch.get(0).move();
        return new BatchToMove(new WriteBatch(this.migrationId, batch.get(0).batch(), first.tenantId(),
                first.tenantLine(), move.fromSku(), move.toSku(), users), places, skippedUsers);
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
