package com.m365.e4upgrade.rollback;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import com.m365.e4upgrade.batch.StageSteps;
import com.m365.e4upgrade.licensing.LicenseGateway;
import com.m365.e4upgrade.licensing.WriteBatch;
import com.m365.e4upgrade.reports.FormulaSafeCsvLineAggregator;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * The rollback of some tenants of a migration, a job of its own:
 *
 * <pre>
 * rollbackPlan → rollBack → rollbackCancellations → rollbackReports
 * </pre>
 *
 * The plan (one transaction) lists every user the migration moved in those tenants, in
 * write batches of at most 20 users of one tenant; rollBack moves one batch per chunk,
 * recording every outcome in the chunk's transaction (so a killed rollback resumes after
 * its last committed batch and moves no one twice); the tenants' source subscriptions are
 * then marked ROLLED_BACK in the migration's cancellations, and rollback.csv and
 * cancellations.csv are written. A dry run plans rows of its own that no move reads, and
 * marks nothing.
 */
@Configuration(proxyBeanMethods = false)
public class RollbackJobConfiguration {

    public static final String JOB_NAME = "e4RollbackJob";

    static final String ROLLBACK_HEADER = "tenant_id,user_id,user_principal_name,from_sku,to_sku,status,detail,batch";

    static final String CANCELLATIONS_HEADER = "tenant_id,subscription_id,sku,status,detail";

    private final StageSteps steps;

    public RollbackJobConfiguration(StageSteps steps) {
        this.steps = steps;
    }

    @Bean
    public Job e4RollbackJob(JobRepository jobRepository, Step rollbackPlan, Step rollBack, Step rollbackCancellations,
            Step rollbackReports) {
        return new JobBuilder(JOB_NAME, jobRepository).start(rollbackPlan)
            .next(rollBack)
            .next(rollbackCancellations)
            .next(rollbackReports)
            .build();
    }

    @Bean
    public Step rollbackPlan(Tasklet rollbackPlanTasklet) {
        return steps.tasklet("rollbackPlan", rollbackPlanTasklet);
    }

    @Bean
    @StepScope
    public Tasklet rollbackPlanTasklet(RollbackRepository rollbacks,
            @Value(RollbackParameters.MIGRATION_ID_EXPR) long migrationId,
            @Value(RollbackParameters.TENANTS_EXPR) String tenants,
            @Value(RollbackParameters.DRY_RUN_EXPR) String dryRun,
            @Value(RollbackParameters.CHUNK_SIZE_EXPR) long usersPerBatch) {
        return (contribution, context) -> {
            boolean dry = Boolean.parseBoolean(dryRun);
            int planned = rollbacks.plan(migrationId, dry, RollbackParameters.tenantList(tenants));
            rollbacks.numberBatches(migrationId, dry, (int) Math.min(usersPerBatch, WriteBatch.MAX_USERS));
            contribution.incrementWriteCount(planned);
            return RepeatStatus.FINISHED;
        };
    }

    /**
     * One chunk is one write batch (up to 20 users of one tenant): one call, one commit.
     */
    @Bean
    public Step rollBack(RollbackBatchReader rollbackBatches, RollbackWriter rollbackWriter,
            RetryPolicy gatewayRetryPolicy) {
        return steps.<WriteBatch, WriteBatch>chunk("rollBack", 1)
            .reader(rollbackBatches)
            .writer(rollbackWriter)
            .faultTolerant()
            .retryPolicy(gatewayRetryPolicy)
            .build();
    }

    @Bean
    @StepScope
    public RollbackBatchReader rollbackBatches(RollbackRepository rollbacks,
            @Value(RollbackParameters.MIGRATION_ID_EXPR) long migrationId,
            @Value(RollbackParameters.TENANTS_EXPR) String tenants) {
        return new RollbackBatchReader(
                rollbacks.planned(migrationId, RollbackParameters.tenantList(tenants)).saveState(false).build(),
                migrationId);
    }

    @Bean
    @StepScope
    public RollbackWriter rollbackWriter(LicenseGateway licenseGateway, RollbackRepository rollbacks) {
        return new RollbackWriter(licenseGateway, rollbacks);
    }

    @Bean
    public Step rollbackCancellations(Tasklet rollbackCancellationsTasklet) {
        return steps.tasklet("rollbackCancellations", rollbackCancellationsTasklet);
    }

    @Bean
    @StepScope
    public Tasklet rollbackCancellationsTasklet(RollbackRepository rollbacks,
            @Value(RollbackParameters.MIGRATION_ID_EXPR) long migrationId,
            @Value(RollbackParameters.TENANTS_EXPR) String tenants,
            @Value(RollbackParameters.DRY_RUN_EXPR) String dryRun) {
        return (contribution, context) -> {
            if (!Boolean.parseBoolean(dryRun)) {
                rollbacks.markCancellations(migrationId, RollbackParameters.tenantList(tenants));
            }
            return RepeatStatus.FINISHED;
        };
    }

    /**
     * Written again by every run that gets here, so the files always show the whole
     * rollback once.
     */
    @Bean
    public Step rollbackReports(Tasklet rollbackReportsTasklet, JdbcTransactionManager transactionManager) {
        return steps.step("rollbackReports")
            .tasklet(rollbackReportsTasklet, transactionManager)
            .allowStartIfComplete(true)
            .build();
    }

    @Bean
    @StepScope
    public Tasklet rollbackReportsTasklet(RollbackRepository rollbacks,
            @Value(RollbackParameters.MIGRATION_ID_EXPR) long migrationId,
            @Value(RollbackParameters.TENANTS_EXPR) String tenants,
            @Value(RollbackParameters.DRY_RUN_EXPR) String dryRun,
            @Value(RollbackParameters.OUTPUT_EXPR) String output) {
        return (contribution, context) -> {
            boolean dry = Boolean.parseBoolean(dryRun);
            Path folder = Files.createDirectories(Path.of(output));
            write(folder.resolve("rollback.csv"), ROLLBACK_HEADER,
                    rollbacks.reportRows(migrationId, dry, RollbackParameters.tenantList(tenants)));
            write(folder.resolve("cancellations.csv"), CANCELLATIONS_HEADER, rollbacks.cancellationRows(migrationId));
            return RepeatStatus.FINISHED;
        };
    }

    private static void write(Path file, String header, List<String[]> rows) throws IOException {
        FormulaSafeCsvLineAggregator csv = new FormulaSafeCsvLineAggregator();
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            out.write(header);
            out.newLine();
            for (String[] row : rows) {
                out.write(csv.aggregate(row));
                out.newLine();
            }
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

}
