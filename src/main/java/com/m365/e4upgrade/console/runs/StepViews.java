package com.m365.e4upgrade.console.runs;

import com.m365.e4upgrade.batch.ProgressReporter;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.step.StepExecution;

/**
 * A step of the timeline from its last execution and, while this console runs it, its
 * progress.
 */
final class StepViews {

    private StepViews() {
    }

    /**
     * @param execution the step's last execution, null for a step not yet reached
     * @param snapshot its progress as the console's run reports it, or null
     */
    static MigrationView.Step of(String name, StepExecution execution, ProgressReporter.Snapshot snapshot) {
        if (execution == null) {
            return new MigrationView.Step(name, "PENDING", null, null, null, 0, null, 0, 0, null, null);
        }
        String status = execution.getStatus().name();
        if (snapshot != null) {
            // an ended step's last line says 100 % of what it did; a completed one did it
            // all
            int percent = execution.getStatus() == BatchStatus.COMPLETED ? 100 : (int) snapshot.percent();
            return new MigrationView.Step(name, status, snapshot.unit(), snapshot.done(), snapshot.total(), percent,
                    snapshot.line(), execution.getReadCount(), execution.getWriteCount(), execution.getStartTime(),
                    execution.getEndTime());
        }
        int percent = execution.getStatus() == BatchStatus.COMPLETED ? 100 : 0;
        return new MigrationView.Step(name, status, null, null, null, percent, null, execution.getReadCount(),
                execution.getWriteCount(), execution.getStartTime(), execution.getEndTime());
    }

}
