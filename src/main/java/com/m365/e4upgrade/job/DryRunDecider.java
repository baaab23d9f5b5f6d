package com.m365.e4upgrade.job;

import com.m365.e4upgrade.batch.MigrationParameters;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.flow.FlowExecutionStatus;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
import org.springframework.batch.core.step.StepExecution;

/**
 * A dry run decides but stores and moves nothing: it goes from eligibility straight to
 * cancellation, and its reassignments report plans the moves as it writes them.
 */
public class DryRunDecider implements JobExecutionDecider {

    public static final FlowExecutionStatus DRY_RUN = new FlowExecutionStatus("DRY_RUN");

    public static final FlowExecutionStatus MOVE = new FlowExecutionStatus("MOVE");

    @Override
    public FlowExecutionStatus decide(JobExecution jobExecution, StepExecution stepExecution) {
        return Boolean.parseBoolean(jobExecution.getJobParameters().getString(MigrationParameters.DRY_RUN)) ? DRY_RUN
                : MOVE;
    }

}
