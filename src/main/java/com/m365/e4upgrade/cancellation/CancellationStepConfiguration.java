package com.m365.e4upgrade.cancellation;

import com.m365.e4upgrade.batch.MigrationParameters.Expr;
import com.m365.e4upgrade.batch.JobMetrics;
import com.m365.e4upgrade.batch.StageSteps;
import com.m365.e4upgrade.batch.StepProgress;
import com.m365.e4upgrade.eligibility.Verdict;
import com.m365.e4upgrade.input.TenantRepository;
import com.m365.e4upgrade.licensing.LicenseGateway;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.ChunkOrientedStepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.retry.RetryPolicy;

/**
 * Stage 4, cancel: each migrated tenant's source subscription goes once every user moved,
 * through the gateway (or is left READY_TO_CANCEL for the admin); otherwise it is KEPT,
 * saying why.
 */
@Configuration(proxyBeanMethods = false)
public class CancellationStepConfiguration {

    static final int CHUNK = 200;

    private final StageSteps steps;

    public CancellationStepConfiguration(StageSteps steps) {
        this.steps = steps;
    }

    @Bean
    public Step cancel(JdbcCursorItemReader<CancellationCandidate> subscriptionsToSettle,
            CancellationDecider cancellationDecider, CancellationWriter cancellationWriter,
            RetryPolicy gatewayRetryPolicy, JobMetrics metrics, TenantRepository tenants,
            CancellationRepository cancellations, LicenseGateway gateway) {
        // one settlement per migrating tenant; those with a row were settled before
        StepProgress progress = StepProgress.ofItemsWritten("tenants", execution -> {
            long migrationId = StepProgress.migrationId(execution);
            return new StepProgress.Measure(tenants.countWithVerdict(migrationId, Verdict.migrating()),
                    cancellations.count(migrationId));
        });
        ChunkOrientedStepBuilder<CancellationCandidate, Cancellation> step = steps
            .<CancellationCandidate, Cancellation>chunk("cancel", CHUNK, progress);
        if (gateway.keepsLicensesInTheJobDatabase()) {
            step.listener(steps.writesOnlyToTheDatabase());
        }
        return step.reader(subscriptionsToSettle)
            .processor(cancellationDecider)
            .writer(cancellationWriter)
            .faultTolerant()
            .retryPolicy(gatewayRetryPolicy)
            .retryListener(metrics.retries("cancel"))
            .build();
    }

    @Bean
    @StepScope
    public JdbcCursorItemReader<CancellationCandidate> subscriptionsToSettle(CancellationRepository cancellations,
            @Value(Expr.MIGRATION_ID) long migrationId) {
        return cancellations.toSettle(migrationId, Verdict.migrating()).saveState(false).build();
    }

    @Bean
    @StepScope
    public CancellationDecider cancellationDecider(@Value(Expr.DRY_RUN) String dryRun) {
        return new CancellationDecider(Boolean.parseBoolean(dryRun));
    }

    @Bean
    @StepScope
    public CancellationWriter cancellationWriter(LicenseGateway licenseGateway, CancellationRepository cancellations,
            @Value(Expr.MIGRATION_ID) long migrationId) {
        return new CancellationWriter(licenseGateway, cancellations, migrationId);
    }

}
