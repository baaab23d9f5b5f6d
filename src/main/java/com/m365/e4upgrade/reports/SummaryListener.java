package com.m365.e4upgrade.reports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.m365.e4upgrade.batch.MigrationParameters;
import com.m365.e4upgrade.batch.ProgressReporter;
import com.m365.e4upgrade.licensing.LicenseGateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Creates the output folder and clears it of earlier reports when a run starts, and
 * writes summary.json at the end of every run, whether it completed, failed or stopped.
 */
public class SummaryListener implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(SummaryListener.class);

    private final SummaryQueries queries;

    private final SummaryFile file;

    private final LicenseGateway gateway;

    private final ProgressReporter progress;

    public SummaryListener(SummaryQueries queries, SummaryFile file, LicenseGateway gateway,
            ProgressReporter progress) {
        this.queries = queries;
        this.file = file;
        this.gateway = gateway;
        this.progress = progress;
    }

    /**
     * A run writes its reports again from the database; until it does, the output folder
     * must not show an earlier run's reports beside this run's summary (another
     * migration's, or this one's before a failure). So every run starts by removing the
     * files it may write.
     */
    @Override
    public void beforeJob(JobExecution execution) {
        Path output = Path.of(execution.getJobParameters().getString(MigrationParameters.OUTPUT));
        try {
            // checked writable before the run (StartChecks), created only by a run that
            // holds the lock
            Files.createDirectories(output);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot create the output folder " + output + ": " + e.getMessage(), e);
        }
        for (String report : ReportStepsConfiguration.REPORT_FILES) {
            deleteIfExists(output.resolve(report));
        }
        deleteIfExists(output.resolve(SummaryFile.FILE_NAME));
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        }
        catch (IOException e) {
            log.warn("Could not remove the earlier report {}", file, e);
        }
    }

    @Override
    public void afterJob(JobExecution execution) {
        String output = execution.getJobParameters().getString(MigrationParameters.OUTPUT);
        boolean dryRun = Boolean.parseBoolean(execution.getJobParameters().getString(MigrationParameters.DRY_RUN));
        MigrationSummary summary = queries.summarize(execution, dryRun)
            .withTimings(RunTimings.of(execution, progress::outcomeOf));
        summary = summary.withGatewayFigures(gateway);
        try {
            file.write(summary, Path.of(output));
        }
        catch (IOException e) {
            log.error("Could not write {} in {}", SummaryFile.FILE_NAME, output, e);
        }
    }

}
