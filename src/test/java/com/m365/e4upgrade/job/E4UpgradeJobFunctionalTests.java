package com.m365.e4upgrade.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.JobRepositoryTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole job on the embedded database, as an operator runs it on the input samples,
 * with the exact rows of every report.
 */
@SpringBatchTest
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:functional;DB_CLOSE_DELAY=-1")
class E4UpgradeJobFunctionalTests {

    @Autowired
    private JobOperatorTestUtils jobOperator;

    @Autowired
    private JobRepositoryTestUtils jobRepository;

    @Autowired
    private JdbcTemplate jdbc;

    @TempDir
    private Path output;

    @BeforeEach
    void startFromAnEmptyDatabase() {
        MigrationRun.emptyDatabase(jobRepository, jdbc);
    }

    @Test
    void migratesTheSamplesAndWritesEveryReportRowForRow() throws Exception {
        // when
        JobExecution execution = jobOperator.startJob(MigrationRun.samples(output));

        // then
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        for (String report : List.of("eligibility.csv", "reassignments.csv", "cancellations.csv", "rejects.csv")) {
            assertThat(MigrationRun.lines(output.resolve(report))).as(report)
                .containsExactlyElementsOf(MigrationRun.expected("input-samples", report));
        }
    }

    @Test
    void summaryCountsTenantsUsersCancellationsAndRejects() throws Exception {
        // when
        JobExecution execution = jobOperator.startJob(MigrationRun.samples(output));

        // then
        JsonNode summary = JsonMapper.builder().build().readTree(output.resolve("summary.json").toFile());
        assertThat(summary.get("jobExecutionId").asLong()).isEqualTo(execution.getId());
        assertThat(summary.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(counts(summary.get("tenantsByVerdict"))).containsExactly(entry("MIGRATE", 3),
                entry("MIGRATE_MANUAL", 5), entry("RETRY_LATER", 6), entry("ACTION_REQUIRED", 5),
                entry("NOT_SUPPORTED", 5));
        assertThat(counts(summary.get("usersByStatus"))).containsEntry("REASSIGNED", 43).containsEntry("SKIPPED", 4);
        assertThat(counts(summary.get("cancellationsByStatus"))).containsEntry("CANCELLED", 4).containsEntry("KEPT", 4);
        assertThat(summary.get("rejectedRows").asInt()).isEqualTo(6);
    }

    @Test
    void theLicenseStateShowsEveryMovedUserOnTheTargetOnlyAndCancelledSubscriptions() throws Exception {
        // when
        jobOperator.startJob(MigrationRun.samples(output));

        // then
        assertThat(jdbc.queryForObject(
                """
                        SELECT COUNT(*) FROM e4_user u JOIN e4_reassignment r
                          ON r.migration_id = u.migration_id AND r.tenant_id = u.tenant_id AND r.user_id = u.user_id
                        WHERE r.status = 'REASSIGNED' AND (u.licenses LIKE '%ENTERPRISEWITHSCAL%' OR u.licenses NOT LIKE '%' || r.to_sku || '%')""",
                Integer.class))
            .isZero();
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM e4_user u JOIN e4_reassignment r
                  ON r.migration_id = u.migration_id AND r.tenant_id = u.tenant_id AND r.user_id = u.user_id
                WHERE r.status = 'SKIPPED' AND u.licenses NOT LIKE '%ENTERPRISEWITHSCAL%'""", Integer.class)).isZero();
        assertThat(jdbc.queryForList("SELECT tenant_id FROM e4_tenant WHERE subscription_state = 'CANCELLED'",
                String.class))
            .containsExactlyInAnyOrderElementsOf(jdbc
                .queryForList("SELECT tenant_id FROM e4_cancellation WHERE status = 'CANCELLED'", String.class));
    }

    @Test
    void aCompletedMigrationRunAgainDoesNothing() throws Exception {
        // given
        JobParameters sameCommand = MigrationRun.samples(output);
        jobOperator.startJob(sameCommand);
        long moves = jdbc.queryForObject("SELECT COUNT(*) FROM e4_reassignment", Long.class);

        // when / then: even with another output folder and locale, it is the same
        // migration
        assertThatThrownBy(() -> jobOperator.startJob(MigrationRun.samples(output.resolve("again"), "--locale=fr")))
            .isInstanceOf(JobInstanceAlreadyCompleteException.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM e4_reassignment", Long.class)).isEqualTo(moves);
    }

    @Test
    void aDryRunPlansEveryMoveAndCancellationButChangesNoLicense() throws Exception {
        // when
        JobExecution execution = jobOperator.startJob(MigrationRun.samples(output, "--dry-run"));

        // then
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(execution.getStepExecutions()).extracting(step -> step.getStepName())
            .doesNotContain("plan", "reassign");
        for (String report : List.of("reassignments.csv", "cancellations.csv")) {
            assertThat(MigrationRun.lines(output.resolve(report))).as(report)
                .containsExactlyElementsOf(MigrationRun.expected("input-samples-dry-run", report));
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM e4_reassignment", Integer.class))
            .as("its plan is the report, not rows")
            .isZero();
        assertThat(jdbc.queryForObject("SELECT SUM(unlicensable_holders) FROM e4_tenant", Integer.class))
            .as("the holders it skips, counted by the import for the cancellation")
            .isEqualTo(MigrationRun.lines(output.resolve("reassignments.csv"))
                .stream()
                .filter(line -> line.contains(",SKIPPED,"))
                .count());
        assertThat(jdbc.queryForObject(
                """
                        SELECT COUNT(*) FROM e4_user u JOIN e4_tenant t ON t.migration_id = u.migration_id AND t.tenant_id = u.tenant_id
                        WHERE u.holds_source = TRUE AND u.licenses NOT LIKE '%' || t.source_sku || '%'""",
                Integer.class))
            .isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM e4_tenant WHERE subscription_state <> 'ACTIVE'",
                Integer.class))
            .isZero();
    }

    @Test
    void aDryRunIsAMigrationOfItsOwn() throws Exception {
        // given
        jobOperator.startJob(MigrationRun.samples(output, "--dry-run"));

        // when
        JobExecution real = jobOperator.startJob(MigrationRun.samples(output));

        // then
        assertThat(real.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(MigrationRun.lines(output.resolve("reassignments.csv")))
            .containsExactlyElementsOf(MigrationRun.expected("input-samples", "reassignments.csv"));
    }

    @Test
    void theSemicolonBomCrlfExportGivesTheSameReportsAsThePlainFile() throws Exception {
        // given
        Path variants = MigrationRun.SAMPLES.resolve("variants");

        // when
        JobExecution execution = jobOperator
            .startJob(MigrationRun.parameters(variants.resolve("tenants-semicolon-bom-crlf.csv"),
                    variants.resolve("users-semicolon-bom-crlf.csv"), output));

        // then
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        for (String report : List.of("eligibility.csv", "reassignments.csv", "cancellations.csv", "rejects.csv")) {
            assertThat(MigrationRun.lines(output.resolve(report))).as(report)
                .containsExactlyElementsOf(MigrationRun.expected("input-samples", report));
        }
    }

    @Test
    void moreRejectsThanAllowedFailsTheRunBeforeAnyLicenseMovesAndARerunWithAHigherLimitCarriesOn() throws Exception {
        // when
        JobExecution tooStrict = jobOperator.startJob(MigrationRun.samples(output, "--max-rejects=2"));

        // then
        assertThat(tooStrict.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(tooStrict.getAllFailureExceptions()).first()
            .extracting(Throwable::getMessage)
            .asString()
            .contains("tenants.csv: 3 rejected rows, more than --max-rejects=2");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM e4_reassignment", Integer.class)).isZero();

        // when: the limit is not part of the migration's identity
        JobExecution resumed = jobOperator.startJob(MigrationRun.samples(output, "--max-rejects=3"));

        // then
        assertThat(resumed.getJobInstanceId()).isEqualTo(tooStrict.getJobInstanceId());
        assertThat(resumed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(MigrationRun.lines(output.resolve("reassignments.csv")))
            .containsExactlyElementsOf(MigrationRun.expected("input-samples", "reassignments.csv"));
    }

    @Test
    void aUserRepeatedChunksLaterIsRejectedNamingTheFirstLineAndEveryOtherUserIsStoredOnce() throws Exception {
        // given: 1,100 users of one tenant, then the first one twice again (in another
        // import chunk, of 1,000 rows)
        Path tenants = output.resolve("tenants.csv");
        Path users = output.resolve("users.csv");
        java.nio.file.Files.writeString(tenants, "tenant_id,subscription_id,source_sku,licenses,target_sku,"
                + "target_subscription_id,target_licenses,target_status\n"
                + "11111111-1111-4111-8111-111111111111,sub-1,ENTERPRISEWITHSCAL,1100,SPE_E5,new-1,1100,ACTIVE\n");
        StringBuilder rows = new StringBuilder("tenant_id,user_id,user_principal_name,licenses,usage_location\n");
        for (int i = 0; i < 1100; i++) {
            rows.append(
                    "11111111-1111-4111-8111-111111111111,22222222-2222-4222-8222-%012d,u%d@contoso.com,ENTERPRISEWITHSCAL,FR\n"
                        .formatted(i, i));
        }
        rows.append(
                "11111111-1111-4111-8111-111111111111,22222222-2222-4222-8222-000000000000,again@contoso.com,ENTERPRISEWITHSCAL,FR\n");
        rows.append(
                "11111111-1111-4111-8111-111111111111,22222222-2222-4222-8222-000000000000,twice@contoso.com,ENTERPRISEWITHSCAL,FR\n");
        java.nio.file.Files.writeString(users, rows);

        // when
        JobExecution execution = jobOperator.startJob(MigrationRun.parameters(tenants, users, output.resolve("out")));

        // then
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(MigrationRun.lines(output.resolve("out/rejects.csv")))
            .as("each repeat names the line stored first, not the other repeat")
            .satisfiesExactly(header -> assertThat(header).startsWith("file,"),
                    repeat -> assertThat(repeat)
                        .startsWith("users.csv,1102,user_id: duplicate of line 2 in the same tenant,"),
                    again -> assertThat(again)
                        .startsWith("users.csv,1103,user_id: duplicate of line 2 in the same tenant,"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM e4_user", Integer.class)).isEqualTo(1100);
        assertThat(jdbc.queryForObject("SELECT user_principal_name FROM e4_user WHERE user_id = ?", String.class,
                "22222222-2222-4222-8222-000000000000"))
            .isEqualTo("u0@contoso.com");
        assertThat(jdbc.queryForObject("SELECT source_holders FROM e4_tenant", Integer.class))
            .as("the holders eligibility counts (1,100 licenses: one more would be a conflict)")
            .isEqualTo(1100);
        assertThat(MigrationRun.lines(output.resolve("out/reassignments.csv"))).hasSize(1101)
            .filteredOn(line -> line.contains(",REASSIGNED,"))
            .hasSize(1100);
    }

    @Test
    void aTenantRepeatedChunksLaterIsRejectedNamingTheFirstLineAndEveryOtherTenantIsStoredOnce() throws Exception {
        // given: 1,001 tenants, then the eleventh twice again, in upper case (in another
        // import chunk, of 1,000 rows)
        Path tenants = output.resolve("tenants.csv");
        Path users = output.resolve("users.csv");
        StringBuilder rows = new StringBuilder("tenant_id,subscription_id,source_sku,licenses,target_sku,"
                + "target_subscription_id,target_licenses,target_status\n");
        for (int i = 0; i < 1001; i++) {
            rows.append("11111111-1111-4111-8111-%012x,sub-%d,ENTERPRISEWITHSCAL,10,SPE_E5,new-%d,10,ACTIVE\n"
                .formatted(i, i, i));
        }
        rows.append(
                "11111111-1111-4111-8111-00000000000A,sub-again,ENTERPRISEWITHSCAL,10,SPE_E5,new-again,10,ACTIVE\n");
        rows.append(
                "11111111-1111-4111-8111-00000000000A,sub-twice,ENTERPRISEWITHSCAL,10,SPE_E5,new-twice,10,ACTIVE\n");
        java.nio.file.Files.writeString(tenants, rows);
        java.nio.file.Files.writeString(users,
                "tenant_id,user_id,user_principal_name,licenses,usage_location\n"
                        + "11111111-1111-4111-8111-00000000000a,22222222-2222-4222-8222-000000000000,u@contoso.com,"
                        + "ENTERPRISEWITHSCAL,FR\n");

        // when
        JobExecution execution = jobOperator.startJob(MigrationRun.parameters(tenants, users, output.resolve("out")));

        // then
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(MigrationRun.lines(output.resolve("out/rejects.csv")))
            .as("each repeat names the line stored first, not the other repeat")
            .satisfiesExactly(header -> assertThat(header).startsWith("file,"),
                    repeat -> assertThat(repeat).startsWith("tenants.csv,1003,tenant_id: duplicate of line 12,"),
                    again -> assertThat(again).startsWith("tenants.csv,1004,tenant_id: duplicate of line 12,"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM e4_tenant", Integer.class)).isEqualTo(1001);
        assertThat(jdbc.queryForObject("SELECT subscription_id FROM e4_tenant WHERE tenant_id = ?", String.class,
                "11111111-1111-4111-8111-00000000000a"))
            .isEqualTo("sub-10");
        assertThat(MigrationRun.lines(output.resolve("out/reassignments.csv"))).hasSize(2)
            .last()
            .asString()
            .contains(",REASSIGNED,");
    }

    @Test
    void theFrenchLocaleWritesTheRemediationInFrench() throws Exception {
        // when
        jobOperator.startJob(MigrationRun.samples(output, "--locale=fr"));

        // then
        List<String> english = MigrationRun.expected("input-samples", "eligibility.csv");
        List<String> french = MigrationRun.lines(output.resolve("eligibility.csv"));
        assertThat(french).hasSameSizeAs(english).first().isEqualTo(english.get(0));
        assertThat(french.get(1)).startsWith(english.get(1).substring(0, english.get(1).indexOf(",\"")))
            .contains("Prêt")
            .isNotEqualTo(english.get(1));
    }

    private static Map<String, Integer> counts(JsonNode node) {
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        node.properties().forEach(entry -> counts.put(entry.getKey(), entry.getValue().asInt()));
        return counts;
    }

}
