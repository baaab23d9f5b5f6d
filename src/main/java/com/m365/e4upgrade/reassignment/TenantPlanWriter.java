package com.m365.e4upgrade.reassignment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.m365.e4upgrade.batch.JobMetrics;
import com.m365.e4upgrade.batch.StepProgress;
import com.m365.e4upgrade.input.TenantRowMapper;
import com.m365.e4upgrade.reassignment.PlanRepository.DisabledPlans;
import com.m365.e4upgrade.reassignment.PlanRepository.PlannedRange;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * Plans a chunk of migrating tenants (their lines in the tenants file, in order) with one
 * INSERT ... SELECT in the database instead of a row at a time through Java: the rules
 * and the numbering are those of {@link ReassignmentPlanner} and
 * {@link BatchNumberingWriter}, stated in SQL ({@link PlanRepository#planTenants}). Only
 * the disabled plans the target SKU lacks are dropped here, from the catalog, for the few
 * rows that have any. A chunk holds whole tenants, so the numbering carries over from one
 * chunk to the next by its last batch alone, saved with each chunk: a restarted plan step
 * continues it. The users it skips are counted with their tenant by the user import
 * already, for the cancellation step.
 */
public class TenantPlanWriter implements ItemStreamWriter<Long> {

    private static final String LAST_BATCH = "plan.lastBatch";

    private final PlanRepository moves;

    private final ReassignmentPlanner planner;

    private final long migrationId;

    private final Collection<String> verdicts;

    private final int usersPerBatch;

    private final JobMetrics metrics;

    private final StepProgress progress;

    private int lastBatch;

    public TenantPlanWriter(PlanRepository moves, ReassignmentPlanner planner, long migrationId,
            Collection<String> verdicts, int usersPerBatch, JobMetrics metrics, StepProgress progress) {
        this.moves = moves;
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
        int stored = this.moves.planTenants(this.migrationId, this.verdicts, first, last, this.lastBatch,
                this.usersPerBatch);
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
        PlannedRange planned = this.moves.plannedRange(this.migrationId, first, last);
        if (planned.lastBatch() != null) {
            this.lastBatch = Math.max(this.lastBatch, planned.lastBatch());
        }
        long skipped = planned.skipped();
        if (skipped > 0) {
            // users the plan already skips (no usage location, a group license) never
            // reach the gateway
            this.metrics.users(Reassignment.Status.SKIPPED.name(), skipped);
        }
        this.progress.advance(stored);
    }

}
