package com.m365.e4upgrade.job;

import com.m365.e4upgrade.batch.MigrationParameters;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.flow.FlowExecutionStatus;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
import org.springframework.batch.core.step.StepExecution;

/**
 * A dry run decides and plans but moves no license: it goes from the plan straight to
 * cancellation.
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
