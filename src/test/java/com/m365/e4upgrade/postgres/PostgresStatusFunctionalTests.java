package com.m365.e4upgrade.postgres;

import static com.m365.e4upgrade.testsupport.MigrationFiles.THE_COMMAND;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.m365.e4upgrade.E4UpgradeApplication;
import com.m365.e4upgrade.cli.MigrationLauncher;
import com.m365.e4upgrade.restart.CrashPointConfiguration;
import com.m365.e4upgrade.restart.Hooks;
import com.m365.e4upgrade.testsupport.ChildJvm;
import com.m365.e4upgrade.testsupport.ChildJvm.Finished;
import com.m365.e4upgrade.testsupport.MigrationFiles;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status command on PostgreSQL: it reads the tables while a run goes on (no file lock
 * there), and tells a run holds the database by the job's advisory lock, which it never
 * takes. The run is a child JVM held in its first write batch; status runs in the test
 * JVM.
 */
@Tag("postgres")
class PostgresStatusFunctionalTests {

    @TempDir
    private Path work;

    @Test
    void whileARunGoesOnStatusReadsTheTablesAndSaysARunHoldsTheDatabase() throws IOException {
        // given a run held in its first write batch
        TestDatabase database = TestDatabase.Kind.POSTGRESQL.create(work, "status");
        MigrationFiles files = MigrationFiles.sixtyTenantsOfTwentyFiveUsers().writeTo(work);
        Path goOn = work.resolve("go-on");
        ChildJvm running = database.launch(work, THE_COMMAND)
            .with(Hooks.holding("reassign", goOn))
            .start()
            .awaitLog(CrashPointConfiguration.HOLDING);
        Status whileHeld;
        Status stepsWhileHeld;
        try {
            // when
            whileHeld = status(database);
            stepsWhileHeld = status(database, "--migration=1");
        }
        finally {
            Files.createFile(goOn);
        }
        Finished run = running.awaitExit();
        Status after = status(database);

        // then
        assertThat(whileHeld.exitCode()).as("%s", whileHeld).isZero();
        assertThat(whileHeld.stdout()).contains("A run holds the database now: yes")
            .containsPattern("(?m)^1 +STARTED +false ");
        assertThat(stepsWhileHeld.stdout()).containsPattern("(?m)^1 +plan +COMPLETED ")
            .containsPattern("(?m)^1 +reassign +STARTED ");
        assertThat(run.exitCode()).as("the held run: %s", run).isZero();
        long toMove = files.expected().reassigned();
        assertThat(after.exitCode()).as("%s", after).isZero();
        assertThat(after.stdout()).contains("A run holds the database now: no")
            .containsPattern("(?m)^1 +COMPLETED +false .* " + toMove + "/" + toMove + " ");
    }

    record Status(int exitCode, String stdout, String stderr) {
    }

    private static Status status(TestDatabase database, String... options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("status"));
        args.addAll(database.optionsWithPassword());
        args.addAll(List.of(options));
        int code = new MigrationLauncher(E4UpgradeApplication.class, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run(args.toArray(String[]::new));
        return new Status(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

}
