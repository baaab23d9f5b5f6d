package com.m365.e4upgrade.restart;

import static com.m365.e4upgrade.testsupport.ExactlyOnce.assertMigratedExactlyOnce;
import static com.m365.e4upgrade.testsupport.MigrationFiles.THE_COMMAND;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.m365.e4upgrade.cli.ExitCode;
import com.m365.e4upgrade.testsupport.ChildJvm;
import com.m365.e4upgrade.testsupport.ChildJvm.Finished;
import com.m365.e4upgrade.testsupport.ExactlyOnce;
import com.m365.e4upgrade.testsupport.JobDatabase;
import com.m365.e4upgrade.testsupport.MigrationFiles;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

/**
 * The guarantees of {@link KillAndResumeFunctionalTests} hold on the operator's own H2
 * URL too, not only on the shipped default: a URL given as
 * {@code --spring.datasource.url} without the settings the default carries
 * (DB_CLOSE_ON_EXIT=FALSE, WRITE_DELAY=0) used to let H2's own shutdown hook close the
 * database under a run asked to terminate, which then ended with exit 1, nothing on
 * standard error and no summary.json.
 *
 * <p>
 * Its own class, not one more test of {@link KillAndResumeFunctionalTests}: that class
 * starts all its crash points before its first test, which a run of this test alone does
 * not need.
 */
@DisplayName("SIGTERM on the operator's own H2 URL")
class OperatorH2UrlFunctionalTests {

    private static final String REASSIGN_STARTED = "Executing step: [reassign]";

    private static final int COMPLETED = ExitCode.COMPLETED.code();

    private static final int STOPPED = ExitCode.STOPPED.code();

    @Test
    void aRunOnAnH2FileOfTheOperatorsChoosingAskedToTerminateStopsWithExitCode3AndTheSameCommandCompletesIt(
            @TempDir Path temp) throws IOException {
        // given a run moving licenses, its H2 file outside its working directory, named
        // by a bare URL
        Path migration = Files.createDirectories(temp.resolve("migration"));
        Path database = Files.createDirectories(temp.resolve("operator-databases")).resolve("tenants-2024");
        String ownUrl = "--spring.datasource.url=jdbc:h2:file:" + database.toAbsolutePath();
        MigrationFiles files = MigrationFiles.sixtyTenantsOfTwentyFiveUsers().writeTo(migration);
        ChildJvm running = ChildJvm.in(migration)
            .arguments(THE_COMMAND)
            .arguments(ownUrl)
            .with(Hooks.slowing("reassign", Duration.ofMillis(50)))
            .start()
            .awaitLog(REASSIGN_STARTED);
        ChildJvm.pause(Duration.ofSeconds(1)); // some write batches committed, most still
                                               // to go

        // when it receives SIGTERM, then the same command is run again
        Finished terminated = running.terminate().awaitExit();
        JsonNode summaryOfTheTerminatedRun = Files.exists(migration.resolve("out/summary.json"))
                ? ExactlyOnce.json(migration.resolve("out/summary.json")) : null;
        String recordedStatus = JobDatabase.h2File(database).lastJobExecutionStatus();
        Finished resumed = ChildJvm.in(migration).arguments(THE_COMMAND).arguments(ownUrl).run();

        // then the terminated run stopped at a chunk boundary and said so, as on the
        // default URL ...
        assertThat(terminated.exitCode()).as("the terminated run: %s", terminated).isEqualTo(STOPPED);
        assertThat(terminated.stdout()).contains(": STOPPED");
        assertThat(terminated.stderrLines()).as("standard error of %s", terminated)
            .singleElement()
            .asString()
            .contains("stopped at a chunk boundary");
        assertThat(summaryOfTheTerminatedRun).as("out/summary.json after the terminated run").isNotNull();
        assertThat(summaryOfTheTerminatedRun.path("status").asString()).as("its status").isEqualTo("STOPPED");
        assertThat(recordedStatus).as("the terminated run's status in the job repository").isEqualTo("STOPPED");
        // ... and the same command completed the migration exactly once, in the
        // operator's file only
        assertThat(resumed.exitCode()).as("the same command again: %s", resumed).isEqualTo(COMPLETED);
        assertThat(resumed.stderrLines()).as("standard error of %s", resumed)
            .hasSizeLessThanOrEqualTo(1)
            .noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"));
        assertMigratedExactlyOnce(files.expected(), migration.resolve("out"), JobDatabase.h2File(database));
        assertThat(JobDatabase.defaultH2File(migration).getParent()).as("the default H2 file's directory")
            .doesNotExist();
        // WRITE_DELAY persists in the database: 0 there means the runs committed as
        // durably as on the default
        assertThat(writeDelayIn(database)).as("WRITE_DELAY of the operator's database").isEqualTo("0");
    }

    private static String writeDelayIn(Path database) {
        return JobDatabase.h2File(database).use(db -> {
            // H2 lists WRITE_DELAY twice: the database's own setting first, then its
            // built-in default (500)
            List<String> writeDelay = new ArrayList<>();
            JobDatabase.query(db,
                    "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'",
                    rs -> writeDelay.add(rs.getString(1)));
            return writeDelay.isEmpty() ? null : writeDelay.get(0);
        });
    }

}
