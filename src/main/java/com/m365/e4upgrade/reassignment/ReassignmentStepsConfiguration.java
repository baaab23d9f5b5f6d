package com.m365.e4upgrade.reassignment;

import javax.sql.DataSource;

import com.m365.e4upgrade.batch.MigrationParameters.Expr;
import com.m365.e4upgrade.batch.ConnectionBudget;
import com.m365.e4upgrade.batch.JobMetrics;
import com.m365.e4upgrade.batch.RunSettings;
import com.m365.e4upgrade.batch.StageSteps;
import com.m365.e4upgrade.batch.StepProgress;
import com.m365.e4upgrade.eligibility.Verdict;
import com.m365.e4upgrade.input.TenantRepository;
import com.m365.e4upgrade.input.UserRepository;
import com.m365.e4upgrade.licensing.LicenseGateway;
import com.m365.e4upgrade.licensing.MovePace;
import com.m365.e4upgrade.licensing.SkuCatalog;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.ChunkOrientedStepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * Stage 3, licenses: number each tenant's write batches in file order (at most 20 users
 * of one tenant each), then make and move them through the gateway, a partition of whole
 * tenants per thread, each move stored with its outcome.
 */
@Configuration(proxyBeanMethods = false)
public class ReassignmentStepsConfiguration {

    /**
     * Tenants per plan chunk: each chunk numbers their batches (and stores the skipped
     * moves of those without one), then commits once.
     */
    static final int PLAN_TENANTS = 20;

    private final StageSteps steps;

    public ReassignmentStepsConfiguration(StageSteps steps) {
        this.steps = steps;
    }

    // --- plan
    // ------------------------------------------------------------------------------

    /**
     * Each migrating tenant's write batches numbered, a chunk of whole tenants at a time;
     * the progress counts the users planned.
     */
    @Bean
    public Step plan(JdbcCursorItemReader<Long> tenantsToPlan, TenantPlanWriter tenantPlanWriter,
            StepProgress planProgress) {
        return steps.<Long, Long>chunk("plan", PLAN_TENANTS, planProgress)
            .listener(steps.writesOnlyToTheDatabase())
            .reader(tenantsToPlan)
            .writer(tenantPlanWriter)
            .build();
    }

    /**
     * Users: the holders of the tenants numbered before are what earlier runs planned.
     */
    @Bean
    public StepProgress planProgress(UserRepository users, PlanRepository plan) {
        return StepProgress.advancedByTheStep("users", execution -> {
            long migrationId = StepProgress.migrationId(execution);
            return new StepProgress.Measure(users.countSourcePlanHolders(migrationId, Verdict.migrating()),
                    plan.holdersNumbered(migrationId));
        });
    }

    /**
     * The set it reads does not change while the plan is made, so the item count is a
     * valid restart position.
     */
    @Bean
    @StepScope
    public JdbcCursorItemReader<Long> tenantsToPlan(PlanRepository plan, @Value(Expr.MIGRATION_ID) long migrationId) {
        return plan.tenantsToPlan(migrationId, Verdict.migrating()).build();
    }

    @Bean
    public ReassignmentPlanner reassignmentPlanner(SkuCatalog skuCatalog) {
        return new ReassignmentPlanner(skuCatalog);
    }

    @Bean
    @StepScope
    public TenantPlanWriter tenantPlanWriter(PlanRepository plan, WriteBatchRepository batches,
            ReassignmentPlanner reassignmentPlanner, @Value(Expr.MIGRATION_ID) long migrationId,
            @Value(Expr.CHUNK_SIZE) int usersPerBatch, JobMetrics metrics, StepProgress planProgress) {
        return new TenantPlanWriter(plan, batches, reassignmentPlanner, migrationId, Verdict.migrating(), usersPerBatch,
                metrics, planProgress);
    }

    // --- reassign
    // --------------------------------------------------------------------------

    /**
     * The moves run in partitions, each a range of write batches holding whole tenants;
     * as many at once as the gateway's pace asks (the cores for the embedded gateway, a
     * few for Graph, whose calls in flight are set apart, in {@link #reassignPartition}).
     */
    @Bean
    public Step reassign(Step reassignPartition, TenantAlignedBatchPartitioner batchRanges, LicenseGateway gateway,
            RunSettings settings, DataSource dataSource, StepProgress reassignProgress) {
        int partitions = gateway.pace(settings.parallelism()).partitions();
        ConnectionBudget.reserve(dataSource, partitions);
        SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor("reassign-");
        threads.setConcurrencyLimit(partitions);
        return steps.step("reassign", reassignProgress)
            .partitioner(reassignPartition.getName(), batchRanges)
            .step(reassignPartition)
            .gridSize(partitions)
            .taskExecutor(threads)
            .build();
    }

    /**
     * Users, not write batches: every source-plan holder of the migrating tenants, those
     * the plan skips and those moved before done; the writer advances it by the users of
     * each batch, over all the partitions.
     */
    @Bean
    public StepProgress reassignProgress(UserRepository users, WriteBatchRepository batches,
            ReassignmentRepository moves) {
        return StepProgress.advancedByTheStep("users", execution -> {
            long migrationId = StepProgress.migrationId(execution);
            return new StepProgress.Measure(users.countSourcePlanHolders(migrationId, Verdict.migrating()),
                    batches.usersThePlanSkips(migrationId) + moves.countMoved(migrationId));
        });
    }

    @Bean
    @StepScope
    public TenantAlignedBatchPartitioner batchRanges(WriteBatchRepository batches,
            @Value(Expr.MIGRATION_ID) long migrationId) {
        return new TenantAlignedBatchPartitioner(batches, migrationId);
    }

    /**
     * A chunk is several write batches (at most 20 users of one tenant each), each one
     * gateway call, their outcomes committed together. For a gateway that waits on a
     * remote service the chunk's calls leave at once, each in a thread of its own holding
     * no database connection, and the gateway paces them to its quotas.
     */
    @Bean
    public Step reassignPartition(WriteBatchReader writeBatches, MoveProcessor moveProcessor,
            ReassignWriter reassignWriter, RetryPolicy gatewayRetryPolicy, JobMetrics metrics, LicenseGateway gateway,
            RunSettings settings) {
        MovePace pace = gateway.pace(settings.parallelism());
        ChunkOrientedStepBuilder<BatchToMove, MovedBatch> step = steps
            .<BatchToMove, MovedBatch>chunk("reassignPartition", pace.batchesPerChunk())
            .reader(writeBatches)
            .processor(moveProcessor)
            .writer(reassignWriter)
            .faultTolerant()
            .retryPolicy(gatewayRetryPolicy)
            .retryListener(metrics.retries("reassign"));
        if (gateway.keepsLicensesInTheJobDatabase()) {
            step.listener(steps.writesOnlyToTheDatabase());
        }
        if (pace.concurrent()) {
            SimpleAsyncTaskExecutor calls = new SimpleAsyncTaskExecutor("move-");
            calls.setConcurrencyLimit(pace.batchesInFlight());
            step.taskExecutor(calls);
        }
        return step.build();
    }

    @Bean
    public MoveProcessor moveProcessor(LicenseGateway licenseGateway) {
        return new MoveProcessor(licenseGateway);
    }

    /** It keeps no position: the moves stored are the position. */
    @Bean
    @StepScope
    public WriteBatchReader writeBatches(PlanRepository plan, WriteBatchRepository batches,
            ReassignmentRepository moves, ReassignmentPlanner reassignmentPlanner,
            @Value(Expr.MIGRATION_ID) long migrationId, @Value(Expr.CHUNK_SIZE) int usersPerBatch,
            @Value("#{stepExecutionContext['" + TenantAlignedBatchPartitioner.FIRST_BATCH + "']}") int firstBatch,
            @Value("#{stepExecutionContext['" + TenantAlignedBatchPartitioner.LAST_BATCH + "']}") int lastBatch) {
        return new WriteBatchReader(plan, batches, moves, reassignmentPlanner, migrationId, firstBatch, lastBatch,
                usersPerBatch);
    }

    @Bean
    public ReassignWriter reassignWriter(ReassignmentRepository moves, TenantRepository tenants, JobMetrics metrics,
            StepProgress reassignProgress) {
        return new ReassignWriter(moves, tenants, metrics, reassignProgress::advance);
    }

}
