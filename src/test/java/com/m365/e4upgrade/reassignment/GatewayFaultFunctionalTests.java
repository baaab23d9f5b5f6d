package com.m365.e4upgrade.reassignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import com.m365.e4upgrade.job.MigrationRun;
import com.m365.e4upgrade.input.TenantRepository;
import com.m365.e4upgrade.input.UserRepository;
import com.m365.e4upgrade.licensing.embedded.EmbeddedLicenseGateway;
import com.m365.e4upgrade.licensing.LicenseGateway;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.JobRepositoryTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The reassign step against a gateway that times out or refuses users. */
@SpringBatchTest
@SpringBootTest(properties = { "spring.datasource.url=jdbc:h2:mem:faults;DB_CLOSE_DELAY=-1", "gateway.retries=3",
        "gateway.retry-delay=5ms", "gateway.retry-max-delay=20ms" })
class GatewayFaultFunctionalTests {

    /**
     * Contoso Ltd in the samples: 23 users, two write batches, every one of them moves.
     */
    private static final String CONTOSO = "46fcd802-f9c7-4094-b452-4517b84b2606";

    @TestConfiguration
    static class FaultyGateway {

        @Bean
        FaultInjectingLicenseGateway.Faults faults() {
            return new FaultInjectingLicenseGateway.Faults();
        }

        @Bean
        @Primary
        LicenseGateway faultInjectingGateway(UserRepository users, TenantRepository tenants,
                FaultInjectingLicenseGateway.Faults faults) {
            return new FaultInjectingLicenseGateway(new EmbeddedLicenseGateway(users, tenants), faults);
        }

    }

    @Autowired
    private JobOperatorTestUtils jobOperator;

    @Autowired
    private JobRepositoryTestUtils jobRepository;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private FaultInjectingLicenseGateway.Faults faults;

    @TempDir
    private Path output;

    @BeforeEach
    void startClean() {
        faults.clear();
        MigrationRun.emptyDatabase(jobRepository, jdbc);
    }

    @Test
    void timeoutsAreRetriedWithBackoffAndEveryUserMovesOnce() throws Exception {
        // given
        faults.timeoutsAhead.set(2);

        // when
        JobExecution execution = jobOperator.startJob(MigrationRun.samples(output));

        // then
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(faults.moveCalls.get()).isEqualTo(9 + 2);
        assertThat(MigrationRun.lines(output.resolve("reassignments.csv")))
            .containsExactlyElementsOf(MigrationRun.expected("input-samples", "reassignments.csv"));
    }

    @Test
    void aUserRefusedForGoodIsSkippedWithADetailAndItsTenantKeepsTheSubscription() throws Exception {
        // given
        String refused = MigrationRun.userIdIn(CONTOSO, "isaiah.langer@contoso.com");
        faults.refusedUsers.add(refused);

        // when
        JobExecution execution = jobOperator.startJob(MigrationRun.samples(output));

        // then
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(MigrationRun.lines(output.resolve("reassignments.csv"))).filteredOn(line -> line.contains(refused))
            .singleElement()
            .asString()
            .contains(",SKIPPED," + FaultInjectingLicenseGateway.REFUSED + ",");
        assertThat(MigrationRun.lines(output.resolve("cancellations.csv"))).filteredOn(line -> line.startsWith(CONTOSO))
            .singleElement()
            .asString()
            .endsWith(",KEPT,1 user still holds ENTERPRISEWITHSCAL");
        assertThat(jdbc.queryForObject("SELECT licenses FROM e4_user WHERE user_id = ?", String.class, refused))
            .contains("ENTERPRISEWITHSCAL");
    }

    @Test
    void aGatewayDownForLongerThanTheRetriesFailsTheRunAndTheSameCommandFinishesItExactlyOnce() throws Exception {
        // given: the gateway is down for longer than the retries last
        faults.timeoutsAhead.set(Integer.MAX_VALUE);

        // when
        JobExecution first = jobOperator.startJob(MigrationRun.samples(output));

        // then: nothing half done
        assertThat(first.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(
                jdbc.queryForObject("SELECT COUNT(*) FROM e4_reassignment WHERE status = 'REASSIGNED'", Integer.class))
            .isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM e4_user WHERE licenses LIKE '%SPE_E5%'", Integer.class))
            .isZero();
        JsonNode users = JsonMapper.builder()
            .build()
            .readTree(output.resolve("summary.json").toFile())
            .path("usersByStatus");
        assertThat(users.path("PLANNED").asInt()).as("the users left to move").isEqualTo(43);
        assertThat(users.path("SKIPPED").asInt()).as("the users the plan skips").isEqualTo(4);

        // when the gateway is back
        faults.clear();
        JobExecution resumed = jobOperator.startJob(MigrationRun.samples(output));

        // then
        assertThat(resumed.getJobInstanceId()).isEqualTo(first.getJobInstanceId());
        assertThat(resumed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(faults.moveCalls.get()).isEqualTo(9);
        assertThat(MigrationRun.lines(output.resolve("reassignments.csv")))
            .containsExactlyElementsOf(MigrationRun.expected("input-samples", "reassignments.csv"));
    }

}
