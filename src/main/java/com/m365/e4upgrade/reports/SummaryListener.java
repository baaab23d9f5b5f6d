package com.m365.e4upgrade.reports;

import java.io.IOException;
import java.nio.file.Path;

import com.m365.e4upgrade.job.MigrationParameters;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/** Writes summary.json at the end of every run, whether it completed, failed or stopped. */
public class SummaryListener implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(SummaryListener.class);

    private final SummaryQueries queries;
    private final SummaryFile file;

    public SummaryListener(SummaryQueries queries, SummaryFile file) {
        this.queries = queries;
        this.file = file;
    }

    @Override
    public void afterJob(JobExecution execution) {
        String output = execution.getJobParameters().getString(MigrationParameters.OUTPUT);
        boolean dryRun = Boolean.parseBoolean(execution.getJobParameters().getString(MigrationParameters.DRY_RUN));
        MigrationSummary summary = queries.summarize(execution.getId(), execution.getJobInstanceId(),
                execution.getStatus().name(), dryRun);
        try {
            file.write(summary, Path.of(output));
        } catch (IOException e) {
            log.error("Could not write {} in {}", SummaryFile.FILE_NAME, output, e);
        }
    }
}
