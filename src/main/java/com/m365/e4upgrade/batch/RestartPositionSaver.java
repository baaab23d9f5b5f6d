package com.m365.e4upgrade.batch;

import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Writes a restarted step's inherited position to the job repository as soon as the step
 * starts. Spring Batch 6 stores a new step execution with an empty context and writes the
 * copied restart context only at the first chunk commit; a process killed in between (say
 * while the reader skips back to its position) would leave the empty context, and the
 * next restart would start over from the first row. Writing it here closes that gap.
 */
public class RestartPositionSaver implements StepExecutionListener {

    private final JobRepository jobRepository;

    public RestartPositionSaver(JobRepository jobRepository) {
        this.jobRepository = jobRepository;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        if (!stepExecution.getExecutionContext().isEmpty()) {
            jobRepository.updateExecutionContext(stepExecution);
        }
    }

}
