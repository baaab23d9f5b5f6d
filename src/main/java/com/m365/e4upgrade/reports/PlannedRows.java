package com.m365.e4upgrade.reports;

import com.m365.e4upgrade.eligibility.Verdict;
import com.m365.e4upgrade.reassignment.DryRunPlanReader;
import com.m365.e4upgrade.reassignment.PlanRepository;
import com.m365.e4upgrade.reassignment.Reassignment;
import com.m365.e4upgrade.reassignment.ReassignmentPlanner;

import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * The rows of a dry run's reassignments.csv: it stores no moves, so they are planned as
 * they are read ({@link DryRunPlanReader}), one pass over the holders instead of storing
 * a row for each and reading it back.
 */
final class PlannedRows {

    private PlannedRows() {
    }

    static ItemStreamReader<String[]> of(PlanRepository plan, ReassignmentPlanner planner, long migrationId,
            int usersPerBatch) {
        return new MappedRows<>(new DryRunPlanReader(plan.holdersInFileOrder(migrationId, Verdict.migrating()).build(),
                planner, usersPerBatch), PlannedRows::cells);
    }

    /** The columns of reassignments.csv, as the stored moves give them. */
    private static String[] cells(Reassignment move) {
        return new String[] { move.tenantId(), move.userId(), move.userPrincipalName(), move.fromSku(), move.toSku(),
                String.join("|", move.disabledPlans()), move.status().name(), move.detail(),
                move.batch() == null ? "" : Integer.toString(move.batch()) };
    }

}
