package com.m365.e4upgrade.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import com.m365.e4upgrade.job.MigrationRun;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.JobRepositoryTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What an operator graphs, measured on a run of the samples: the meters count what the
 * reports say, and every gateway call is timed.
 */
@SpringBatchTest
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:metrics;DB_CLOSE_DELAY=-1")
class JobMetricsFunctionalTests {

    /**
     * The registry Actuator would provide; without one the meters go to Micrometer's
     * global registry.
     */
    @TestConfiguration
    static class Registry {

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

    }

    @Autowired
    private JobOperatorTestUtils jobOperator;

    @Autowired
    private JobRepositoryTestUtils jobRepository;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private MeterRegistry registry;

    @TempDir
    private Path output;

    @BeforeEach
    void startFromAnEmptyDatabase() {
        MigrationRun.emptyDatabase(this.jobRepository, this.jdbc);
        this.registry.clear();
    }

    @Test
    void theMetersCountTheUsersTheBatchesAndTheTimedGatewayCallsOfARun() throws Exception {
        // when
        BatchStatus status = this.jobOperator.startJob(MigrationRun.samples(this.output)).getStatus();

        // then: what the reports say of the samples (input-samples/README.md)
        assertThat(status).isEqualTo(BatchStatus.COMPLETED);
        assertThat(this.registry.get(JobMetrics.USERS).tag("status", "REASSIGNED").counter().count()).isEqualTo(43);
        assertThat(this.registry.get(JobMetrics.USERS).tag("status", "SKIPPED").counter().count()).isEqualTo(4);
        Integer batches = this.jdbc.queryForObject("SELECT COUNT(DISTINCT batch) FROM e4_reassignment", Integer.class);
        assertThat(this.registry.get(JobMetrics.WRITE_BATCHES).counter().count()).isEqualTo(batches.doubleValue());
        assertThat(this.registry.get(JobMetrics.GATEWAY_CALLS).tag("operation", "move").timer().count())
            .isEqualTo(batches.longValue());
        assertThat(this.registry.get(JobMetrics.GATEWAY_CALLS).tag("operation", "cancel").timer().count()).isEqualTo(4);
        assertThat(this.registry.get(JobMetrics.GATEWAY_CALLS)
            .tag("operation", "move")
            .timer()
            .totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
    }

}
