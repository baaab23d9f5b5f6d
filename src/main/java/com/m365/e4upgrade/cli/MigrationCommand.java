package com.m365.e4upgrade.cli;

import com.m365.e4upgrade.batch.MigrationParameters;
import com.m365.e4upgrade.batch.RunControl;
import com.m365.e4upgrade.job.AbandonedExecutions;
import com.m365.e4upgrade.job.DatabaseRunLock;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import javax.sql.DataSource;

import com.m365.e4upgrade.licensing.LicenseGateway;
import com.m365.e4upgrade.reports.ConsoleSummary;
import com.m365.e4upgrade.reports.RunTimings;
import com.m365.e4upgrade.reports.SummaryQueries;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Starts the migration, or resumes it: identical identifying parameters give the same job
 * instance, so a failed or stopped run carries on after its last committed chunk, and a
 * completed one is left alone (exit 0, nothing to do).
 */
@Component
@ConditionalOnProperty("tenants")
@ConditionalOnProperty(name = MigrationLauncher.COMMAND_PROPERTY, havingValue = "migrate", matchIfMissing = true)
public class MigrationCommand implements ApplicationRunner, ExitCodeGenerator {

    private static final Logger log = LoggerFactory.getLogger(MigrationCommand.class);

    private final MigrationOptions options;

    private final InputDigests digests;

    private final JobOperator jobOperator;

    private final AbandonedExecutions abandonedExecutions;

    private final Job job;

    private final SummaryQueries summaries;

    private final DataSource dataSource;

    private final RunControl runControl;

    private final LicenseGateway licenseGateway;

    private final CountDownLatch finished = new CountDownLatch(1);

    private final PrintStream out = System.out;

    private final PrintStream err = System.err;

    private ExitCode exitCode = ExitCode.FAILED;

    /** The gateway of the run, a job parameter that does not identify the migration. */
    static final String GATEWAY_PARAMETER = "gateway";

    private final String gateway;

    public MigrationCommand(JobOperator jobOperator, JobRepository jobRepository, Job job,
            NamedParameterJdbcTemplate jdbc, DataSource dataSource, RunControl runControl, MigrationOptions options,
            ObjectProvider<InputDigests> digests, @Value("${gateway:embedded}") String gateway,
            LicenseGateway licenseGateway) {
        // a context started without the launcher (the tests) starts computing them here
        this.digests = digests.getIfAvailable(() -> InputDigests.startedFor(options.tenants(), options.users()));
        this.gateway = gateway;
        this.licenseGateway = licenseGateway;
        this.options = options;
        this.jobOperator = jobOperator;
        this.abandonedExecutions = new AbandonedExecutions(jobRepository);
        this.job = job;
        this.summaries = new SummaryQueries(jdbc);
        this.dataSource = dataSource;
        this.runControl = runControl;
    }

    @Override
    public void run(ApplicationArguments arguments) throws Exception {
        Thread onTerminate = new Thread(this::stopAndExit, "e4-upgrade-sigterm");
        Runtime.getRuntime().addShutdownHook(onTerminate);
        try (DatabaseRunLock lock = DatabaseRunLock.tryAcquire(dataSource)) {
            if (lock == null) {
                err.println("e4-upgrade: the database is in use by another run; nothing done");
                exitCode = ExitCode.IN_USE;
                return;
            }
            run(this.options);
        }
        finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onTerminate);
            }
            catch (IllegalStateException shuttingDown) {
                // the hook is already running and ends the process with our exit code
            }
        }
    }

    /**
     * SIGTERM: ask the job to stop at the next chunk boundary, wait for it to end, then
     * leave with the run's own exit code (3 when stopped) rather than the JVM's 143.
     */
    private void stopAndExit() {
        runControl.requestStop("termination signal");
        try {
            finished.await();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeDatabase();
        out.flush();
        err.flush();
        Runtime.getRuntime().halt(exitCode.code());
    }

    /**
     * Halting skips the context's shutdown: close the pool first, so the database has
     * every commit on disk.
     */
    private void closeDatabase() {
        if (dataSource instanceof AutoCloseable pool) {
            try {
                pool.close();
            }
            catch (Exception e) {
                log.warn("Could not close the database on termination", e);
            }
        }
    }

    private void run(MigrationOptions options) throws Exception {
        // which gateway moved the licenses: a rollback must use the same one
        JobParameters parameters = new JobParametersBuilder(options.toJobParameters(digests))
            .addString(GATEWAY_PARAMETER, gateway, false)
            .toJobParameters();
        try {
            // we hold the run lock: whatever is still marked running was left by a
            // process that ended
            abandonedExecutions.recover(job.getName(), parameters);
            JobExecution execution;
            try {
                execution = jobOperator.start(job, parameters);
            }
            catch (JobInstanceAlreadyCompleteException e) {
                out.println("E4 upgrade: this migration already completed; nothing to do.");
                exitCode = ExitCode.COMPLETED;
                return;
            }
            catch (JobExecutionAlreadyRunningException e) {
                err.println("e4-upgrade: this migration is in use by another run; nothing done");
                exitCode = ExitCode.IN_USE;
                return;
            }
            exitCode = exitCodeOf(execution.getStatus());
            report(execution, options.output());
        }
        catch (RuntimeException e) {
            // the database went away and stayed away: even the failure could not be
            // recorded
            String lost = ConnectionLoss.in(e).orElseThrow(() -> e);
            log.error("The run lost its database connection", e);
            exitCode = ExitCode.FAILED;
            err.println(connectionLostLine(lost));
        }
    }

    private static String connectionLostLine(String driverMessage) {
        return "e4-upgrade: failed: lost the connection to the database (" + driverMessage
                + "); run the same command to resume once it is back (details in logs/e4-upgrade.log)";
    }

    private void report(JobExecution execution, Path output) {
        boolean dryRun = Boolean.parseBoolean(execution.getJobParameters().getString(MigrationParameters.DRY_RUN));
        out.println(ConsoleSummary.render(summaries.summarize(execution, dryRun)
            .withTimings(RunTimings.of(execution, step -> Optional.empty()))
            .withGatewayFigures(licenseGateway), output));
        switch (execution.getStatus()) {
            case COMPLETED -> {
            }
            case STOPPED -> err.println("e4-upgrade: stopped at a chunk boundary (" + runControl.stopReason()
                    + "); run the same command to resume");
            default -> err.println(execution.getAllFailureExceptions()
                .stream()
                .flatMap(failure -> ConnectionLoss.in(failure).stream())
                .findFirst()
                .map(MigrationCommand::connectionLostLine)
                .orElseGet(() -> "e4-upgrade: failed: " + failureMessage(execution)
                        + "; run the same command to resume (details in logs/e4-upgrade.log)"));
        }
    }

    private static String failureMessage(JobExecution execution) {
        return execution.getAllFailureExceptions()
            .stream()
            .findFirst()
            .map(MigrationLauncher::rootMessage)
            .orElse(execution.getExitStatus().getExitDescription());
    }

    static ExitCode exitCodeOf(BatchStatus status) {
        return switch (status) {
            case COMPLETED -> ExitCode.COMPLETED;
            case STOPPED, STOPPING -> ExitCode.STOPPED;
            default -> ExitCode.FAILED;
        };
    }

    @Override
    public int getExitCode() {
        return exitCode.code();
    }

}
