package com.m365.e4upgrade.restart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.m365.e4upgrade.cli.ExitCode;
import com.m365.e4upgrade.testsupport.ChildJvm;
import com.m365.e4upgrade.testsupport.JobDatabase;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14: a rollback killed anywhere in its moves is finished by the same command, and
 * every moved user of the named tenants holds the source plan again, once, with their own
 * disabled plans; none is left holding both plans or neither. Every run is the real
 * command in a child JVM on its own H2 file, with the embedded gateway (the rehearsal).
 */
@DisplayName("Rollback: kill it anywhere, resume exactly once")
class RollbackKillAndResumeFunctionalTests {

    private static final Path SAMPLES = Path.of("input-samples").toAbsolutePath();

    private static final List<String> MIGRATION = List.of("--tenants=" + SAMPLES.resolve("tenants.csv"),
            "--users=" + SAMPLES.resolve("users.csv"), "--output=out");

    /**
     * The migrated tenants whose source subscription the migration kept (the others were
     * cancelled: nothing to go back to).
     */
    private static final String TENANTS = "c9966a7e-7166-42c6-9cf6-81e501b54559,cfc3b844-daba-4d6f-ad01-a223d4aebb9e,"
            + "38f4bdb3-1f80-434c-b3d2-84d2ee149e9f,8a79f042-2b96-49b3-aca5-e93d9efc031d";

    /** One user per write batch, so the rollback has a chunk per user to die in. */
    private static final List<String> ROLLBACK = Stream
        .concat(Stream.of("rollback"),
                Stream.concat(MIGRATION.stream(), Stream.of("--tenant=" + TENANTS, "--chunk-size=1")))
        .toList();

    static Stream<Consumer<ChildJvm.Launch>> crashPoints() {
        return Stream.of(Hooks.haltingInside("rollBack", 3), Hooks.haltingAfterCommitOf("rollBack", 2),
                Hooks.haltingInside("rollBack", 1));
    }

    @ParameterizedTest
    @MethodSource("crashPoints")
    void aRollbackHaltedInsideOrBetweenItsBatchesIsFinishedExactlyOnceByTheSameCommand(
            Consumer<ChildJvm.Launch> crashPoint, @TempDir Path dir) throws Exception {
        // given a completed migration
        assertThat(ChildJvm.in(dir).arguments(MIGRATION).run().exitCode()).isZero();
        Map<String, String> moved = movedUsers(dir);
        assertThat(moved).hasSizeGreaterThan(3);

        // when its rollback is halted (as by kill -9), then run again
        ChildJvm.Finished halted = ChildJvm.in(dir).with(crashPoint).arguments(ROLLBACK).run();
        ChildJvm.Finished resumed = ChildJvm.in(dir).arguments(ROLLBACK).run();

        // then
        assertThat(halted.exitCode()).as("%s", halted).isEqualTo(ChildJvm.KILLED);
        assertThat(resumed.exitCode()).as("%s", resumed).isEqualTo(ExitCode.COMPLETED.code());
        assertThat(resumed.stdout()).contains(": COMPLETED").contains("ROLLED_BACK " + moved.size());
        assertRolledBackExactlyOnce(dir, moved);

        // and: the same command once more does nothing
        ChildJvm.Finished again = ChildJvm.in(dir).arguments(ROLLBACK).run();
        assertThat(again.exitCode()).isZero();
        assertThat(again.stdout()).contains("this rollback already completed; nothing to do.");
    }

    @Test
    void aTenantNotInTheMigrationOrAMigrationNeverRunStopsTheCommandBeforeAnything(@TempDir Path dir) throws Exception {
        ChildJvm.Finished noMigration = ChildJvm.in(dir).arguments(ROLLBACK).run();
        assertThat(noMigration.exitCode()).isEqualTo(ExitCode.CANNOT_START.code());
        assertThat(noMigration.stderrLines()).singleElement().asString().contains("nothing to roll back");

        assertThat(ChildJvm.in(dir).arguments(MIGRATION).run().exitCode()).isZero();
        List<String> unknownTenant = new ArrayList<>(ROLLBACK);
        unknownTenant.set(unknownTenant.indexOf("--tenant=" + TENANTS),
                "--tenant=00000000-0000-4000-8000-000000000001");
        ChildJvm.Finished unknown = ChildJvm.in(dir).arguments(unknownTenant).run();
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.CANNOT_START.code());
        assertThat(unknown.stderrLines()).singleElement()
            .asString()
            .contains("option --tenant: 00000000-0000-4000-8000-000000000001 is not a tenant of migration 1");

        // and: licenses moved by one gateway are not rolled back by another
        Files.writeString(dir.resolve("secret.txt"), "unused-secret\n");
        List<String> throughGraph = new ArrayList<>(ROLLBACK);
        throughGraph.addAll(List.of("--gateway=graph", "--graph.client-id=e4-upgrade-test",
                "--graph.client-secret-file=secret.txt"));
        ChildJvm.Finished otherGateway = ChildJvm.in(dir).arguments(throughGraph).run();
        assertThat(otherGateway.exitCode()).isEqualTo(ExitCode.CANNOT_START.code());
        assertThat(otherGateway.stderrLines()).singleElement()
            .asString()
            .contains("moved the licenses with --gateway=embedded: roll it back with the same gateway");
    }

    /**
     * The users the migration moved in the tenants, with the disabled plans users.csv
     * gave them.
     */
    private static Map<String, String> movedUsers(Path dir) {
        return JobDatabase.defaultH2FileIn(dir).use(db -> {
            Map<String, String> moved = new HashMap<>();
            JobDatabase.query(db, """
                    SELECT r.user_id, u.imported_disabled_plans FROM e4_reassignment r
                    JOIN e4_user u ON u.migration_id = r.migration_id AND u.tenant_id = r.tenant_id
                                   AND u.user_id = r.user_id
                    WHERE r.status = 'REASSIGNED' AND r.tenant_id IN ('%s')""".formatted(TENANTS.replace(",", "','")),
                    rs -> moved.put(rs.getString(1), rs.getString(2) == null ? "" : rs.getString(2)));
            return moved;
        });
    }

    private static void assertRolledBackExactlyOnce(Path dir, Map<String, String> moved) throws Exception {
        List<String> report = Files.readAllLines(dir.resolve("out/rollback.csv"));
        assertThat(report.get(0))
            .isEqualTo("tenant_id,user_id,user_principal_name,from_sku,to_sku,status,detail,batch");
        List<String> userIds = report.subList(1, report.size()).stream().map(line -> line.split(",")[1]).toList();
        assertThat(userIds).as("one row per moved user").doesNotHaveDuplicates().hasSize(moved.size());
        assertThat(report.subList(1, report.size()))
            .allMatch(line -> line.contains(",ENTERPRISEWITHSCAL,ROLLED_BACK,,"));
        JobDatabase.defaultH2FileIn(dir).use(db -> {
            JobDatabase.query(db, "SELECT user_id, licenses, disabled_plans FROM e4_user WHERE user_id IN ('"
                    + String.join("','", moved.keySet()) + "')", rs -> {
                        List<String> licenses = List.of(rs.getString(2).split("\\|"));
                        assertThat(licenses).as(rs.getString(1))
                            .containsOnlyOnce("ENTERPRISEWITHSCAL")
                            .doesNotContain("SPE_E5", "SPE_E3", "ENTERPRISEPACK", "ENTERPRISEPREMIUM");
                        assertThat(rs.getString(3) == null ? "" : rs.getString(3))
                            .as("disabled plans of %s", rs.getString(1))
                            .isEqualTo(moved.get(rs.getString(1)));
                    });
            assertThat(JobDatabase.single(db, "SELECT COUNT(*) FROM e4_rollback WHERE status <> 'ROLLED_BACK'"))
                .isZero();
            return null;
        });
        assertThat(Files.readAllLines(dir.resolve("out/cancellations.csv")))
            .filteredOn(line -> TENANTS.contains(line.split(",")[0]))
            .hasSize(4)
            .allMatch(line -> line.contains(",ROLLED_BACK,"));
    }

}
