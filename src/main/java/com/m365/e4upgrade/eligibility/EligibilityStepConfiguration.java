package com.m365.e4upgrade.eligibility;

import com.m365.e4upgrade.batch.MigrationParameters.Expr;
import com.m365.e4upgrade.batch.StageSteps;
import com.m365.e4upgrade.batch.StepProgress;
import com.m365.e4upgrade.input.TenantRepository;
import com.m365.e4upgrade.input.TenantRowMapper;
import com.m365.e4upgrade.licensing.LicenseGateway;
import com.m365.e4upgrade.licensing.SkuCatalog;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.ChunkOrientedStepBuilder;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * Stage 2, eligibility: every tenant against every rule, its verdict stored with its
 * reasons.
 */
@Configuration(proxyBeanMethods = false)
public class EligibilityStepConfiguration {

    static final int CHUNK = 200;

    private final StageSteps steps;

    public EligibilityStepConfiguration(StageSteps steps) {
        this.steps = steps;
    }

    @Bean
    public Step eligibility(JdbcCursorItemReader<TenantToDecide> tenantsToDecide,
            EligibilityProcessor eligibilityProcessor, ItemWriter<TenantDecision> decisionWriter,
            TenantRepository tenants, LicenseGateway gateway) {
        // every accepted tenant gets one verdict; those that have one were decided before
        StepProgress progress = StepProgress.ofItemsWritten("tenants", execution -> {
            long migrationId = StepProgress.migrationId(execution);
            return new StepProgress.Measure(tenants.count(migrationId), tenants.countDecided(migrationId));
        });
        ChunkOrientedStepBuilder<TenantToDecide, TenantDecision> step = steps
            .<TenantToDecide, TenantDecision>chunk("eligibility", CHUNK, progress)
            .reader(tenantsToDecide)
            .processor(eligibilityProcessor)
            .writer(decisionWriter);
        if (gateway.keepsLicensesInTheJobDatabase()) {
            step.listener(steps.writesOnlyToTheDatabase());
        }
        int checks = gateway.checksInFlight();
        if (checks > 1) {
            // a live check waits on the service: the chunk's tenants are decided
            // concurrently (reading
            // and writing stay in order, so the item count remains the restart position)
            SimpleAsyncTaskExecutor checking = new SimpleAsyncTaskExecutor("eligibility-");
            checking.setConcurrencyLimit(checks);
            step.taskExecutor(checking);
        }
        return step.build();
    }

    /**
     * The set it reads does not change while decisions are stored, so the item count is a
     * valid restart position.
     */
    @Bean
    @StepScope
    public JdbcCursorItemReader<TenantToDecide> tenantsToDecide(TenantRepository tenants,
            @Value(Expr.MIGRATION_ID) long migrationId) {
        TenantRowMapper tenant = new TenantRowMapper();
        return tenants
            .<TenantToDecide>withSourceUsers("tenantsToDecide", migrationId,
                    (rs, rowNum) -> new TenantToDecide(tenant.mapRow(rs, rowNum), rs.getInt("a_users")))
            .build();
    }

    @Bean
    @StepScope
    public EligibilityProcessor eligibilityProcessor(SkuCatalog skuCatalog, LicenseGateway licenseGateway,
            @Value(Expr.SOURCE_SKU) String sourceSku) {
        return new EligibilityProcessor(new EligibilityRules(sourceSku, skuCatalog), licenseGateway::checkTarget);
    }

    @Bean
    @StepScope
    public ItemWriter<TenantDecision> decisionWriter(TenantRepository tenants,
            @Value(Expr.MIGRATION_ID) long migrationId) {
        return chunk -> tenants.saveVerdicts(migrationId,
                chunk.getItems()
                    .stream()
                    .map(decision -> new TenantRepository.Verdict(decision.tenantId(), decision.verdict().name(),
                            decision.reasons().stream().map(Enum::name).toList(), decision.sourceUsers()))
                    .toList());
    }

}
