package com.m365.e4upgrade.postgres;

import static com.m365.e4upgrade.testsupport.MigrationFiles.THE_COMMAND;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.m365.e4upgrade.console.RunningConsole;
import com.m365.e4upgrade.testsupport.ChildJvm;
import com.m365.e4upgrade.testsupport.MigrationFiles;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

/**
 * The console on PostgreSQL, beside the command line on the same database: it shows the
 * command line's migrations, the same files are the same migration whichever side starts
 * them, and the two take turns with the job's advisory lock.
 */
@Tag("postgres")
class PostgresConsoleFunctionalTests {

    @TempDir
    private Path work;

    @Test
    void theConsoleAndTheCommandLineShareTheDatabaseAndItsMigrations() throws Exception {
        TestDatabase database = TestDatabase.Kind.POSTGRESQL.create(work, "console");
        Path byCommandLine = Files.createDirectories(work.resolve("command-line"));
        MigrationFiles.sixtyTenantsOfTwentyFiveUsers().writeTo(byCommandLine);
        assertThat(database.launch(byCommandLine, THE_COMMAND).run().exitCode()).isZero();

        RunningConsole console = RunningConsole.start(Files.createDirectories(work.resolve("console")),
                database.options(), database.environment());
        try {
            // the command line's migration shows, and its files again are that migration
            JsonNode list = console.json(console.get("/api/migrations", "viewer"));
            assertThat(list).hasSize(1);
            assertThat(list.get(0).path("startedBy").asText()).isEqualTo("command line");
            assertThat(list.get(0).path("status").asText()).isEqualTo("COMPLETED");
            HttpResponse<String> again = console.upload("operator", files(byCommandLine), Map.of());
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            assertThat(console.json(again).path("id").asLong()).isEqualTo(list.get(0).path("id").asLong());
            String moves = new String(console.download("/api/migrations/1/reports/reassignments.csv", "viewer").body(),
                    StandardCharsets.UTF_8);
            assertThat(moves).isEqualTo(ChildJvm.read(byCommandLine.resolve("out/reassignments.csv")));

            // a migration the console runs, which the command line then finds completed
            Path byConsole = Files.createDirectories(work.resolve("by-console"));
            MigrationFiles.tenantsOfUsers(40, 20).writeTo(byConsole);
            HttpResponse<String> started = console.upload("operator", files(byConsole), Map.of());
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            long id = console.json(started).path("id").asLong();
            JsonNode done = console.awaitMigration(id, RunningConsole.status("COMPLETED"), Duration.ofSeconds(60));
            assertThat(done.path("summary").path("usersByStatus").path("REASSIGNED").asLong())
                .isEqualTo(MigrationFiles.tenantsOfUsers(40, 20).expected().reassigned());
            ChildJvm.Finished commandLine = database.launch(byConsole, THE_COMMAND).run();
            assertThat(commandLine.exitCode()).isZero();
            assertThat(commandLine.stdout()).contains("this migration already completed; nothing to do.");
        }
        finally {
            console.process.terminate();
            console.process.awaitExit();
        }
    }

    private static Map<String, Path> files(Path directory) {
        return new java.util.LinkedHashMap<>(
                Map.of("tenants", directory.resolve("tenants.csv"), "users", directory.resolve("users.csv")));
    }

}
