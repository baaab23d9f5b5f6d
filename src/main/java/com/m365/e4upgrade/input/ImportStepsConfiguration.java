package com.m365.e4upgrade.input;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import com.m365.e4upgrade.batch.MigrationParameters;
import com.m365.e4upgrade.batch.MigrationParameters.Expr;
import com.m365.e4upgrade.batch.StageSteps;
import com.m365.e4upgrade.batch.StepProgress;
import com.m365.e4upgrade.licensing.SkuCatalog;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Stage 1, import: both files into the database, row by row, each bad row rejected with
 * its line; then the reject limit, checked before any license moves.
 */
@Configuration(proxyBeanMethods = false)
public class ImportStepsConfiguration {

    static final int CHUNK = 1000;

    private final StageSteps steps;

    public ImportStepsConfiguration(StageSteps steps) {
        this.steps = steps;
    }

    // --- tenants.csv
    // -----------------------------------------------------------------------

    @Bean
    public Step importTenants(CsvRecordReader tenantsReader, TenantImportWriter tenantImportWriter, SkuCatalog catalog,
            StepProgress tenantsFileProgress) {
        return importStep("importTenants", tenantsReader, new TenantRowProcessor(catalog::partNumberOf),
                tenantImportWriter, tenantsFileProgress);
    }

    /** The bytes of tenants.csv the reader took. */
    @Bean
    public StepProgress tenantsFileProgress() {
        return bytesOf(MigrationParameters.TENANTS_FILE);
    }

    @Bean
    @StepScope
    public CsvRecordReader tenantsReader(@Value(Expr.TENANTS_FILE) String file, StepProgress tenantsFileProgress) {
        return new CsvRecordReader("tenantsReader", Path.of(file), tenantsFileProgress::advance);
    }

    @Bean
    @StepScope
    public TenantImportWriter tenantImportWriter(TenantRepository tenants, RejectRepository rejects,
            DataSource dataSource, @Value(Expr.MIGRATION_ID) long migrationId) {
        return new TenantImportWriter(tenants, rejects, dataSource, migrationId);
    }

    // --- users.csv
    // -------------------------------------------------------------------------

    @Bean
    public Step importUsers(CsvRecordReader usersReader, UserImportWriter userImportWriter,
            StepProgress usersFileProgress) {
        return importStep("importUsers", usersReader, new UserRowProcessor(), userImportWriter, usersFileProgress);
    }

    /** The bytes of users.csv the reader took. */
    @Bean
    public StepProgress usersFileProgress() {
        return bytesOf(MigrationParameters.USERS_FILE);
    }

    @Bean
    @StepScope
    public CsvRecordReader usersReader(@Value(Expr.USERS_FILE) String file, StepProgress usersFileProgress) {
        return new CsvRecordReader("usersReader", Path.of(file), usersFileProgress::advance);
    }

    @Bean
    @StepScope
    public UserImportWriter userImportWriter(UserRepository users, TenantRepository tenants, DataSource dataSource,
            RejectRepository rejects, @Value(Expr.MIGRATION_ID) long migrationId) {
        return new UserImportWriter(users, tenants, dataSource, rejects, migrationId);
    }

    private <T> Step importStep(String name, CsvRecordReader reader, ItemProcessor<CsvRecord, ImportedRow<T>> validator,
            ItemWriter<ImportedRow<T>> writer, StepProgress progress) {
        return steps.<CsvRecord, ImportedRow<T>>chunk(name, CHUNK, progress)
            .listener(steps.writesOnlyToTheDatabase())
            .reader(reader)
            .processor(validator)
            .writer(writer)
            .build();
    }

    /**
     * The file's size; nothing done at start, since a restarted import reads the rows it
     * skips again.
     */
    private static StepProgress bytesOf(String fileParameter) {
        return StepProgress.advancedByTheStep("bytes", execution -> {
            Path file = Path.of(execution.getJobParameters().getString(fileParameter));
            try {
                return new StepProgress.Measure(Files.size(file), 0);
            }
            catch (IOException e) {
                throw new UncheckedIOException("Cannot read the size of " + file, e);
            }
        });
    }

    // --- the reject limit
    // ------------------------------------------------------------------

    @Bean
    public Step checkRejects(RejectLimitTasklet rejectLimitTasklet) {
        return steps.tasklet("checkRejects", rejectLimitTasklet);
    }

    @Bean
    @StepScope
    public RejectLimitTasklet rejectLimitTasklet(RejectRepository rejects, @Value(Expr.MIGRATION_ID) long migrationId,
            @Value(Expr.MAX_REJECTS) long maxRejects) {
        return new RejectLimitTasklet(rejects, migrationId, maxRejects);
    }

}
