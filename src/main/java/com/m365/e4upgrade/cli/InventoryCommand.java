package com.m365.e4upgrade.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import com.m365.e4upgrade.job.AbandonedExecutions;
import com.m365.e4upgrade.job.DatabaseRunLock;
import com.m365.e4upgrade.batch.MigrationParameters;
import com.m365.e4upgrade.inventory.InventoryJobConfiguration;
import com.m365.e4upgrade.inventory.InventoryParameters;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * {@code inventory}: runs the inventory of tenants.csv into the output folder, or resumes
 * the one a crash or a stop left unfinished (same file content, source plan and folder);
 * after a completed one the same command is a new reading of the live tenants.
 */
@Component
@ConditionalOnProperty(name = MigrationLauncher.COMMAND_PROPERTY, havingValue = InventoryOptions.COMMAND)
public class InventoryCommand implements ApplicationRunner, ExitCodeGenerator {

    private final InventoryOptions options;

    private final JobOperator jobOperator;

    private final JobRepository jobRepository;

    private final Job inventoryJob;

    private final DataSource dataSource;

    private final PrintStream out = System.out;

    private final PrintStream err = System.err;

    private ExitCode exitCode = ExitCode.FAILED;

    public InventoryCommand(InventoryOptions inventoryOptions, JobOperator jobOperator, JobRepository jobRepository,
            @Qualifier(InventoryJobConfiguration.JOB_NAME) Job e4InventoryJob, DataSource dataSource) {
        this.options = inventoryOptions;
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.inventoryJob = e4InventoryJob;
        this.dataSource = dataSource;
    }

    @Override
    public void run(ApplicationArguments arguments) throws Exception {
        try (DatabaseRunLock lock = DatabaseRunLock.tryAcquire(dataSource)) {
            if (lock == null) {
                err.println("e4-upgrade: the database is in use by another run; nothing done");
                exitCode = ExitCode.IN_USE;
                return;
            }
            JobParameters parameters = unfinishedOrNext();
            new AbandonedExecutions(jobRepository).recover(inventoryJob.getName(), parameters);
            JobExecution execution;
            try {
                execution = jobOperator.start(inventoryJob, parameters);
            }
            catch (JobExecutionAlreadyRunningException e) {
                err.println("e4-upgrade: this inventory is in use by another run; nothing done");
                exitCode = ExitCode.IN_USE;
                return;
            }
            exitCode = MigrationCommand.exitCodeOf(execution.getStatus());
            report(execution);
        }
    }

    /**
     * The parameters of the last run of this inventory if it did not complete, else of
     * the next one.
     */
    private JobParameters unfinishedOrNext() throws Exception {
        String digest = MigrationParameters.sha256(options.tenants());
        for (long run = 1;; run++) {
            JobParameters parameters = new JobParametersBuilder()
                .addString(InventoryParameters.TENANTS_DIGEST, digest, true)
                .addString(InventoryParameters.SOURCE_SKU, options.sourceSku(), true)
                .addString(InventoryParameters.OUTPUT, options.output().toAbsolutePath().toString(), true)
                .addLong(InventoryParameters.RUN, run, true)
                .addString(InventoryParameters.TENANTS_FILE, options.tenants().toAbsolutePath().toString(), false)
                .toJobParameters();
            JobInstance instance = jobRepository.getJobInstance(inventoryJob.getName(), parameters);
            JobExecution last = instance == null ? null : jobRepository.getLastJobExecution(instance);
            if (last == null || last.getStatus() != BatchStatus.COMPLETED) {
                return parameters;
            }
        }
    }

    private void report(JobExecution execution) throws Exception {
        Path folder = options.output().toAbsolutePath();
        out.println("E4 inventory: execution " + execution.getId() + ": " + execution.getStatus());
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            out.println("  Tenants        " + rows(folder.resolve("tenants.csv")) + " read, "
                    + rows(folder.resolve("inventory-errors.csv")) + " left out (inventory-errors.csv)");
            out.println("  Users          " + rows(folder.resolve("users.csv")) + " holding " + options.sourceSku());
            out.println("  Changes        " + rows(folder.resolve("inventory-changes.csv")));
            out.println("  Files in " + folder);
            return;
        }
        String failure = execution.getAllFailureExceptions()
            .stream()
            .findFirst()
            .map(MigrationLauncher::rootMessage)
            .orElse(execution.getExitStatus().getExitDescription());
        err.println("e4-upgrade: inventory " + execution.getStatus().name().toLowerCase(java.util.Locale.ROOT) + ": "
                + failure + "; run the same command to resume (details in logs/e4-upgrade.log)");
    }

    /**
     * Data lines of a file written by the inventory (a quoted line break would count
     * twice: these have none that matter here).
     */
    private static long rows(Path file) throws Exception {
        try (var lines = Files.lines(file)) {
            return Math.max(0, lines.count() - 1);
        }
    }

    @Override
    public int getExitCode() {
        return exitCode.code();
    }

}
