package com.m365.e4upgrade.reports;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import com.m365.e4upgrade.eligibility.EligibilityRules;
import com.m365.e4upgrade.eligibility.ReasonCode;
import com.m365.e4upgrade.eligibility.RemediationTexts;
import com.m365.e4upgrade.eligibility.TenantDecision;
import com.m365.e4upgrade.eligibility.Verdict;
import com.m365.e4upgrade.input.Tenant;
import com.m365.e4upgrade.input.TenantRowMapper;
import com.m365.e4upgrade.batch.H2LazyResults;
import com.m365.e4upgrade.batch.MigrationParameters.Expr;
import com.m365.e4upgrade.batch.ProgressReporter;
import com.m365.e4upgrade.licensing.LicenseGateway;
import com.m365.e4upgrade.licensing.SkuCatalog;
import com.m365.e4upgrade.reassignment.PlanRepository;
import com.m365.e4upgrade.reassignment.ReassignmentPlanner;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.listener.StepListener;
import org.springframework.batch.core.step.builder.ChunkOrientedStepBuilder;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;
import org.springframework.batch.infrastructure.item.database.builder.JdbcCursorItemReaderBuilder;
import org.springframework.batch.infrastructure.item.file.FlatFileItemWriter;
import org.springframework.batch.infrastructure.item.file.builder.FlatFileItemWriterBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.FileSystemResource;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * The four CSV reports of the contract, each a step that streams its rows from the
 * database to the output folder. They run again on every run that reaches them (even
 * after a restart, and in another --output), so the files always show the whole migration
 * once, never a partial replay. Ids are written as their file wrote them; the database
 * compares them in lower case.
 */
@Configuration(proxyBeanMethods = false)
public class ReportStepsConfiguration {

    static final int CHUNK = 1000;

    /** The CSV reports of the contract, as named in the output folder. */
    static final List<String> REPORT_FILES = List.of("eligibility.csv", "reassignments.csv", "cancellations.csv",
            "rejects.csv");

    private final JobRepository jobRepository;

    private final JdbcTransactionManager transactionManager;

    private final DataSource dataSource;

    public ReportStepsConfiguration(JobRepository jobRepository, JdbcTransactionManager transactionManager,
            DataSource dataSource) {
        this.jobRepository = jobRepository;
        this.transactionManager = transactionManager;
        this.dataSource = dataSource;
    }

    // --- eligibility.csv ---

    @Bean
    public Step eligibilityReport(JdbcCursorItemReader<String[]> eligibilityRows,
            FlatFileItemWriter<String[]> eligibilityCsv) {
        return reportStep("eligibilityReport", eligibilityRows, eligibilityCsv);
    }

    @Bean
    @StepScope
    public JdbcCursorItemReader<String[]> eligibilityRows(@Value(Expr.MIGRATION_ID) long migrationId,
            @Value(Expr.LOCALE) String locale, @Value(Expr.SOURCE_SKU) String sourceSku, MessageSource messages,
            SkuCatalog catalog) {
        RemediationTexts remediation = new RemediationTexts(messages, new EligibilityRules(sourceSku, catalog));
        Locale chosen = Locale.forLanguageTag(locale);
        TenantRowMapper tenants = new TenantRowMapper();
        RowMapper<String[]> row = (rs, rowNum) -> {
            Tenant tenant = tenants.mapRow(rs, rowNum);
            TenantDecision decision = new TenantDecision(tenant.tenantId(), Verdict.valueOf(rs.getString("verdict")),
                    TenantRowMapper.list(rs.getString("reasons")).stream().map(ReasonCode::valueOf).toList(),
                    rs.getInt("source_users"));
            return new String[] { rs.getString("written_tenant_id"), tenant.tenantName(), decision.verdict().name(),
                    rs.getString("reasons"), remediation.remediation(decision, tenant, chosen) };
        };
        return rows("eligibilityRows",
                "SELECT * FROM e4_tenant WHERE migration_id = ? AND verdict IS NOT NULL ORDER BY line_number",
                migrationId, row);
    }

    @Bean
    @StepScope
    public FlatFileItemWriter<String[]> eligibilityCsv(@Value(Expr.OUTPUT) String output) {
        return csv("eligibilityCsv", output, "eligibility.csv", "tenant_id,tenant_name,verdict,reasons,remediation");
    }

    // --- reassignments.csv ---

    static final String REASSIGNMENTS_REPORT = "reassignmentsReport";

    /** status, the seventh column of reassignments.csv and of its reader's rows. */
    private static final int REASSIGNMENT_STATUS = 6;

    /** Its status column is counted for the summary ({@link UsersByStatus}). */
    @Bean
    public Step reassignmentsReport(ItemStreamReader<String[]> reassignmentRows,
            FlatFileItemWriter<String[]> reassignmentsCsv) {
        return report(REASSIGNMENTS_REPORT, reassignmentRows, reassignmentsCsv)
            .listener((StepListener) new UsersByStatus(REASSIGNMENT_STATUS))
            .build();
    }

    /** The moves stored, in file order; in a dry run, which stores none, its plan. */
    @Bean
    @StepScope
    public ItemStreamReader<String[]> reassignmentRows(@Value(Expr.MIGRATION_ID) long migrationId,
            @Value(Expr.DRY_RUN) String dryRun, @Value(Expr.CHUNK_SIZE) int usersPerBatch, PlanRepository plan,
            ReassignmentPlanner planner) {
        if (Boolean.parseBoolean(dryRun)) {
            return PlannedRows.of(plan, planner, migrationId, usersPerBatch);
        }
        return rows("reassignmentRows",
                """
                        SELECT written_tenant_id, written_user_id, user_principal_name, from_sku, to_sku, disabled_plans, status,
                               detail, batch
                        FROM e4_reassignment
                        WHERE migration_id = ?
                        ORDER BY migration_id, tenant_line, user_line""",
                migrationId,
                (rs, rowNum) -> new String[] { rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getObject(9) == null ? "" : Integer.toString(rs.getInt(9)) });
    }

    @Bean
    @StepScope
    public FlatFileItemWriter<String[]> reassignmentsCsv(@Value(Expr.OUTPUT) String output) {
        return csv("reassignmentsCsv", output, "reassignments.csv",
                "tenant_id,user_id,user_principal_name,from_sku,to_sku,disabled_plans,status,detail,batch");
    }

    // --- cancellations.csv ---

    @Bean
    public Step cancellationsReport(JdbcCursorItemReader<String[]> cancellationRows,
            FlatFileItemWriter<String[]> cancellationsCsv) {
        return reportStep("cancellationsReport", cancellationRows, cancellationsCsv);
    }

    @Bean
    @StepScope
    public JdbcCursorItemReader<String[]> cancellationRows(@Value(Expr.MIGRATION_ID) long migrationId) {
        return rows("cancellationRows", """
                SELECT t.written_tenant_id, c.subscription_id, c.sku, c.status, c.detail
                FROM e4_cancellation c
                JOIN e4_tenant t ON t.migration_id = c.migration_id AND t.tenant_id = c.tenant_id
                WHERE c.migration_id = ?
                ORDER BY t.line_number""", migrationId, (rs, rowNum) -> new String[] { rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getString(5) });
    }

    @Bean
    @StepScope
    public FlatFileItemWriter<String[]> cancellationsCsv(@Value(Expr.OUTPUT) String output) {
        return csv("cancellationsCsv", output, "cancellations.csv", "tenant_id,subscription_id,sku,status,detail");
    }

    // --- rejects.csv ---

    @Bean
    public Step rejectsReport(JdbcCursorItemReader<String[]> rejectRows, FlatFileItemWriter<String[]> rejectsCsv) {
        return reportStep("rejectsReport", rejectRows, rejectsCsv);
    }

    @Bean
    @StepScope
    public JdbcCursorItemReader<String[]> rejectRows(@Value(Expr.MIGRATION_ID) long migrationId) {
        return rows("rejectRows", """
                SELECT file_name, line_number, reason, record FROM e4_reject
                WHERE migration_id = ?
                ORDER BY migration_id, file_name, line_number""", migrationId, (rs, rowNum) -> new String[] {
                rs.getString(1), Long.toString(rs.getLong(2)), rs.getString(3), rs.getString(4) });
    }

    @Bean
    @StepScope
    public FlatFileItemWriter<String[]> rejectsCsv(@Value(Expr.OUTPUT) String output) {
        return csv("rejectsCsv", output, "rejects.csv", "file,line,reason,record");
    }

    // --- summary.json ---

    @Bean
    public SummaryListener summaryListener(NamedParameterJdbcTemplate jdbc, LicenseGateway gateway,
            ProgressReporter progressReporter) {
        return new SummaryListener(new SummaryQueries(jdbc), new SummaryFile(), gateway, progressReporter);
    }

    // --- shared ---

    private Step reportStep(String name, JdbcCursorItemReader<String[]> reader, FlatFileItemWriter<String[]> writer) {
        return report(name, reader, writer).build();
    }

    private ChunkOrientedStepBuilder<String[], String[]> report(String name, ItemStreamReader<String[]> reader,
            FlatFileItemWriter<String[]> writer) {
        return new StepBuilder(name, jobRepository).<String[], String[]>chunk(CHUNK)
            .transactionManager(transactionManager)
            .reader(reader)
            .writer(writer)
            .allowStartIfComplete(true);
    }

    /** Read once, in order, row by row: on H2 without collecting the result first. */
    private JdbcCursorItemReader<String[]> rows(String name, String sql, long migrationId, RowMapper<String[]> mapper) {
        return new JdbcCursorItemReaderBuilder<String[]>().name(name)
            .dataSource(H2LazyResults.of(dataSource))
            .sql(sql)
            .queryArguments(migrationId)
            .fetchSize(CHUNK)
            .connectionAutoCommit(false)
            .rowMapper(mapper)
            .saveState(false)
            .build();
    }

    private static FlatFileItemWriter<String[]> csv(String name, String output, String fileName, String header) {
        return new FlatFileItemWriterBuilder<String[]>().name(name)
            .resource(new FileSystemResource(Path.of(output, fileName)))
            .encoding("UTF-8")
            .lineAggregator(new FormulaSafeCsvLineAggregator())
            .headerCallback(writer -> writer.write(header))
            .shouldDeleteIfExists(true)
            .saveState(false)
            .build();
    }

}
