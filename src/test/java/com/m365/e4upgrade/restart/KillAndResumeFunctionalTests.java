package com.m365.e4upgrade.restart;

import static com.m365.e4upgrade.restart.Hooks.holding;
import static com.m365.e4upgrade.restart.Hooks.slowing;
import static com.m365.e4upgrade.testsupport.MigrationFiles.THE_COMMAND;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.m365.e4upgrade.cli.ExitCode;
import com.m365.e4upgrade.testsupport.ChildJvm;
import com.m365.e4upgrade.testsupport.ChildJvm.Finished;
import com.m365.e4upgrade.testsupport.ExactlyOnce;
import com.m365.e4upgrade.testsupport.JobDatabase;
import com.m365.e4upgrade.testsupport.MigrationFiles;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 3: kill the job anywhere, run the same command again, and the migration completes
 * exactly once: no user moved twice or left behind, no subscription settled twice,
 * reports and database in agreement.
 *
 * <p>
 * Every run is the real job in a child JVM, on a real H2 file in a directory of its own.
 * A run is ended by {@code Runtime.halt(137)} at a precise point (inside a chunk, after
 * its writer, or right after a chunk committed: see {@link CrashPointConfiguration}), by
 * SIGKILL, by SIGTERM or by --stop-at; the same command then resumes it. The precise
 * crash points run ahead, two child JVMs at a time, while the other tests run; their test
 * only checks the outcome.
 *
 * <p>
 * Every test runs the command as shipped: its default H2 URL sets WRITE_DELAY=0, so
 * "right after chunk N committed" really is on disk when the process dies.
 */
@DisplayName("Kill anywhere, resume exactly once")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KillAndResumeFunctionalTests {

    private static final String REASSIGN_STARTED = "Executing step: [reassign]";

    private static final int KILLED = ChildJvm.KILLED;

    private static final int COMPLETED = ExitCode.COMPLETED.code();

    private static final int STOPPED = ExitCode.STOPPED.code();

    private static final int IN_USE = ExitCode.IN_USE.code();

    private static final Map<CrashPoint, CompletableFuture<KilledAndResumed>> crashedAndResumed = new ConcurrentHashMap<>();

    private static ExecutorService twoRunsAtATime;

    @TempDir
    static Path shared;

    @BeforeAll
    static void haltARunAtEveryCrashPointThenRunTheSameCommandAgain() {
        twoRunsAtATime = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "crash-points");
            thread.setDaemon(true);
            return thread;
        });
        crashPoints().forEach(point -> crashedAndResumed.put(point, CompletableFuture
            .supplyAsync(() -> haltThenResume(point, shared.resolve(point.directoryName())), twoRunsAtATime)));
    }

    @AfterAll
    static void stopWhatIsLeft() throws InterruptedException {
        // only when the class is cut short (or a single test was chosen): every child is
        // ended first
        twoRunsAtATime.shutdownNow();
        twoRunsAtATime.awaitTermination(30, TimeUnit.SECONDS);
    }

    // --- (a) a precise crash point in every step that writes
    // ---------------------------------

    static Stream<CrashPoint> crashPoints() {
        return Stream.of(CrashPoint.inside("importTenants", 1), CrashPoint.rightAfterCommitOf("importTenants", 1),
                CrashPoint.inside("importUsers", 2), CrashPoint.rightAfterCommitOf("importUsers", 2),
                CrashPoint.inside("eligibility", 1), CrashPoint.rightAfterCommitOf("eligibility", 1),
                CrashPoint.inside("plan", 2), CrashPoint.rightAfterCommitOf("plan", 2),
                CrashPoint.inside("reassign", 37), CrashPoint.rightAfterCommitOf("reassign", 21),
                // more migrating tenants than one cancel chunk (200) holds
                CrashPoint.inside("cancel", 2).with(DataSet.TWO_HUNDRED_THIRTY_TENANTS),
                CrashPoint.rightAfterCommitOf("cancel", 1).with(DataSet.TWO_HUNDRED_THIRTY_TENANTS),
                CrashPoint.inside("reassignmentsReport", 2), CrashPoint.rightAfterCommitOf("reassignmentsReport", 1));
    }

    @Order(10)
    @ParameterizedTest(name = "{0}")
    @MethodSource("crashPoints")
    void aRunHaltedAtAnyChunkOfAnyStepIsCompletedExactlyOnceByTheSameCommand(CrashPoint crashPoint) {
        // given a run of the job halted (as by kill -9) at the crash point
        // when the same command is run again
        KilledAndResumed migration = outcomeOf(crashPoint);

        // then the first run died there, and the second completed the migration exactly
        // once
        assertThat(migration.halted().exitCode()).as("the halted run: %s", migration.halted()).isEqualTo(KILLED);
        assertThat(migration.resumed().exitCode()).as("the same command again: %s", migration.resumed())
            .isEqualTo(COMPLETED);
        assertThat(migration.resumed().stdout()).contains(": COMPLETED");
        assertEveryErrorOutputIsOneLineAtMost(migration.halted(), migration.resumed());
        assertMigratedExactlyOnce(migration.files(), migration.directory());
    }

    // --- (b) a real SIGKILL
    // ----------------------------------------------------------------------

    @Order(1)
    @Test
    void aRunKilledWhileLicensesAreMovingIsCompletedExactlyOnceByTheSameCommand(@TempDir Path migration) {
        // given
        MigrationFiles files = MigrationFiles.sixtyTenantsOfTwentyFiveUsers().writeTo(migration);
        ChildJvm running = theCommandIn(migration).start().awaitLog(REASSIGN_STARTED);

        // when it is killed with SIGKILL, then the same command is run again
        Finished killed = running.kill().awaitExit();
        Finished resumed = theCommandIn(migration).run();

        // then
        assertThat(killed.exitCode()).as("the killed run: %s", killed).isEqualTo(KILLED);
        assertThat(resumed.exitCode()).as("the same command again: %s", resumed).isEqualTo(COMPLETED);
        assertEveryErrorOutputIsOneLineAtMost(killed, resumed);
        assertMigratedExactlyOnce(files, migration);
    }

    // --- (c) SIGTERM
    // ------------------------------------------------------------------------------

    @Order(2)
    @Test
    void aRunAskedToTerminateStopsAtAChunkBoundaryWithExitCode3AndTheSameCommandCompletesIt(@TempDir Path migration) {
        // given a run moving licenses
        MigrationFiles files = MigrationFiles.sixtyTenantsOfTwentyFiveUsers().writeTo(migration);
        ChildJvm running = theCommandIn(migration).with(slowing("reassign", Duration.ofMillis(50)))
            .start()
            .awaitLog(REASSIGN_STARTED);
        ChildJvm.pause(Duration.ofSeconds(1)); // some write batches committed, most still
                                               // to go

        // when it receives SIGTERM, then the same command is run again
        Finished terminated = running.terminate().awaitExit();
        String recordedStatus = JobDatabase.defaultH2FileIn(migration).lastJobExecutionStatus();
        Finished resumed = theCommandIn(migration).run();

        // then
        assertThat(terminated.exitCode()).as("the terminated run: %s", terminated).isEqualTo(STOPPED);
        assertThat(terminated.stdout()).contains(": STOPPED");
        assertThat(terminated.stderrLines()).singleElement().asString().contains("stopped at a chunk boundary");
        assertThat(resumed.exitCode()).as("the same command again: %s", resumed).isEqualTo(COMPLETED);
        assertEveryErrorOutputIsOneLineAtMost(terminated, resumed);
        assertMigratedExactlyOnce(files, migration);
        assertThat(recordedStatus).as("the terminated run's status in the job repository").isEqualTo("STOPPED");
    }

    // --- (d) --stop-at
    // ----------------------------------------------------------------------------

    @Order(3)
    @Test
    void aRunReachingItsStopAtTimeStopsWithExitCode3AndTheCommandWithoutStopAtCompletesIt(@TempDir Path migration) {
        // given a run whose window closes in about 25 seconds, while it is still moving
        // licenses
        // (not sooner: the window is set when the application starts, which takes a while
        // on a busy
        // machine, and a time already past then would mean tomorrow)
        MigrationFiles files = MigrationFiles.sixtyTenantsOfTwentyFiveUsers().writeTo(migration);
        String stopAt = LocalTime.now()
            .plusSeconds(26)
            .truncatedTo(ChronoUnit.SECONDS)
            .format(DateTimeFormatter.ISO_LOCAL_TIME);
        List<String> withStopAt = new ArrayList<>(THE_COMMAND);
        withStopAt.add("--stop-at=" + stopAt);

        // when it runs, then the command without --stop-at is run again
        Finished stopped = ChildJvm.in(migration)
            .with(slowing("reassign", Duration.ofMillis(300)))
            .arguments(withStopAt)
            .run();
        String recordedStatus = JobDatabase.defaultH2FileIn(migration).lastJobExecutionStatus();
        Finished resumed = theCommandIn(migration).run();

        // then
        assertThat(stopped.exitCode()).as("the run with --stop-at=%s: %s", stopAt, stopped).isEqualTo(STOPPED);
        assertThat(stopped.stdout()).contains(": STOPPED");
        assertThat(stopped.stderrLines()).singleElement().asString().contains("--stop-at");
        assertThat(resumed.exitCode()).as("the command without --stop-at: %s", resumed).isEqualTo(COMPLETED);
        assertEveryErrorOutputIsOneLineAtMost(stopped, resumed);
        assertMigratedExactlyOnce(files, migration);
        assertThat(recordedStatus).as("the stopped run's status in the job repository").isEqualTo("STOPPED");
    }

    // --- (e) a second launch on the same database
    // -------------------------------------------------

    @Order(4)
    @Test
    void whileAMigrationRunsEveryOtherLaunchOnItsDatabaseIsRefusedWithExitCode4AndTheRunIsUnharmed(
            @TempDir Path migration) {
        // given a run moving licenses (held in its first write batch until the test lets
        // it go on)
        MigrationFiles files = MigrationFiles.sixtyTenantsOfTwentyFiveUsers().writeTo(migration);
        MigrationFiles.named("other files").tenant(tenant -> tenant.user(user -> {
        })).writeTo(migration.resolve("other"));
        Path goOn = migration.resolve("go-on");
        ChildJvm first = theCommandIn(migration).with(holding("reassign", goOn)).start().awaitLog(REASSIGN_STARTED);

        // when the same command is launched again, and a command with other input files
        // too
        ChildJvm identical = theCommandIn(migration).start();
        ChildJvm otherFiles = ChildJvm.in(migration)
            .arguments(List.of("--tenants=other/" + MigrationFiles.TENANTS, "--users=other/" + MigrationFiles.USERS,
                    "--output=other/out"))
            .start();
        Finished second;
        Finished third;
        boolean firstStillRunning;
        try {
            second = identical.awaitExit();
            third = otherFiles.awaitExit();
            firstStillRunning = first.isAlive();
        }
        finally {
            createFile(goOn);
        }
        Finished firstRun = first.awaitExit();

        // then both are refused at once, while the first run goes on, and it completes
        // the migration
        assertThat(second.exitCode()).as("the identical launch: %s", second).isEqualTo(IN_USE);
        assertThat(second.stderrLines()).singleElement().asString().contains("in use by another run");
        assertThat(third.exitCode()).as("the launch with other files: %s", third).isEqualTo(IN_USE);
        assertThat(third.stderrLines()).singleElement().asString().contains("in use by another run");
        assertThat(migration.resolve("other/out")).as("nothing done by the refused launch").doesNotExist();
        assertThat(firstStillRunning).as("the first run was still going when both were refused").isTrue();
        assertThat(firstRun.exitCode()).as("the first run: %s", firstRun).isEqualTo(COMPLETED);
        assertEveryErrorOutputIsOneLineAtMost(firstRun, second, third);
        assertMigratedExactlyOnce(files, migration);
    }

    // --- helpers
    // ------------------------------------------------------------------------------------

    /**
     * The command as shipped, in the migration's directory, on its default H2 file there.
     */
    private static ChildJvm.Launch theCommandIn(Path migration) {
        return ChildJvm.in(migration).arguments(THE_COMMAND);
    }

    /**
     * The migration of these files in this directory completed exactly once: reports,
     * summary and its H2 file.
     */
    private static void assertMigratedExactlyOnce(MigrationFiles files, Path migration) {
        ExactlyOnce.assertMigratedExactlyOnce(files.expected(), migration.resolve("out"),
                JobDatabase.defaultH2FileIn(migration));
    }

    private static void createFile(Path file) {
        try {
            Files.createFile(file);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertEveryErrorOutputIsOneLineAtMost(Finished... runs) {
        for (Finished run : runs) {
            assertThat(run.stderrLines()).as("standard error of %s", run)
                .hasSizeLessThanOrEqualTo(1)
                .noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"));
        }
    }

    private static KilledAndResumed haltThenResume(CrashPoint crashPoint, Path directory) {
        MigrationFiles files = crashPoint.dataSet().files().writeTo(directory);
        Finished halted = theCommandIn(directory).with(crashPoint.hook()).run();
        Finished resumed = theCommandIn(directory).run();
        return new KilledAndResumed(files, directory, halted, resumed);
    }

    private static KilledAndResumed outcomeOf(CrashPoint crashPoint) {
        try {
            return crashedAndResumed.get(crashPoint).join();
        }
        catch (CompletionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    record KilledAndResumed(MigrationFiles files, Path directory, Finished halted, Finished resumed) {
    }

    enum DataSet {

        SIXTY_TENANTS_OF_TWENTY_FIVE_USERS("60 tenants x 25 users", MigrationFiles::sixtyTenantsOfTwentyFiveUsers),
        TWO_HUNDRED_THIRTY_TENANTS("230 tenants x 2 users", MigrationFiles::twoHundredThirtyTenantsOfTwoUsers);

        private final String label;

        private final Supplier<MigrationFiles> files;

        DataSet(String label, Supplier<MigrationFiles> files) {
            this.label = label;
            this.files = files;
        }

        @Override
        public String toString() {
            return label;
        }

        MigrationFiles files() {
            return files.get();
        }

    }

    /**
     * Where a run is halted: inside the N-th chunk of a step (before its commit), or
     * right after it committed.
     */
    record CrashPoint(String step, boolean inside, int chunk, DataSet dataSet) {

        static CrashPoint inside(String step, int chunk) {
            return new CrashPoint(step, true, chunk, DataSet.SIXTY_TENANTS_OF_TWENTY_FIVE_USERS);
        }

        static CrashPoint rightAfterCommitOf(String step, int chunk) {
            return new CrashPoint(step, false, chunk, DataSet.SIXTY_TENANTS_OF_TWENTY_FIVE_USERS);
        }

        CrashPoint with(DataSet data) {
            return new CrashPoint(step, inside, chunk, data);
        }

        Consumer<ChildJvm.Launch> hook() {
            return inside ? Hooks.haltingInside(step, chunk) : Hooks.haltingAfterCommitOf(step, chunk);
        }

        String directoryName() {
            return step + (inside ? "-inside-" : "-after-") + chunk;
        }

        @Override
        public String toString() {
            return (inside ? "halted inside chunk " + chunk + " of " + step + ", before its commit"
                    : "halted right after chunk " + chunk + " of " + step + " committed") + " (" + dataSet + ")";
        }
    }

}
