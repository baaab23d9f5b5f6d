package com.m365.e4upgrade.postgres;

import static com.m365.e4upgrade.testsupport.ExactlyOnce.assertMigratedExactlyOnce;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.m365.e4upgrade.cli.ExitCode;
import com.m365.e4upgrade.restart.Hooks;
import com.m365.e4upgrade.testsupport.ChildJvm;
import com.m365.e4upgrade.testsupport.ChildJvm.Finished;
import com.m365.e4upgrade.testsupport.MigrationFiles;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL server goes away while licenses move: restarted under the run, or down
 * until the run gives up. Either way the run ends with exit 1 and one line saying the
 * database connection was lost, and the same command, once the server is back, completes
 * the migration exactly once.
 *
 * <p>
 * The tests' server is stopped (fast shutdown, as an administrator's restart) and started
 * again on the same data directory and port.
 */
@Tag("postgres")
class PostgresConnectionLossFunctionalTests {

    private static final String REASSIGN_STARTED = "Executing step: [reassign]";

    private static final MigrationFiles DATA = MigrationFiles.tenantsOfUsers(40, 25);

    @TempDir
    private Path work;

    private final PostgresServer server = PostgresServer.shared();

    @AfterEach
    void theServerRunsForTheNextTests() {
        if (!server.isRunning()) {
            server.start();
        }
    }

    @Test
    void aRunLosingItsDatabaseFailsWithOneLineAndTheSameCommandCompletesTheMigrationOnceTheServerIsBack() {
        // given the command; with the pool's wait for a connection cut from 30 s to 1 s,
        // a run whose
        // database stays away gives up in seconds rather than minutes
        TestDatabase database = server.createDatabase("connection_loss");
        Path job = work.resolve("job");
        DATA.writeTo(job);
        List<String> theCommand = new ArrayList<>(MigrationFiles.THE_COMMAND);
        theCommand.add("--spring.datasource.hikari.connection-timeout=1000");

        // when the server is restarted while the first run moves licenses
        ChildJvm first = database.launch(job, theCommand)
            .with(Hooks.slowing("reassign", Duration.ofMillis(100)))
            .start()
            .awaitLog(REASSIGN_STARTED);
        database.awaitMoved(40);
        server.stop();
        server.start();
        Finished restartedUnderIt = first.awaitExit();
        long movedByTheFirstRun = database.moved();

        // and when the server stops for good while the same command runs again, moving
        // more users
        ChildJvm second = database.launch(job, theCommand)
            .with(Hooks.slowing("reassign", Duration.ofMillis(100)))
            .start()
            .awaitLog(REASSIGN_STARTED);
        database.awaitMoved(movedByTheFirstRun + 40);
        server.stop();
        Finished leftWithoutDatabase = second.awaitExit();

        // and when the server is back and the same command runs once more
        server.start();
        Finished resumed = database.launch(job, theCommand).run();

        // then
        assertThat(restartedUnderIt.exitCode()).as("the run whose server restarted: %s", restartedUnderIt)
            .isEqualTo(ExitCode.FAILED.code());
        assertThat(movedByTheFirstRun).as("users moved by the first run").isLessThan(DATA.expected().reassigned());
        assertThat(restartedUnderIt.stderrLines()).as("%s", restartedUnderIt)
            .singleElement()
            .asString()
            .startsWith("e4-upgrade: failed: lost the connection to the database (")
            .endsWith("run the same command to resume once it is back (details in logs/e4-upgrade.log)");

        assertThat(leftWithoutDatabase.exitCode()).as("the run whose server stayed down: %s", leftWithoutDatabase)
            .isEqualTo(ExitCode.FAILED.code());
        assertThat(leftWithoutDatabase.stderrLines()).as("%s", leftWithoutDatabase)
            .singleElement()
            .asString()
            .startsWith("e4-upgrade: failed: lost the connection to the database (")
            .endsWith("run the same command to resume once it is back (details in logs/e4-upgrade.log)");

        assertThat(resumed.exitCode()).as("the same command, server back: %s", resumed)
            .isEqualTo(ExitCode.COMPLETED.code());
        assertThat(resumed.stderrLines()).as("%s", resumed).isEmpty();
        assertMigratedExactlyOnce(DATA.expected(), job.resolve("out"), database);
    }

}
