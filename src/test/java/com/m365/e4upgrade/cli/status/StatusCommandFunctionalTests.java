package com.m365.e4upgrade.cli.status;

import static com.m365.e4upgrade.testsupport.MigrationFiles.THE_COMMAND;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.m365.e4upgrade.restart.CrashPointConfiguration;
import com.m365.e4upgrade.restart.Hooks;
import com.m365.e4upgrade.testsupport.ChildJvm;
import com.m365.e4upgrade.testsupport.ChildJvm.Finished;
import com.m365.e4upgrade.testsupport.ExactlyOnce;
import com.m365.e4upgrade.testsupport.JobDatabase;
import com.m365.e4upgrade.testsupport.MigrationFiles;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: {@code e4-upgrade status} lists the migrations of the database and, with
 * {@code --migration=ID}, the steps of one; it works while a run holds the embedded H2
 * file (showing what the run published beside it) and creates nothing where there is no
 * database. Every run and every status is the shipped command in a child JVM, in a
 * working directory of the test's own, on the default H2 file there.
 */
class StatusCommandFunctionalTests {

    private static final Path SAMPLES = Path.of("input-samples").toAbsolutePath();

    @TempDir
    private Path work;

    @Test
    void afterARunOfTheSamplesStatusListsTheMigrationCompletedWithItsMovesAndItsSteps() {
        // given a completed run of the samples
        Finished run = samples().run();
        assertThat(run.exitCode()).as("%s", run).isZero();

        // when
        Finished status = status();
        Finished steps = status("--migration=1");

        // then: 43 users moved of the 43 in a write batch (the 4 SKIPPED have none)
        assertThat(status.exitCode()).as("%s", status).isZero();
        assertThat(status.stderrLines()).isEmpty();
        assertThat(status.stdout()).contains("A run holds the database now: no")
            .containsPattern("(?m)^MIGRATION +STATUS +DRY_RUN +STARTED +ENDED +MOVED +TENANTS_FILE +USERS_FILE$")
            .containsPattern(
                    "(?m)^1 +COMPLETED +false +\\S+ \\S+ +\\S+ \\S+ +43/43 +\\S*tenants\\.csv +\\S*users\\.csv$");
        assertThat(steps.exitCode()).as("%s", steps).isZero();
        assertThat(steps.stdout()).contains("Steps of migration 1:")
            .containsPattern("(?m)^RUN +STEP +STATUS +READ +WRITTEN +STARTED +ENDED +DURATION$")
            .containsPattern("(?m)^1 +importTenants +COMPLETED +27 +27 ")
            .containsPattern("(?m)^1 +importUsers +COMPLETED +86 +86 ")
            .containsPattern("(?m)^1 +plan +COMPLETED +8 +8 ") // tenants planned: the
                                                               // plan step's items are
                                                               // tenants (issue 15)
            .containsPattern("(?m)^1 +reassign +COMPLETED +9 +9 ")
            .containsPattern("(?m)^1 +cancellationsReport +COMPLETED +8 +8 .*\\d+\\.\\d{3}s$");
    }

    @Test
    void aDryRunAndARealRunOfTheSameFilesAreTwoMigrations() {
        // given
        Finished dryRun = samples("--dry-run", "--output=out-dry").run();
        Finished realRun = samples().run();
        assertThat(dryRun.exitCode()).as("%s", dryRun).isZero();
        assertThat(realRun.exitCode()).as("%s", realRun).isZero();

        // when
        Finished status = status();

        // then
        assertThat(status.exitCode()).as("%s", status).isZero();
        assertThat(status.stdout()).containsPattern("(?m)^1 +COMPLETED +true .* 0/43 ")
            .containsPattern("(?m)^2 +COMPLETED +false .* 43/43 ");
        assertThat(status.stdout().lines().filter(line -> line.matches("\\d+ .*"))).hasSize(2);
    }

    /**
     * The status command changes no schema: after an upgrade of the jar it reads a
     * database the job has not migrated yet, whose tenants do not count the holders a dry
     * run skips (version 9).
     */
    @Test
    void aDatabaseTheJobHasNotUpgradedToVersion9YetIsShownAsItIs() {
        // given a dry run's database as the version before left it
        Finished dryRun = samples("--dry-run").run();
        assertThat(dryRun.exitCode()).as("%s", dryRun).isZero();
        JobDatabase.defaultH2FileIn(work).use(db -> {
            try (Statement statement = db.createStatement()) {
                statement.execute("ALTER TABLE e4_tenant DROP COLUMN unlicensable_holders");
                return statement.executeUpdate("DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '9'");
            }
        });

        // when
        Finished status = status();

        // then
        assertThat(status.exitCode()).as("%s", status).isZero();
        assertThat(status.stdout()).containsPattern("(?m)^1 +COMPLETED +true .* - ");
    }

    @Test
    void whileARunHoldsTheH2FileStatusSaysSoShowsWhatTheRunPublishedAndTheRunCompletesUnharmed() throws IOException {
        // given a run held in its first write batch
        MigrationFiles files = MigrationFiles.sixtyTenantsOfTwentyFiveUsers().writeTo(work);
        Path goOn = work.resolve("go-on");
        ChildJvm running = ChildJvm.in(work)
            .arguments(THE_COMMAND)
            .with(Hooks.holding("reassign", goOn))
            .start()
            .awaitLog(CrashPointConfiguration.HOLDING);
        Finished whileHeld;
        Finished stepsWhileHeld;
        boolean stillRunning;
        try {
            ChildJvm.pause(Duration.ofMillis(1500)); // the snapshot follows within a
                                                     // second

            // when
            whileHeld = status();
            stepsWhileHeld = status("--migration=1");
            stillRunning = running.isAlive();
        }
        finally {
            Files.createFile(goOn);
        }
        Finished run = running.awaitExit();
        Finished after = status();

        // then
        assertThat(whileHeld.exitCode()).as("%s", whileHeld).isZero();
        assertThat(whileHeld.stderrLines()).isEmpty();
        assertThat(whileHeld.stdout()).contains("A run holds the database now: yes (process ")
            .contains("e4-upgrade.status.json")
            .containsPattern("(?m)^1 +STARTED +false +\\S+ \\S+ +- +- +\\S*tenants\\.csv")
            .containsPattern("(?m)^1 +importUsers +COMPLETED +1500 +\\d+ ")
            .containsPattern("(?m)^1 +plan +COMPLETED ")
            .containsPattern("(?m)^1 +reassign +STARTED ");
        assertThat(stepsWhileHeld.exitCode()).as("%s", stepsWhileHeld).isZero();
        assertThat(stepsWhileHeld.stdout()).containsPattern("(?m)^1 +reassign +STARTED ");
        assertThat(stillRunning).as("the run was still going").isTrue();
        assertThat(run.exitCode()).as("the held run: %s", run).isZero();
        ExactlyOnce.assertMigratedExactlyOnce(files.expected(), work.resolve("out"), JobDatabase.defaultH2FileIn(work));
        assertThat(after.stdout()).contains("A run holds the database now: no")
            .containsPattern("(?m)^1 +COMPLETED +false ");
    }

    @Test
    void aRunKilledOutrightIsShownAsLeftRunningWithNoRunHoldingTheDatabase() {
        // given a run halted as by kill -9 inside its first write batch
        Finished killed = samples().with(Hooks.haltingInside("reassign", 1)).run();
        assertThat(killed.exitCode()).as("%s", killed).isEqualTo(ChildJvm.KILLED);

        // when
        Finished status = status();

        // then
        assertThat(status.exitCode()).as("%s", status).isZero();
        assertThat(status.stdout()).contains("A run holds the database now: no")
            .containsPattern("(?m)^1 +STARTED +false .* \\d+/43 ")
            .contains("Migration 1: its last run is marked STARTED but no run holds the database");
    }

    @Test
    void withoutADatabaseStatusSaysSoInOneLineExitsWith2AndCreatesNothing() throws IOException {
        // given a directory without ./data/e4-upgrade

        // when
        Finished status = status();

        // then
        assertThat(status.exitCode()).as("%s", status).isEqualTo(2);
        assertThat(status.stderrLines()).singleElement()
            .isEqualTo("e4-upgrade: no database at jdbc:h2:file:./data/e4-upgrade; nothing created");
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left.map(path -> path.getFileName().toString())).containsExactly("console");
        }
    }

    @Test
    void anUnknownMigrationIsRefusedWithExit2() {
        // given
        assertThat(samples().run().exitCode()).isZero();

        // when
        Finished status = status("--migration=7");

        // then
        assertThat(status.exitCode()).isEqualTo(2);
        assertThat(status.stderrLines()).containsExactly("e4-upgrade: no migration 7 in this database");
    }

    private ChildJvm.Launch samples(String... options) {
        List<String> command = new ArrayList<>(
                List.of("--tenants=" + SAMPLES.resolve("tenants.csv"), "--users=" + SAMPLES.resolve("users.csv")));
        command.addAll(List.of(options));
        return ChildJvm.in(work).arguments(command);
    }

    private Finished status(String... options) {
        return ChildJvm.in(work).arguments("status").arguments(options).run();
    }

}
