package com.m365.e4upgrade.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.m365.e4upgrade.input.TenantRepository;
import com.m365.e4upgrade.input.UserRepository;
import com.m365.e4upgrade.job.MigrationRun;
import com.m365.e4upgrade.licensing.LicenseGateway;
import com.m365.e4upgrade.licensing.MoveOutcome;
import com.m365.e4upgrade.licensing.SourceSubscription;
import com.m365.e4upgrade.licensing.TargetReadiness;
import com.m365.e4upgrade.licensing.WriteBatch;
import com.m365.e4upgrade.licensing.embedded.EmbeddedLicenseGateway;
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
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A gateway whose target checks wait on a remote service has many of them run at once, as
 * many as it says, and the verdicts are the same as one at a time.
 */
@SpringBatchTest
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:concurrentChecks;DB_CLOSE_DELAY=-1")
class ConcurrentTargetChecksFunctionalTests {

    static final int CHECKS_IN_FLIGHT = 4;

    /** How many checks ran, and how many at the same moment at most. */
    static class Probe {

        final AtomicInteger running = new AtomicInteger();

        final AtomicInteger mostAtOnce = new AtomicInteger();

        final AtomicInteger calls = new AtomicInteger();

    }

    /** Checks that take 100 ms each, as a remote service's would. */
    static class SlowChecks implements LicenseGateway {

        private final LicenseGateway moves;

        private final Probe probe;

        SlowChecks(LicenseGateway moves, Probe probe) {
            this.moves = moves;
            this.probe = probe;
        }

        @Override
        public TargetReadiness checkTarget(String tenantId, String targetSku, int seatsNeeded) {
            this.probe.calls.incrementAndGet();
            this.probe.mostAtOnce.accumulateAndGet(this.probe.running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(100);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finally {
                this.probe.running.decrementAndGet();
            }
            return TargetReadiness.READY;
        }

        @Override
        public List<MoveOutcome> move(WriteBatch batch) {
            return this.moves.move(batch);
        }

        @Override
        public CancellationOutcome cancel(SourceSubscription subscription) {
            return this.moves.cancel(subscription);
        }

        @Override
        public int checksInFlight() {
            return CHECKS_IN_FLIGHT;
        }

    }

    @TestConfiguration
    static class Gateway {

        @Bean
        Probe probe() {
            return new Probe();
        }

        @Bean
        @Primary
        LicenseGateway slowChecks(UserRepository users, TenantRepository tenants, Probe probe) {
            return new SlowChecks(new EmbeddedLicenseGateway(users, tenants), probe);
        }

    }

    @Autowired
    private JobOperatorTestUtils jobOperator;

    @Autowired
    private JobRepositoryTestUtils jobRepository;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private Probe gateway;

    @TempDir
    private Path output;

    @BeforeEach
    void startFromAnEmptyDatabase() {
        MigrationRun.emptyDatabase(this.jobRepository, this.jdbc);
    }

    @Test
    void theTenantsOfAChunkAreCheckedConcurrentlyUpToTheGatewaysLimitWithTheSameVerdicts() throws Exception {
        // when
        BatchStatus status = this.jobOperator.startJob(MigrationRun.samples(this.output)).getStatus();

        // then
        assertThat(status).isEqualTo(BatchStatus.COMPLETED);
        assertThat(this.gateway.calls.get()).isGreaterThan(CHECKS_IN_FLIGHT);
        assertThat(this.gateway.mostAtOnce.get()).isGreaterThan(1).isLessThanOrEqualTo(CHECKS_IN_FLIGHT);
        assertThat(MigrationRun.lines(this.output.resolve("eligibility.csv")))
            .containsExactlyElementsOf(MigrationRun.expected("input-samples", "eligibility.csv"));
    }

}
