package com.m365.e4upgrade.restart;

import static com.m365.e4upgrade.testsupport.ExactlyOnce.assertMigratedExactlyOnce;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.m365.e4upgrade.cli.ExitCode;
import com.m365.e4upgrade.testsupport.ChildJvm;
import com.m365.e4upgrade.testsupport.ChildJvm.Finished;
import com.m365.e4upgrade.testsupport.JobDatabase;
import com.m365.e4upgrade.testsupport.MigrationFiles;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A process that ends without closing its executions leaves them STARTING, STARTED or
 * STOPPING in the job repository: the job execution, a step, a partition. Whatever it
 * left, the same command run again recovers it and completes the migration exactly once,
 * instead of answering "in use by another run" (exit 4) for ever.
 *
 * <p>
 * Every case starts from a copy of one real dead run: the job in a child JVM, halted (as
 * by kill -9) inside a chunk while its three partitions move licenses; the statuses the
 * case is about are then written into the copy's BATCH_JOB_EXECUTION and
 * BATCH_STEP_EXECUTION tables.
 */
@DisplayName("Executions left running by a process that ended never lock the migration out")
class LeftRunningFunctionalTests {

    private static final List<String> THE_COMMAND = Stream
        .concat(MigrationFiles.THE_COMMAND.stream(), Stream.of("--parallelism=3"))
        .toList();

    private static final String PARTITION = "reassignPartition:partition0";

    private static final String REASSIGN = "reassign";

    private static final String RUNNING = "('STARTING', 'STARTED', 'STOPPING')";

    private static final int KILLED = ChildJvm.KILLED;

    private static final int COMPLETED = ExitCode.COMPLETED.code();

    /**
     * The statuses a process can leave behind when it ends without closing an execution.
     */
    enum Left {

        STARTING, STARTED, STOPPING

    }

    @TempDir
    static Path shared;

    private static MigrationFiles files;

    private static Path deadRun;

    @TempDir
    private Path directory;

    @BeforeAll
    static void aRunHaltedWhileItsPartitionsMoveLicenses() {
        deadRun = shared.resolve("dead-run");
        files = MigrationFiles.sixtyTenantsOfTwentyFiveUsers().writeTo(deadRun);
        Finished halted = ChildJvm.in(deadRun).with(Hooks.haltingInside(REASSIGN, 20)).arguments(THE_COMMAND).run();
        assertThat(halted.exitCode()).as("the halted run: %s", halted).isEqualTo(KILLED);
        assertThat(JobDatabase.defaultH2FileIn(deadRun).lastJobExecutionStatus()).as("the halted run's job execution")
            .isEqualTo("STARTED");
    }

    static Stream<Arguments> stepsLeftRunningByARunThatFailed() {
        return Stream.of(Left.values())
            .flatMap(left -> Stream.of(Arguments.of(PARTITION, left), Arguments.of(REASSIGN, left)));
    }

    @ParameterizedTest(name = "{0} left {1}")
    @MethodSource("stepsLeftRunningByARunThatFailed")
    void aRunThatEndedFailedButLeftAStepRunningIsCompletedExactlyOnceByTheSameCommand(String step, Left left) {
        // given a run that ended FAILED, as a partition handler failure ends it, but left
        // one step execution running
        Path migration = copyOfTheDeadRun();
        long leftBehind = inTheJobRepository(migration, db -> {
            update(db,
                    "UPDATE batch_job_execution SET status = 'FAILED', end_time = CURRENT_TIMESTAMP, exit_code = 'FAILED', "
                            + "exit_message = 'Partition handler returned an unsuccessful step'");
            update(db,
                    "UPDATE batch_step_execution SET status = 'FAILED', end_time = CURRENT_TIMESTAMP, exit_code = 'FAILED' "
                            + "WHERE status <> 'COMPLETED'");
            update(db, "UPDATE batch_step_execution SET status = '" + left
                    + "', end_time = NULL, exit_code = 'EXECUTING' " + "WHERE step_name = '" + step + "'");
            return JobDatabase.single(db,
                    "SELECT step_execution_id FROM batch_step_execution WHERE step_name = '" + step + "'");
        });

        // when the same command is run again
        Finished resumed = ChildJvm.in(migration).arguments(THE_COMMAND).run();

        // then it recovers that step execution alone and completes the migration exactly
        // once
        assertCompletedExactlyOnce(migration, resumed);
        assertThat(recoveredStepExecutions(migration)).as("step executions recovered by the run")
            .containsExactly(leftBehind + " (" + step + ")");
        assertThat(recoveredJobExecutions(migration)).as("job executions recovered by the run").isEmpty();
        assertThat(exitOfStepExecution(migration, leftBehind))
            .startsWith("FAILED FAILED Left " + left + " by a process that ended");
    }

    @ParameterizedTest(name = "job execution left {0}, its steps STARTED")
    @EnumSource(Left.class)
    void aRunLeftRunningByAProcessThatEndedIsCompletedExactlyOnceByTheSameCommand(Left left) {
        // given a run whose process ended while its job execution was in that status and
        // its steps STARTED
        Path migration = copyOfTheDeadRun();
        long jobExecution = inTheJobRepository(migration,
                db -> JobDatabase.single(db, "SELECT job_execution_id FROM batch_job_execution"));
        List<String> leftBehind = inTheJobRepository(migration, db -> {
            update(db,
                    "UPDATE batch_job_execution SET status = '" + left + "', end_time = NULL, exit_code = 'UNKNOWN'");
            update(db, "UPDATE batch_step_execution SET status = 'STARTED', end_time = NULL, exit_code = 'EXECUTING' "
                    + "WHERE status <> 'COMPLETED'");
            List<String> steps = new ArrayList<>();
            JobDatabase.query(db,
                    "SELECT step_execution_id, step_name FROM batch_step_execution WHERE status = 'STARTED'",
                    rs -> steps.add(rs.getLong(1) + " (" + rs.getString(2) + ")"));
            return steps;
        });

        // when the same command is run again
        Finished resumed = ChildJvm.in(migration).arguments(THE_COMMAND).run();

        // then it recovers the job execution and each of those steps once, and completes
        // the migration exactly once
        assertCompletedExactlyOnce(migration, resumed);
        assertThat(leftBehind).as("steps the dead run left STARTED")
            .anyMatch(execution -> execution.endsWith("(" + REASSIGN + ")"))
            .anyMatch(execution -> execution.endsWith("(" + PARTITION + ")"));
        assertThat(recoveredStepExecutions(migration)).as("step executions recovered by the run")
            .containsExactlyInAnyOrderElementsOf(leftBehind);
        assertThat(recoveredJobExecutions(migration)).as("job executions recovered by the run")
            .containsExactly(jobExecution + " left " + left);
        assertThat(exitOfJobExecution(migration, jobExecution))
            .startsWith("FAILED FAILED Left " + left + " by a process that ended");
    }

    // --- helpers
    // ------------------------------------------------------------------------------------

    private void assertCompletedExactlyOnce(Path migration, Finished resumed) {
        assertThat(resumed.exitCode()).as("the same command again: %s", resumed).isEqualTo(COMPLETED);
        assertThat(resumed.stdout()).contains(": COMPLETED");
        assertThat(resumed.stderrLines()).as("standard error of %s", resumed).isEmpty();
        assertMigratedExactlyOnce(files.expected(), migration.resolve("out"), JobDatabase.defaultH2FileIn(migration));
        inTheJobRepository(migration, db -> {
            assertThat(JobDatabase.single(db, "SELECT COUNT(*) FROM batch_job_execution WHERE status IN " + RUNNING))
                .as("job executions still marked running")
                .isZero();
            assertThat(JobDatabase.single(db, "SELECT COUNT(*) FROM batch_step_execution WHERE status IN " + RUNNING))
                .as("step executions still marked running")
                .isZero();
            assertThat(JobDatabase.single(db,
                    "SELECT COUNT(*) FROM batch_step_execution WHERE status <> 'COMPLETED' AND end_time IS NULL"))
                .as("step executions without an end time")
                .isZero();
            return null;
        });
    }

    /**
     * The dead run's directory, copied without its console output and log: they will hold
     * the next run's only.
     */
    private Path copyOfTheDeadRun() {
        try (Stream<Path> paths = Files.walk(deadRun)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path relative = deadRun.relativize(path);
                if (relative.startsWith("console") || relative.startsWith("logs")) {
                    continue;
                }
                Path target = directory.resolve(relative.toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                }
                else {
                    Files.copy(path, target);
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return directory;
    }

    private static <T> T inTheJobRepository(Path migration, JobDatabase.Work<T> work) {
        return JobDatabase.defaultH2FileIn(migration).use(work);
    }

    private static void update(Connection db, String sql) throws SQLException {
        try (var statement = db.createStatement()) {
            assertThat(statement.executeUpdate(sql)).as(sql).isPositive();
        }
    }

    private static String exitOfStepExecution(Path migration, long id) {
        return exit(migration, "batch_step_execution WHERE step_execution_id = " + id);
    }

    private static String exitOfJobExecution(Path migration, long id) {
        return exit(migration, "batch_job_execution WHERE job_execution_id = " + id);
    }

    /** "STATUS EXIT_CODE EXIT_MESSAGE" of one execution, once it has an end time. */
    private static String exit(Path migration, String executionWhere) {
        return inTheJobRepository(migration, db -> {
            List<String> exit = new ArrayList<>();
            JobDatabase.query(db,
                    "SELECT status, exit_code, exit_message FROM " + executionWhere + " AND end_time IS NOT NULL",
                    rs -> exit.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3)));
            assertThat(exit).as("the execution, ended, in %s", executionWhere).hasSize(1);
            return exit.get(0);
        });
    }

    /** "ID (STEP_NAME)" of each step execution the run's log says it recovered. */
    private static List<String> recoveredStepExecutions(Path migration) {
        return logLines(migration, "Recovered step execution ").stream()
            .map(line -> line.replaceAll(".*Recovered step execution (\\d+) \\(([^)]+)\\).*", "$1 ($2)"))
            .toList();
    }

    /** "ID left STATUS" of each job execution the run's log says it recovered. */
    private static List<String> recoveredJobExecutions(Path migration) {
        return logLines(migration, "Recovered job execution ").stream()
            .map(line -> line.replaceAll(".*Recovered job execution (\\d+): left (\\w+) .*", "$1 left $2"))
            .toList();
    }

    private static List<String> logLines(Path migration, String text) {
        return ChildJvm.read(migration.resolve(ChildJvm.LOG_FILE))
            .lines()
            .filter(line -> line.contains(text))
            .peek(line -> assertThat(line).as("log level of a recovery").contains("WARN"))
            .toList();
    }

}
