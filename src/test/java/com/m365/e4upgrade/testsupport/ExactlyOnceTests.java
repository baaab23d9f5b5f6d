package com.m365.e4upgrade.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.m365.e4upgrade.testsupport.Expected.Move;
import com.m365.e4upgrade.testsupport.Expected.Settlement;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checker the kill tests and the benchmark rely on must fail when a migration went
 * wrong: its reports are written here by hand, as a completed migration of two tenants of
 * 25 users writes them, then spoiled one way at a time.
 */
class ExactlyOnceTests {

    /**
     * Tenant 0 moves 25 users (batches 1 and 2), tenant 1 moves 24 (batches 3 and 4) and
     * skips one.
     */
    private static final Expected EXPECTED = MigrationFiles.tenantsOfUsers(2, 25).expected();

    @TempDir
    private Path out;

    private List<String> reassignments;

    @BeforeEach
    void aCompletedMigrationsReports() throws IOException {
        reassignments = new ArrayList<>();
        Map<String, Integer> movedOfTenant = new HashMap<>();
        int batches = 0;
        for (Move move : EXPECTED.rows().moves()) {
            String batch = "";
            if (move.status().equals("REASSIGNED")) {
                int moved = movedOfTenant.merge(move.tenantId(), 1, Integer::sum);
                batches += moved % 20 == 1 ? 1 : 0;
                batch = Integer.toString(batches);
            }
            reassignments.add(String.join(",", move.tenantId(), move.userId(), "user@example.com", move.fromSku(),
                    move.toSku(), "", move.status(), move.detail(), batch));
        }
        writeReassignments();
        List<String> cancellations = new ArrayList<>(List.of("tenant_id,subscription_id,sku,status,detail"));
        for (Settlement settlement : EXPECTED.rows().settlements()) {
            cancellations.add(String.join(",", settlement.tenantId(), settlement.subscriptionId(),
                    MigrationFiles.SOURCE_SKU, settlement.status(), ""));
        }
        Files.write(out.resolve("cancellations.csv"), cancellations);
        Files.write(out.resolve("eligibility.csv"), List.of("tenant_id,verdict", "t0,MIGRATE", "t1,MIGRATE"));
        Files.write(out.resolve("rejects.csv"), List.of("file,line,reason,record"));
        writeSummary(EXPECTED.reassigned());
    }

    @Test
    void theReportsOfAMigrationDoneExactlyOncePass() {
        assertThat(EXPECTED.reassigned()).isEqualTo(49);
        assertThat(EXPECTED.writeBatches()).isEqualTo(4);
        ExactlyOnce.assertMigratedExactlyOnce(EXPECTED, out, null);
    }

    @Test
    void aUserReportedTwiceFails() throws IOException {
        reassignments.add(reassignments.get(3));
        writeReassignments();

        assertThat(failedChecks()).contains("reassignments.csv users reported more than once", "reassignments.csv rows",
                "reassignments.csv REASSIGNED");
    }

    @Test
    void aBatchOfMoreThanTwentyUsersFails() throws IOException {
        // the first user of batch 2 moved in batch 1
        reassignments.set(20, reassignments.get(20).replaceAll(",2$", ",1"));
        writeReassignments();

        assertThat(failedChecks()).contains("write batches of more than 20 users");
    }

    @Test
    void aSummaryThatDisagreesWithTheReportsFails() throws IOException {
        writeSummary(EXPECTED.reassigned() - 1);

        assertThatThrownBy(() -> ExactlyOnce.assertMigratedExactlyOnce(EXPECTED, out, null))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("summary.json usersByStatus");
    }

    private List<String> failedChecks() {
        return ExactlyOnce.check(EXPECTED, out, null)
            .checks()
            .stream()
            .filter(check -> !check.passed())
            .map(ExactlyOnce.Check::what)
            .toList();
    }

    private void writeReassignments() throws IOException {
        List<String> lines = new ArrayList<>(
                List.of("tenant_id,user_id,user_principal_name,from_sku,to_sku,disabled_plans,status,detail,batch"));
        lines.addAll(reassignments);
        Files.write(out.resolve("reassignments.csv"), lines);
    }

    private void writeSummary(long reassigned) throws IOException {
        Files.writeString(out.resolve("summary.json"),
                """
                        {"status": "COMPLETED", "migrationId": 1,
                         "tenantsByVerdict": {"MIGRATE": 2, "MIGRATE_MANUAL": 0, "RETRY_LATER": 0, "ACTION_REQUIRED": 0, "NOT_SUPPORTED": 0},
                         "usersByStatus": {"REASSIGNED": %d, "SKIPPED": 1},
                         "cancellationsByStatus": {"CANCELLED": 1, "READY_TO_CANCEL": 0, "KEPT": 1},
                         "rejectedRows": 0}
                        """
                    .formatted(reassigned));
    }

}
