package com.m365.e4upgrade.postgres;

import static com.m365.e4upgrade.testsupport.ExactlyOnce.assertMigratedExactlyOnce;
import static com.m365.e4upgrade.testsupport.MigrationFiles.THE_COMMAND;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.m365.e4upgrade.cli.ExitCode;
import com.m365.e4upgrade.restart.CrashPointConfiguration;
import com.m365.e4upgrade.restart.Hooks;
import com.m365.e4upgrade.testsupport.ChildJvm;
import com.m365.e4upgrade.testsupport.ChildJvm.Finished;
import com.m365.e4upgrade.testsupport.MigrationFiles;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The job's command in child JVMs pointed at PostgreSQL
 * ({@code --spring.datasource.url=jdbc:postgresql://...}, the password in
 * SPRING_DATASOURCE_PASSWORD as jobs/e4-upgrade.sh passes it): killed while moving
 * licenses and run again (on the H2 file too), refused while another run holds the
 * database (exit 4), and stopped by --stop-at (exit 3); every migration ends exactly
 * once.
 *
 * <p>
 * Each scenario has a directory and a database of its own, so they run two at a time,
 * started before the tests, which then check their outcomes: most of a scenario's time is
 * a run waiting in its slowed-down reassign step.
 */
@Tag("postgres")
class PostgresKillAndResumeFunctionalTests {

    private static final String REASSIGN_STARTED = "Executing step: [reassign]";

    /** Logged once the run holds the database's run lock. */
    private static final String JOB_LAUNCHED = "Job: [FlowJob: [name=e4UpgradeJob]] launched";

    private static final int KILLED = ChildJvm.KILLED;

    private static final int COMPLETED = ExitCode.COMPLETED.code();

    private static final int STOPPED = ExitCode.STOPPED.code();

    private static final int IN_USE = ExitCode.IN_USE.code();

    /** 40 tenants of 25 users: 36 migrate, in 72 write batches. */
    private static final MigrationFiles DATA = MigrationFiles.tenantsOfUsers(40, 25);

    private static final Map<String, CompletableFuture<Object>> scenarios = new ConcurrentHashMap<>();

    private static ExecutorService twoAtATime;

    @TempDir
    static Path work;

    @BeforeAll
    static void startTheScenariosTwoAtATime() {
        twoAtATime = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "postgres-scenarios");
            thread.setDaemon(true);
            return thread;
        });
        for (TestDatabase.Kind kind : TestDatabase.Kind.values()) {
            start("killed " + kind, () -> killedThenResumed(kind, directory("killed-" + kind.name())));
        }
        start("in use", () -> inUse(directory("in-use")));
        start("stop-at", () -> stoppedThenResumed(directory("stop-at")));
    }

    @AfterAll
    static void stopWhatIsLeft() {
        twoAtATime.shutdownNow();
    }

    // --- killed while licenses move
    // -----------------------------------------------------------------

    record Killed(TestDatabase database, Path directory, Finished killed, long movedBeforeTheKill, Finished resumed) {
    }

    private static Killed killedThenResumed(TestDatabase.Kind kind, Path directory) {
        TestDatabase database = kind.create(directory, "killed");
        DATA.writeTo(directory);
        ChildJvm running = database.launch(directory, THE_COMMAND)
            .with(Hooks.slowing("reassign", Duration.ofMillis(100)))
            .start()
            .awaitLog(REASSIGN_STARTED);
        if (database instanceof TestDatabase.Postgres) {
            // some write batches committed, most still to go (72 of them take seven
            // seconds at least)
            database.awaitMoved(40);
        }
        else {
            ChildJvm.pause(Duration.ofMillis(1500)); // the H2 file is the run's alone
                                                     // until it ends
        }
        Finished killed = running.kill().awaitExit();
        long moved = database.moved();
        Finished resumed = database.launch(directory, THE_COMMAND).run();
        return new Killed(database, directory, killed, moved, resumed);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.Kind.class)
    void aRunKilledWhileLicensesMoveIsCompletedExactlyOnceByTheSameCommand(TestDatabase.Kind kind) {
        // given a run moving licenses
        // when it is killed (SIGKILL), then the same command is run again
        Killed migration = (Killed) outcomeOf("killed " + kind);

        // then
        assertThat(migration.killed().exitCode()).as("the killed run: %s", migration.killed()).isEqualTo(KILLED);
        assertThat(migration.movedBeforeTheKill()).as("users moved when the run was killed")
            .isLessThan(DATA.expected().reassigned());
        if (kind == TestDatabase.Kind.POSTGRESQL) {
            // (the PostgreSQL run was watched until it had moved some; the H2 file is the
            // run's alone)
            assertThat(migration.movedBeforeTheKill()).as("users moved when the run was killed").isPositive();
        }
        assertThat(migration.resumed().exitCode()).as("the same command again: %s", migration.resumed())
            .isEqualTo(COMPLETED);
        assertThat(migration.resumed().stdout()).contains(": COMPLETED");
        assertThat(migration.resumed().stderrLines()).as("standard error of %s", migration.resumed()).isEmpty();
        assertMigratedExactlyOnce(DATA.expected(), migration.directory().resolve("out"), migration.database());
    }

    // --- one run at a time
    // ----------------------------------------------------------------------------

    record InUse(TestDatabase database, Path directory, Finished identical, Finished otherFiles,
            boolean firstStillRunning, Finished first) {
    }

    private static InUse inUse(Path directory) {
        TestDatabase database = TestDatabase.Kind.POSTGRESQL.create(directory, "in_use");
        DATA.writeTo(directory);
        MigrationFiles.tenantsOfUsers(1, 3).writeTo(directory.resolve("other"));
        Path release = directory.resolve("release-the-first-run");
        ChildJvm first = database.launch(directory, THE_COMMAND)
            .with(Hooks.holding("reassign", release))
            .start()
            .awaitLog(CrashPointConfiguration.HOLDING);
        ChildJvm identical = database.launch(directory, THE_COMMAND).start();
        ChildJvm otherFiles = database
            .launch(directory, List.of("--tenants=other/" + MigrationFiles.TENANTS,
                    "--users=other/" + MigrationFiles.USERS, "--output=other/out"))
            .start();
        Finished second = identical.awaitExit();
        Finished third = otherFiles.awaitExit();
        boolean firstStillRunning = first.isAlive();
        create(release);
        return new InUse(database, directory, second, third, firstStillRunning, first.awaitExit());
    }

    @Test
    void whileARunGoesOnEveryOtherLaunchOnItsPostgresqlDatabaseIsRefusedWithExitCode4() {
        // given a run holding the database (held in its reassign step until both launches
        // ended)
        // when the same command is launched again, and a command with other input files
        InUse migration = (InUse) outcomeOf("in use");

        // then both are refused while the first goes on, and the first completes the
        // migration
        for (Finished refused : List.of(migration.identical(), migration.otherFiles())) {
            assertThat(refused.exitCode()).as("%s", refused).isEqualTo(IN_USE);
            assertThat(refused.stderrLines()).singleElement()
                .asString()
                .isEqualTo("e4-upgrade: the database is in use by another run; nothing done");
        }
        assertThat(migration.directory().resolve("other/out")).as("nothing done by the refused launch").doesNotExist();
        assertThat(migration.firstStillRunning()).as("the first run was still going when both were refused").isTrue();
        assertThat(migration.first().exitCode()).as("the first run: %s", migration.first()).isEqualTo(COMPLETED);
        assertMigratedExactlyOnce(DATA.expected(), migration.directory().resolve("out"), migration.database());
    }

    // --- --stop-at
    // --------------------------------------------------------------------------------------

    record Stopped(TestDatabase database, Path directory, String stopAt, Finished stopped, Finished resumed) {
    }

    private static Stopped stoppedThenResumed(Path directory) {
        TestDatabase database = TestDatabase.Kind.POSTGRESQL.create(directory, "stop_at");
        DATA.writeTo(directory);
        // late enough for the run to have started even on a busy machine (an HH:mm:ss
        // already past when
        // it starts would mean tomorrow); the run is held in its reassign step until that
        // time has passed
        Instant windowCloses = Instant.now().plusSeconds(15);
        String stopAt = LocalTime.ofInstant(windowCloses, ZoneId.systemDefault())
            .truncatedTo(ChronoUnit.SECONDS)
            .format(DateTimeFormatter.ISO_LOCAL_TIME);
        List<String> withStopAt = new ArrayList<>(THE_COMMAND);
        withStopAt.add("--stop-at=" + stopAt);
        Path release = directory.resolve("release-the-run");
        ChildJvm running = database.launch(directory, withStopAt)
            .with(Hooks.holding("reassign", release))
            .start()
            .awaitLog(CrashPointConfiguration.HOLDING);
        ChildJvm.pause(Duration.between(Instant.now(), windowCloses.plusSeconds(1)));
        create(release);
        Finished stopped = running.awaitExit();
        Finished resumed = database.launch(directory, THE_COMMAND).run();
        return new Stopped(database, directory, stopAt, stopped, resumed);
    }

    @Test
    void aRunReachingItsStopAtTimeStopsWithExitCode3AndTheCommandWithoutStopAtCompletesIt() {
        // given a run whose window closes while it moves licenses
        // when it runs, then the command without --stop-at
        Stopped migration = (Stopped) outcomeOf("stop-at");

        // then
        assertThat(migration.stopped().exitCode())
            .as("the run with --stop-at=%s: %s", migration.stopAt(), migration.stopped())
            .isEqualTo(STOPPED);
        assertThat(migration.stopped().stdout()).contains(": STOPPED");
        assertThat(migration.stopped().stderrLines()).singleElement()
            .asString()
            .contains("stopped at a chunk boundary")
            .contains("--stop-at");
        assertThat(migration.resumed().exitCode()).as("the command without --stop-at: %s", migration.resumed())
            .isEqualTo(COMPLETED);
        assertMigratedExactlyOnce(DATA.expected(), migration.directory().resolve("out"), migration.database());
    }

    // --- helpers
    // ------------------------------------------------------------------------------------------

    private static void start(String scenario, Supplier<Object> run) {
        scenarios.put(scenario, CompletableFuture.supplyAsync(run, twoAtATime));
    }

    private static Object outcomeOf(String scenario) {
        try {
            return scenarios.get(scenario).join();
        }
        catch (CompletionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private static void create(Path file) {
        try {
            Files.createFile(file);
        }
        catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Path directory(String name) {
        try {
            return Files.createDirectories(work.resolve(name));
        }
        catch (IOException e) {
            throw new AssertionError(e);
        }
    }

}
