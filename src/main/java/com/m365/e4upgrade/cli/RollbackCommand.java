package com.m365.e4upgrade.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.m365.e4upgrade.job.AbandonedExecutions;
import com.m365.e4upgrade.job.DatabaseRunLock;
import com.m365.e4upgrade.job.E4UpgradeJobConfiguration;
import com.m365.e4upgrade.rollback.RollbackJobConfiguration;
import com.m365.e4upgrade.rollback.RollbackParameters;
import com.m365.e4upgrade.rollback.RollbackRepository;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * {@code rollback}: finds the completed migration of the two files and runs the rollback
 * of the named tenants, or resumes it (same files, tenants and --dry-run: the same job
 * instance); a completed one is left alone (exit 0).
 */
@Component
@ConditionalOnProperty(name = MigrationLauncher.COMMAND_PROPERTY, havingValue = RollbackOptions.COMMAND)
public class RollbackCommand implements ApplicationRunner, ExitCodeGenerator {

    private static final Logger log = LoggerFactory.getLogger(RollbackCommand.class);

    private final RollbackOptions options;

    private final JobOperator jobOperator;

    private final JobRepository jobRepository;

    private final Job rollbackJob;

    private final RollbackRepository rollbacks;

    private final DataSource dataSource;

    private final PrintStream out = System.out;

    private final PrintStream err = System.err;

    private ExitCode exitCode = ExitCode.FAILED;

    private final String gateway;

    public RollbackCommand(RollbackOptions rollbackOptions, JobOperator jobOperator, JobRepository jobRepository,
            @Qualifier(RollbackJobConfiguration.JOB_NAME) Job e4RollbackJob, RollbackRepository rollbacks,
            DataSource dataSource, @Value("${gateway:embedded}") String gateway) {
        this.gateway = gateway;
        this.options = rollbackOptions;
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.rollbackJob = e4RollbackJob;
        this.rollbacks = rollbacks;
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
            JobInstance migration = jobRepository.getJobInstance(E4UpgradeJobConfiguration.JOB_NAME,
                    options.migration().toJobParameters());
            String problem = problemWith(migration);
            if (problem != null) {
                err.println("e4-upgrade: " + problem);
                exitCode = ExitCode.CANNOT_START;
                return;
            }
            run(migration.getInstanceId());
        }
    }

    /** Only a completed migration of these files, and only its own tenants. */
    private String problemWith(JobInstance migration) {
        if (migration == null) {
            return "no migration of " + options.migration().tenants() + " and " + options.migration().users()
                    + " (with --source-sku=" + options.migration().sourceSku()
                    + ", not a dry run) in this database: nothing to roll back";
        }
        JobExecution last = jobRepository.getLastJobExecution(migration);
        if (last == null || last.getStatus() != BatchStatus.COMPLETED) {
            return "the migration of these files (migration " + migration.getInstanceId() + ") has not completed ("
                    + (last == null ? "never run" : last.getStatus())
                    + "): run its command to the end before rolling back";
        }
        String movedWith = last.getJobParameters().getString(MigrationCommand.GATEWAY_PARAMETER);
        if (movedWith != null && !movedWith.equalsIgnoreCase(gateway)) {
            return "the migration of these files moved the licenses with --gateway=" + movedWith
                    + ": roll it back with the same gateway (this run has --gateway=" + gateway + ")";
        }
        List<String> known = rollbacks.knownTenants(migration.getInstanceId(), options.tenantIds());
        List<String> unknown = new ArrayList<>(options.tenantIds());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            return "option --tenant: " + String.join(", ", unknown) + (unknown.size() == 1 ? " is" : " are")
                    + " not a tenant of migration " + migration.getInstanceId();
        }
        return null;
    }

    private void run(long migrationId) throws Exception {
        JobParameters parameters = new JobParametersBuilder()
            .addLong(RollbackParameters.MIGRATION_ID, migrationId, true)
            .addString(RollbackParameters.TENANTS, RollbackParameters.tenants(options.tenantIds()), true)
            .addString(RollbackParameters.DRY_RUN, Boolean.toString(options.dryRun()), true)
            .addString(RollbackParameters.OUTPUT, options.output().toAbsolutePath().toString(), false)
            .addLong(RollbackParameters.CHUNK_SIZE, (long) options.usersPerBatch(), false)
            .toJobParameters();
        new AbandonedExecutions(jobRepository).recover(rollbackJob.getName(), parameters);
        JobExecution execution;
        try {
            execution = jobOperator.start(rollbackJob, parameters);
        }
        catch (JobInstanceAlreadyCompleteException e) {
            out.println("E4 rollback: this rollback already completed; nothing to do.");
            exitCode = ExitCode.COMPLETED;
            return;
        }
        catch (JobExecutionAlreadyRunningException e) {
            err.println("e4-upgrade: this rollback is in use by another run; nothing done");
            exitCode = ExitCode.IN_USE;
            return;
        }
        exitCode = MigrationCommand.exitCodeOf(execution.getStatus());
        Map<String, Long> byStatus = rollbacks.reportRows(migrationId, options.dryRun(), options.tenantIds())
            .stream()
            .collect(Collectors.groupingBy(row -> row[5], java.util.TreeMap::new, Collectors.counting()));
        out.println("E4 rollback: migration " + migrationId + ", execution " + execution.getId() + ": "
                + execution.getStatus() + (options.dryRun() ? " (dry run)" : ""));
        out.println("  Users  " + byStatus.values().stream().mapToLong(Long::longValue).sum() + ": "
                + byStatus.entrySet()
                    .stream()
                    .map(entry -> entry.getKey() + " " + entry.getValue())
                    .collect(Collectors.joining(", ")));
        out.println("  Reports in " + options.output().toAbsolutePath());
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            String failure = execution.getAllFailureExceptions()
                .stream()
                .findFirst()
                .map(MigrationLauncher::rootMessage)
                .orElse(execution.getExitStatus().getExitDescription());
            log.error("The rollback ended {}: {}", execution.getStatus(), failure);
            err.println("e4-upgrade: rollback " + execution.getStatus().name().toLowerCase(java.util.Locale.ROOT) + ": "
                    + failure + "; run the same command to resume (details in logs/e4-upgrade.log)");
        }
    }

    @Override
    public int getExitCode() {
        return exitCode.code();
    }

}
