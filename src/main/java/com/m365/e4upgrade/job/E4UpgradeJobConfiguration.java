package com.m365.e4upgrade.job;

import com.m365.e4upgrade.batch.MigrationParameters;
import com.m365.e4upgrade.batch.RunControl;
import com.m365.e4upgrade.batch.RestartPositionSaver;
import java.nio.file.Path;

import javax.sql.DataSource;

import com.m365.e4upgrade.cancellation.Cancellation;
import com.m365.e4upgrade.cancellation.CancellationCandidate;
import com.m365.e4upgrade.cancellation.CancellationDecider;
import com.m365.e4upgrade.cancellation.CancellationWriter;
import com.m365.e4upgrade.eligibility.EligibilityProcessor;
import com.m365.e4upgrade.eligibility.EligibilityRules;
import com.m365.e4upgrade.eligibility.TenantDecision;
import com.m365.e4upgrade.eligibility.TenantToDecide;
import com.m365.e4upgrade.input.CsvRecord;
import com.m365.e4upgrade.input.CsvRecordReader;
import com.m365.e4upgrade.input.ImportedRow;
import com.m365.e4upgrade.input.RejectLimitTasklet;
import com.m365.e4upgrade.input.RejectStore;
import com.m365.e4upgrade.input.TenantImportWriter;
import com.m365.e4upgrade.input.TenantRowMapper;
import com.m365.e4upgrade.input.TenantRowProcessor;
import com.m365.e4upgrade.input.UserImportWriter;
import com.m365.e4upgrade.input.UserRowProcessor;
import com.m365.e4upgrade.licensing.EmbeddedLicenseGateway;
import com.m365.e4upgrade.licensing.LicenseGateway;
import com.m365.e4upgrade.licensing.SkuCatalog;
import com.m365.e4upgrade.licensing.WriteBatch;
import com.m365.e4upgrade.licensing.graph.GraphLicenseGateway;
import com.m365.e4upgrade.licensing.graph.GraphSettings;
import com.m365.e4upgrade.reassignment.BatchNumberingWriter;
import com.m365.e4upgrade.reassignment.PlanCandidate;
import com.m365.e4upgrade.reassignment.ReassignWriter;
import com.m365.e4upgrade.reassignment.Reassignment;
import com.m365.e4upgrade.reassignment.ReassignmentPlanner;
import com.m365.e4upgrade.reassignment.TenantAlignedBatchPartitioner;
import com.m365.e4upgrade.reassignment.WriteBatchReader;
import com.m365.e4upgrade.reports.SummaryFile;
import com.m365.e4upgrade.reports.SummaryListener;
import com.m365.e4upgrade.reports.SummaryQueries;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcBatchItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;
import org.springframework.batch.infrastructure.item.database.builder.JdbcBatchItemWriterBuilder;
import org.springframework.batch.infrastructure.item.database.builder.JdbcCursorItemReaderBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * The E4 upgrade job: Microsoft's manual upgrade procedure, for many tenants at once.
 *
 * <pre>
 * importTenants → importUsers → rejects.csv → checkRejects → eligibility → plan ─┬─ reassign (partitioned) ─┬→ cancel → reports
 *                                                                                 └─(dry run)───────────────┘
 * </pre>
 *
 * Every chunk commits its business rows and the step's metadata in one transaction of the one
 * DataSource, so a run that dies resumes after its last committed chunk.
 */
@Configuration(proxyBeanMethods = false)
public class E4UpgradeJobConfiguration {

    public static final String JOB_NAME = "e4UpgradeJob";

    static final int IMPORT_CHUNK = 500;
    static final int DECISION_CHUNK = 200;
    static final int FETCH_SIZE = 500;

    private static final String MIGRATION_ID = "#{stepExecution.jobExecution.jobInstanceId}";
    private static final String MIGRATING = "verdict IN ('MIGRATE', 'MIGRATE_MANUAL')";

    private final JobRepository jobRepository;
    private final JdbcTransactionManager transactionManager;
    private final DataSource dataSource;
    private final NamedParameterJdbcTemplate jdbc;
    private final RunControl runControl;
    private final RestartPositionSaver restartPositionSaver;

    public E4UpgradeJobConfiguration(JobRepository jobRepository, JdbcTransactionManager transactionManager,
            DataSource dataSource, NamedParameterJdbcTemplate jdbc, RunControl runControl) {
        this.jobRepository = jobRepository;
        this.transactionManager = transactionManager;
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.runControl = runControl;
        this.restartPositionSaver = new RestartPositionSaver(jobRepository);
    }

    @Bean
    public Job e4UpgradeJob(Step importTenants, Step importUsers, Step rejectsReport, Step checkRejects,
            Step eligibility, Step plan, Step reassign, Step cancel, Step eligibilityReport, Step reassignmentsReport,
            Step cancellationsReport, SummaryListener summaryListener) {
        DryRunDecider dryRun = new DryRunDecider();
        return new JobBuilder(JOB_NAME, jobRepository)
                .start(importTenants)
                .next(importUsers)
                // the rejects are all known once both files are read, and they are what the operator
                // must read when the run stops at --max-rejects: written before that check
                .next(rejectsReport)
                .next(checkRejects)
                .next(eligibility)
                .next(plan)
                .next(dryRun).on(DryRunDecider.DRY_RUN.getName()).to(cancel)
                .from(dryRun).on(DryRunDecider.MOVE.getName()).to(reassign).next(cancel)
                .from(cancel).next(eligibilityReport)
                .next(reassignmentsReport)
                .next(cancellationsReport)
                .end()
                .listener(summaryListener)
                .build();
    }

    // --- 1. import -------------------------------------------------------------------------

    @Bean
    public Step importTenants(CsvRecordReader tenantsReader, TenantImportWriter tenantImportWriter,
            SkuCatalog skuCatalog) {
        return importStep("importTenants", tenantsReader, new TenantRowProcessor(skuCatalog::partNumberOf),
                tenantImportWriter);
    }

    @Bean
    @StepScope
    public CsvRecordReader tenantsReader(@Value("#{jobParameters['" + MigrationParameters.TENANTS_FILE + "']}") String file) {
        return new CsvRecordReader("tenantsReader", Path.of(file));
    }

    @Bean
    @StepScope
    public TenantImportWriter tenantImportWriter(RejectStore rejectStore, @Value(MIGRATION_ID) long migrationId) {
        return new TenantImportWriter(jdbc, rejectStore, migrationId);
    }

    @Bean
    public Step importUsers(CsvRecordReader usersReader, UserImportWriter userImportWriter) {
        return importStep("importUsers", usersReader, new UserRowProcessor(), userImportWriter);
    }

    private <T> Step importStep(String name, CsvRecordReader reader, ItemProcessor<CsvRecord, ImportedRow<T>> validator,
            ItemWriter<ImportedRow<T>> writer) {
        return new StepBuilder(name, jobRepository)
                .<CsvRecord, ImportedRow<T>>chunk(IMPORT_CHUNK)
                .transactionManager(transactionManager)
                .interruptionPolicy(runControl)
                .listener(restartPositionSaver)
                .reader(reader)
                .processor(validator)
                .writer(writer)
                .build();
    }

    @Bean
    @StepScope
    public CsvRecordReader usersReader(@Value("#{jobParameters['" + MigrationParameters.USERS_FILE + "']}") String file) {
        return new CsvRecordReader("usersReader", Path.of(file));
    }

    @Bean
    @StepScope
    public UserImportWriter userImportWriter(RejectStore rejectStore, @Value(MIGRATION_ID) long migrationId) {
        return new UserImportWriter(jdbc, dataSource, rejectStore, migrationId);
    }

    @Bean
    public RejectStore rejectStore() {
        return new RejectStore(jdbc);
    }

    @Bean
    public Step checkRejects(RejectLimitTasklet rejectLimitTasklet) {
        return new StepBuilder("checkRejects", jobRepository)
                .tasklet(rejectLimitTasklet, transactionManager)
                .build();
    }

    @Bean
    @StepScope
    public RejectLimitTasklet rejectLimitTasklet(RejectStore rejectStore, @Value(MIGRATION_ID) long migrationId,
            @Value("#{jobParameters['" + MigrationParameters.MAX_REJECTS + "']}") long maxRejects) {
        return new RejectLimitTasklet(rejectStore, migrationId, maxRejects);
    }

    // --- 2. eligibility --------------------------------------------------------------------

    @Bean
    public Step eligibility(JdbcCursorItemReader<TenantToDecide> tenantsToDecide, EligibilityProcessor eligibilityProcessor,
            JdbcBatchItemWriter<TenantDecision> decisionWriter) {
        return new StepBuilder("eligibility", jobRepository)
                .<TenantToDecide, TenantDecision>chunk(DECISION_CHUNK)
                .transactionManager(transactionManager)
                .interruptionPolicy(runControl)
                .listener(restartPositionSaver)
                .reader(tenantsToDecide)
                .processor(eligibilityProcessor)
                .writer(decisionWriter)
                .build();
    }

    /**
     * One streaming query: each tenant with A, its accepted users holding its source plan, counted
     * in one grouped pass over the users. The set does not change while decisions are stored, so
     * the item count is a valid restart position.
     */
    @Bean
    @StepScope
    public JdbcCursorItemReader<TenantToDecide> tenantsToDecide(@Value(MIGRATION_ID) long migrationId) {
        TenantRowMapper tenants = new TenantRowMapper();
        return new JdbcCursorItemReaderBuilder<TenantToDecide>()
                .name("tenantsToDecide")
                .dataSource(dataSource)
                .sql("""
                        SELECT t.*, COALESCE(a.users, 0) AS a_users
                        FROM e4_tenant t
                        LEFT JOIN (SELECT tenant_id, COUNT(*) AS users FROM e4_user
                                   WHERE migration_id = ? AND holds_source = TRUE
                                   GROUP BY tenant_id) a ON a.tenant_id = t.tenant_id
                        WHERE t.migration_id = ?
                        ORDER BY t.migration_id, t.tenant_id""")
                .queryArguments(migrationId, migrationId)
                .fetchSize(FETCH_SIZE)
                .connectionAutoCommit(false)
                .rowMapper((rs, rowNum) -> new TenantToDecide(tenants.mapRow(rs, rowNum), rs.getInt("a_users")))
                .build();
    }

    @Bean
    @StepScope
    public EligibilityProcessor eligibilityProcessor(SkuCatalog skuCatalog, LicenseGateway licenseGateway,
            @Value("#{jobParameters['" + MigrationParameters.SOURCE_SKU + "']}") String sourceSku) {
        return new EligibilityProcessor(new EligibilityRules(sourceSku, skuCatalog), licenseGateway::checkTarget);
    }

    @Bean
    @StepScope
    public JdbcBatchItemWriter<TenantDecision> decisionWriter(@Value(MIGRATION_ID) long migrationId) {
        return new JdbcBatchItemWriterBuilder<TenantDecision>()
                .dataSource(dataSource)
                .sql("""
                        UPDATE e4_tenant SET verdict = :verdict, reasons = :reasons, source_users = :sourceUsers
                        WHERE migration_id = :migrationId AND tenant_id = :tenantId""")
                .itemSqlParameterSourceProvider(decision -> new MapSqlParameterSource()
                        .addValue("verdict", decision.verdict().name())
                        .addValue("reasons", String.join("|", decision.reasons().stream().map(Enum::name).toList()))
                        .addValue("sourceUsers", decision.sourceUsers())
                        .addValue("migrationId", migrationId)
                        .addValue("tenantId", decision.tenantId()))
                .build();
    }

    // --- 3. licenses: plan the write batches, then move ------------------------------------

    @Bean
    public Step plan(JdbcCursorItemReader<PlanCandidate> sourcePlanHolders, ReassignmentPlanner reassignmentPlanner,
            BatchNumberingWriter plannedMovesWriter) {
        return new StepBuilder("plan", jobRepository)
                .<PlanCandidate, Reassignment>chunk(IMPORT_CHUNK)
                .transactionManager(transactionManager)
                .interruptionPolicy(runControl)
                .listener(restartPositionSaver)
                .reader(sourcePlanHolders)
                .processor(reassignmentPlanner)
                .writer(plannedMovesWriter)
                .build();
    }

    /**
     * One streaming query in file order (the index on tenant line and user line serves the order).
     * The set it reads does not change while the plan is made, so the item count is a valid
     * restart position.
     */
    @Bean
    @StepScope
    public JdbcCursorItemReader<PlanCandidate> sourcePlanHolders(@Value(MIGRATION_ID) long migrationId) {
        return new JdbcCursorItemReaderBuilder<PlanCandidate>()
                .name("sourcePlanHolders")
                .dataSource(dataSource)
                .sql("""
                        SELECT u.tenant_id, u.user_id, u.user_principal_name, u.usage_location, u.license_assignment,
                               u.disabled_plans, t.source_sku, t.target_sku
                        FROM e4_user u
                        JOIN e4_tenant t ON t.migration_id = u.migration_id AND t.tenant_id = u.tenant_id
                        WHERE u.migration_id = ? AND u.holds_source = TRUE AND t.""" + MIGRATING + """

                        ORDER BY u.migration_id, u.tenant_line, u.line_number""")
                .queryArguments(migrationId)
                .fetchSize(FETCH_SIZE)
                .connectionAutoCommit(false)
                .rowMapper((rs, rowNum) -> new PlanCandidate(rs.getString("tenant_id"), rs.getString("user_id"),
                        rs.getString("user_principal_name"), rs.getString("usage_location"),
                        rs.getString("license_assignment"), TenantRowMapper.list(rs.getString("disabled_plans")),
                        rs.getString("source_sku"), rs.getString("target_sku")))
                .build();
    }

    @Bean
    public ReassignmentPlanner reassignmentPlanner(SkuCatalog skuCatalog) {
        return new ReassignmentPlanner(skuCatalog);
    }

    @Bean
    @StepScope
    public BatchNumberingWriter plannedMovesWriter(@Value(MIGRATION_ID) long migrationId,
            @Value("#{jobParameters['" + MigrationParameters.CHUNK_SIZE + "']}") int usersPerBatch) {
        JdbcBatchItemWriter<Reassignment> insert = new JdbcBatchItemWriterBuilder<Reassignment>()
                .dataSource(dataSource)
                // the user's place in the files comes along, so the report needs no join to follow them
                .sql("""
                        INSERT INTO e4_reassignment (migration_id, tenant_id, user_id, user_principal_name, from_sku,
                            to_sku, disabled_plans, status, detail, batch, tenant_line, user_line, written_tenant_id,
                            written_user_id)
                        SELECT :migrationId, :tenantId, :userId, :upn, :fromSku, :toSku, :disabledPlans, :status,
                            CAST(:detail AS VARCHAR(256)), CAST(:batch AS INTEGER), u.tenant_line, u.line_number,
                            u.written_tenant_id, u.written_user_id
                        FROM e4_user u
                        WHERE u.migration_id = :migrationId AND u.tenant_id = :tenantId AND u.user_id = :userId""")
                .itemSqlParameterSourceProvider(move -> new MapSqlParameterSource()
                        .addValue("migrationId", migrationId)
                        .addValue("tenantId", move.tenantId())
                        .addValue("userId", move.userId())
                        .addValue("upn", move.userPrincipalName())
                        .addValue("fromSku", move.fromSku())
                        .addValue("toSku", move.toSku())
                        .addValue("disabledPlans", String.join("|", move.disabledPlans()))
                        .addValue("status", move.status().name())
                        .addValue("detail", move.detail())
                        .addValue("batch", move.batch()))
                .build();
        insert.afterPropertiesSet();
        return new BatchNumberingWriter(insert, usersPerBatch);
    }

    /**
     * The moves run in partitions over the cores (or, with Microsoft Graph, over a bounded number of
     * tenants at once); each partition is a range of write batches holding whole tenants.
     */
    @Bean
    public Step reassign(Step reassignPartition, TenantAlignedBatchPartitioner batchRanges,
            ObjectProvider<GraphSettings> graph,
            @Value("${parallelism:#{T(java.lang.Runtime).getRuntime().availableProcessors()}}") int cores) {
        GraphSettings graphSettings = graph.getIfAvailable();
        int parallelism = graphSettings != null ? graphSettings.parallelTenants() : cores;
        SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor("reassign-");
        threads.setConcurrencyLimit(parallelism);
        return new StepBuilder("reassign", jobRepository)
                .partitioner(reassignPartition.getName(), batchRanges)
                .step(reassignPartition)
                .gridSize(parallelism)
                .taskExecutor(threads)
                .build();
    }

    @Bean
    @StepScope
    public TenantAlignedBatchPartitioner batchRanges(@Value(MIGRATION_ID) long migrationId) {
        return new TenantAlignedBatchPartitioner(jdbc, migrationId);
    }

    /** One chunk is one write batch (up to 20 users of one tenant): one gateway call, one commit. */
    @Bean
    public Step reassignPartition(WriteBatchReader writeBatches, ReassignWriter reassignWriter,
            RetryPolicy gatewayRetryPolicy) {
        return new StepBuilder("reassignPartition", jobRepository)
                .<WriteBatch, WriteBatch>chunk(1)
                .transactionManager(transactionManager)
                .interruptionPolicy(runControl)
                .listener(restartPositionSaver)
                .reader(writeBatches)
                .writer(reassignWriter)
                .faultTolerant()
                .retryPolicy(gatewayRetryPolicy)
                .build();
    }

    /**
     * The partition's planned moves in batch order, in one streaming query: page queries would each
     * walk the index past every move already done. Every ORDER BY here starts with the columns the
     * query fixes, so H2 reads the index in order instead of sorting the whole result. It keeps no position: what is still PLANNED is
     * the position, so a restarted partition asks again.
     */
    @Bean
    @StepScope
    public WriteBatchReader writeBatches(@Value(MIGRATION_ID) long migrationId,
            @Value("#{stepExecutionContext['" + TenantAlignedBatchPartitioner.FIRST_BATCH + "']}") int firstBatch,
            @Value("#{stepExecutionContext['" + TenantAlignedBatchPartitioner.LAST_BATCH + "']}") int lastBatch) {
        JdbcCursorItemReader<Reassignment> planned = new JdbcCursorItemReaderBuilder<Reassignment>()
                .name("plannedMoves")
                .dataSource(dataSource)
                .sql("""
                        SELECT tenant_id, user_id, user_principal_name, from_sku, to_sku, disabled_plans, batch
                        FROM e4_reassignment
                        WHERE migration_id = ? AND status = 'PLANNED' AND batch BETWEEN ? AND ?
                        ORDER BY migration_id, status, batch, user_id""")
                .queryArguments(migrationId, firstBatch, lastBatch)
                .fetchSize(FETCH_SIZE)
                .connectionAutoCommit(false)
                .saveState(false)
                .rowMapper((rs, rowNum) -> new Reassignment(rs.getString("tenant_id"), rs.getString("user_id"),
                        rs.getString("user_principal_name"), rs.getString("from_sku"), rs.getString("to_sku"),
                        TenantRowMapper.list(rs.getString("disabled_plans")), Reassignment.Status.PLANNED, null,
                        rs.getInt("batch")))
                .build();
        return new WriteBatchReader(planned);
    }

    /** Microsoft Graph with --gateway=graph; otherwise the license state held in this database. */
    @Bean
    @StepScope
    public LicenseGateway licenseGateway(ObjectProvider<GraphLicenseGateway> graph, @Value(MIGRATION_ID) long migrationId) {
        GraphLicenseGateway graphGateway = graph.getIfAvailable();
        return graphGateway != null ? graphGateway : new EmbeddedLicenseGateway(jdbc, migrationId);
    }

    @Bean
    @StepScope
    public ReassignWriter reassignWriter(LicenseGateway licenseGateway, @Value(MIGRATION_ID) long migrationId) {
        return new ReassignWriter(licenseGateway, jdbc, migrationId);
    }

    // --- 4. cancel -------------------------------------------------------------------------

    @Bean
    public Step cancel(JdbcCursorItemReader<CancellationCandidate> subscriptionsToSettle,
            CancellationDecider cancellationDecider, CancellationWriter cancellationWriter,
            RetryPolicy gatewayRetryPolicy) {
        return new StepBuilder("cancel", jobRepository)
                .<CancellationCandidate, Cancellation>chunk(DECISION_CHUNK)
                .transactionManager(transactionManager)
                .interruptionPolicy(runControl)
                .listener(restartPositionSaver)
                .reader(subscriptionsToSettle)
                .processor(cancellationDecider)
                .writer(cancellationWriter)
                .faultTolerant()
                .retryPolicy(gatewayRetryPolicy)
                .build();
    }

    /**
     * The migrating tenants without a cancellation row yet, each with the number of its users still
     * on the source plan (SKIPPED) and of the users.csv rows naming it that were rejected (users the
     * job could not move, who may still hold the plan), in one streaming query. It keeps no position: a tenant still
     * to settle is one without a row, so a restarted step asks again.
     */
    @Bean
    @StepScope
    public JdbcCursorItemReader<CancellationCandidate> subscriptionsToSettle(@Value(MIGRATION_ID) long migrationId) {
        return new JdbcCursorItemReaderBuilder<CancellationCandidate>()
                .name("subscriptionsToSettle")
                .dataSource(dataSource)
                .sql("""
                        SELECT t.tenant_id, t.subscription_id, t.source_sku, COALESCE(s.users, 0) AS still_on_source,
                               COALESCE(r.users, 0) AS rejected_users
                        FROM e4_tenant t
                        LEFT JOIN (SELECT tenant_id, COUNT(*) AS users FROM e4_reassignment
                                   WHERE migration_id = ? AND status = 'SKIPPED'
                                   GROUP BY tenant_id) s ON s.tenant_id = t.tenant_id
                        LEFT JOIN (SELECT tenant_id, COUNT(*) AS users FROM e4_reject
                                   WHERE migration_id = ? AND file_name = ? AND tenant_id IS NOT NULL
                                   GROUP BY tenant_id) r ON r.tenant_id = t.tenant_id
                        WHERE t.migration_id = ? AND t.%s
                          AND NOT EXISTS (SELECT 1 FROM e4_cancellation c
                                          WHERE c.migration_id = t.migration_id AND c.tenant_id = t.tenant_id)
                        ORDER BY t.migration_id, t.tenant_id""".formatted(MIGRATING))
                .queryArguments(migrationId, migrationId, UserImportWriter.FILE_NAME, migrationId)
                .fetchSize(FETCH_SIZE)
                .connectionAutoCommit(false)
                .saveState(false)
                .rowMapper((rs, rowNum) -> new CancellationCandidate(rs.getString("tenant_id"),
                        rs.getString("subscription_id"), rs.getString("source_sku"), rs.getInt("still_on_source"),
                        rs.getInt("rejected_users")))
                .build();
    }

    @Bean
    @StepScope
    public CancellationDecider cancellationDecider(
            @Value("#{jobParameters['" + MigrationParameters.DRY_RUN + "']}") String dryRun) {
        return new CancellationDecider(Boolean.parseBoolean(dryRun));
    }

    @Bean
    @StepScope
    public CancellationWriter cancellationWriter(LicenseGateway licenseGateway, @Value(MIGRATION_ID) long migrationId) {
        return new CancellationWriter(licenseGateway, jdbc, migrationId);
    }

    // --- shared ----------------------------------------------------------------------------

    @Bean
    public SkuCatalog skuCatalog(@Value("${sku-catalog:}") String catalogFile) {
        return SkuCatalog.load(catalogFile.isBlank()
                ? new ClassPathResource("catalog/product-names-and-service-plan-identifiers.csv")
                : new FileSystemResource(catalogFile));
    }

    @Bean
    public SummaryListener summaryListener(ObjectProvider<GraphLicenseGateway> graph) {
        return new SummaryListener(new SummaryQueries(jdbc), new SummaryFile(), graph);
    }
}
