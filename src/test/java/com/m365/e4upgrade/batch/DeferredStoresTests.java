package com.m365.e4upgrade.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * On a real H2 file with the job's URL settings: the write delay is on only while a step
 * that writes only to the database runs, whatever the number of its partitions.
 */
@DisplayName("Commits stored in the background only while a database-only step runs")
class DeferredStoresTests {

    private SingleConnectionDataSource dataSource;

    private DeferredStores deferredStores;

    private final StepExecution step = new StepExecution("plan", null);

    @BeforeEach
    void anH2FileAsTheJobOpensIt(@TempDir Path directory) {
        this.dataSource = new SingleConnectionDataSource(
                "jdbc:h2:file:" + directory.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0", "sa", "", true);
        this.deferredStores = new DeferredStores(this.dataSource);
    }

    @Test
    void aStepRunsWithH2sDefaultDelayAndEveryCommitIsStoredAgainOnceItEnds() {
        assertThat(writeDelay()).containsOnly(0);

        this.deferredStores.beforeStep(this.step);
        assertThat(writeDelay()).containsOnly(DeferredStores.WRITE_DELAY_MILLIS);

        this.deferredStores.afterStep(this.step);
        assertThat(writeDelay()).containsOnly(0);
    }

    @Test
    void partitionsShareTheDelayUntilTheLastOneEnds() {
        this.deferredStores.beforeStep(this.step);
        this.deferredStores.beforeStep(this.step);

        this.deferredStores.afterStep(this.step);
        assertThat(writeDelay()).as("one partition still running").containsOnly(DeferredStores.WRITE_DELAY_MILLIS);

        this.deferredStores.afterStep(this.step);
        assertThat(writeDelay()).containsOnly(0);
    }

    /** As H2 lists it: once per place it keeps it. */
    private List<Integer> writeDelay() {
        return new JdbcTemplate(this.dataSource).queryForList(
                "SELECT CAST(SETTING_VALUE AS INT) FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'",
                Integer.class);
    }

}
