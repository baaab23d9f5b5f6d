package com.m365.e4upgrade.inventory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.m365.e4upgrade.batch.StageSteps;
import com.m365.e4upgrade.batch.StepProgress;
import com.m365.e4upgrade.input.CsvRecord;
import com.m365.e4upgrade.input.CsvRecordReader;
import com.m365.e4upgrade.licensing.LicenseGateway;
import com.m365.e4upgrade.licensing.SkuCatalog;
import com.m365.e4upgrade.licensing.TenantInventory;

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
 * The inventory, a job of its own: {@code inventoryRead} reads tenants.csv in chunks of
 * tenants, each tenant read live through the gateway (several at once) and its lines
 * stored with the chunk; {@code inventoryFiles} then writes users.csv, tenants.csv,
 * inventory-changes.csv and inventory-errors.csv from them, on every run that gets there.
 */
@Configuration(proxyBeanMethods = false)
public class InventoryJobConfiguration {

    public static final String JOB_NAME = "e4InventoryJob";

    static final int CHUNK = 32;

    static final String CHANGES_HEADER = "tenant_id,column,was,now";

    static final String ERRORS_HEADER = "tenant_id,line,error";

    private final StageSteps steps;

    public InventoryJobConfiguration(StageSteps steps) {
        this.steps = steps;
    }

    @Bean
    public Job e4InventoryJob(JobRepository jobRepository, Step inventoryRead, Step inventoryFiles) {
        return new JobBuilder(JOB_NAME, jobRepository).start(inventoryRead).next(inventoryFiles).build();
    }

    @Bean
    public Step inventoryRead(CsvRecordReader inventoryTenants, InventoryWriter inventoryWriter,
            RetryPolicy gatewayRetryPolicy, StepProgress inventoryProgress) {
        return steps.<CsvRecord, CsvRecord>chunk("inventoryRead", CHUNK, inventoryProgress)
            .reader(inventoryTenants)
            .writer(inventoryWriter)
            .faultTolerant()
            .retryPolicy(gatewayRetryPolicy)
            .build();
    }

    @Bean
    @StepScope
    public CsvRecordReader inventoryTenants(@Value(InventoryParameters.TENANTS_FILE_EXPR) String file,
            StepProgress inventoryProgress) {
        return new CsvRecordReader("inventoryTenants", Path.of(file), inventoryProgress::advance);
    }

    /**
     * The bytes of tenants.csv read, as for the import: nothing done at start, since a
     * resumed inventory reads the rows it skips again.
     */
    @Bean
    public StepProgress inventoryProgress() {
        return StepProgress.advancedByTheStep("bytes", execution -> {
            Path file = Path.of(execution.getJobParameters().getString(InventoryParameters.TENANTS_FILE));
            try {
                return new StepProgress.Measure(Files.size(file), 0);
            }
            catch (IOException e) {
                throw new UncheckedIOException("Cannot read the size of " + file, e);
            }
        });
    }

    @Bean
    @StepScope
    public InventoryWriter inventoryWriter(LicenseGateway licenseGateway, SkuCatalog skuCatalog,
            InventoryRepository inventoryLines, @Value(InventoryParameters.SOURCE_SKU_EXPR) String sourceSku,
            @Value(InventoryParameters.INVENTORY_ID_EXPR) long inventoryId) {
        TenantInventory inventory = licenseGateway.inventory()
            .orElseThrow(() -> new IllegalStateException("the inventory reads live tenants: it needs --gateway=graph"));
        // as many tenants read at once as the gateway checks targets at once, a chunk at
        // most; the pool ends with the step (InventoryWriter.destroy)
        AtomicInteger number = new AtomicInteger();
        ExecutorService readers = Executors
            .newFixedThreadPool(Math.max(1, Math.min(CHUNK, licenseGateway.checksInFlight())), work -> {
                Thread thread = new Thread(work, "inventory-" + number.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        return new InventoryWriter(inventory, skuCatalog, sourceSku, inventoryLines, inventoryId, readers);
    }

    /**
     * Written again by every run that gets here: the files always hold each tenant once.
     */
    @Bean
    public Step inventoryFiles(Tasklet inventoryFilesTasklet, JdbcTransactionManager transactionManager) {
        return steps.step("inventoryFiles")
            .tasklet(inventoryFilesTasklet, transactionManager)
            .allowStartIfComplete(true)
            .build();
    }

    @Bean
    @StepScope
    public Tasklet inventoryFilesTasklet(InventoryRepository inventoryLines,
            @Value(InventoryParameters.INVENTORY_ID_EXPR) long inventoryId,
            @Value(InventoryParameters.OUTPUT_EXPR) String output) {
        return (contribution, context) -> {
            Path folder = Files.createDirectories(Path.of(output));
            write(inventoryLines, inventoryId, folder, InventoryWriter.TENANTS, null);
            write(inventoryLines, inventoryId, folder, InventoryWriter.USERS,
                    String.join(",", InventoryRows.USER_COLUMNS));
            write(inventoryLines, inventoryId, folder, InventoryWriter.CHANGES, CHANGES_HEADER);
            write(inventoryLines, inventoryId, folder, InventoryWriter.ERRORS, ERRORS_HEADER);
            return RepeatStatus.FINISHED;
        };
    }

    /** Through a partial file moved into place: a reader never sees half a file. */
    private static void write(InventoryRepository lines, long inventoryId, Path folder, String file, String header)
            throws IOException {
        Path partial = folder.resolve(file + ".partial");
        try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            if (header != null) {
                out.write(header);
                out.newLine();
            }
            lines.lines(inventoryId, file, line -> {
                try {
                    out.write(line);
                    out.newLine();
                }
                catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        Files.move(partial, folder.resolve(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

}
