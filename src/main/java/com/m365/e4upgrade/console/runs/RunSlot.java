package com.m365.e4upgrade.console.runs;

import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import com.m365.e4upgrade.job.DatabaseRunLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.task.TaskExecutor;

/**
 * The console's one run at a time: the background thread a migration runs on, and the
 * job's run lock it holds from its launch to its end (the PostgreSQL advisory lock the
 * command line takes too; on H2 the console's process holds the file anyway, so a
 * command-line run on it is refused while the console serves).
 */
class RunSlot {

    private static final Logger log = LoggerFactory.getLogger(RunSlot.class);

    private final DataSource dataSource;

    private final ExecutorService runner = Executors.newSingleThreadExecutor(task -> new Thread(task, "console-run"));

    private final AtomicReference<Held> current = new AtomicReference<>();

    RunSlot(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The migration the console runs now, once its launch has named it. */
    Optional<MigrationRuns.Running> running() {
        Held held = current.get();
        return held == null || held.migrationId < 0 ? Optional.empty()
                : Optional.of(new MigrationRuns.Running(held.migrationId, held.executionId));
    }

    boolean busy() {
        return current.get() != null;
    }

    /**
     * Takes the slot and the run lock for a launch.
     * @throws ConsoleProblem 409 when a run holds either
     */
    Held occupy() {
        Held busy = current.get();
        if (busy != null) {
            throw ConsoleProblem.conflict("migration " + busy.migrationId
                    + " is running: the console runs one migration at a time; nothing done");
        }
        DatabaseRunLock lock;
        try {
            lock = DatabaseRunLock.tryAcquire(dataSource);
        }
        catch (SQLException e) {
            throw new IllegalStateException("Cannot take the run lock: " + e.getMessage(), e);
        }
        if (lock == null) {
            throw ConsoleProblem.conflict("the database is in use by another run; nothing done");
        }
        Held held = new Held(lock);
        current.set(held);
        return held;
    }

    /**
     * What the console's JobOperator runs a job on: the slot's thread, freed at the end.
     */
    TaskExecutor executor() {
        return jobRun -> {
            Held held = current.get();
            held.submitted = true;
            runner.execute(() -> {
                try {
                    jobRun.run();
                }
                finally {
                    held.release();
                    current.compareAndSet(held, null);
                }
            });
        };
    }

    /** Frees the slot of a launch that failed before its run was handed to the thread. */
    void abandon(Held held) {
        if (!held.submitted) {
            held.release();
            current.compareAndSet(held, null);
        }
    }

    /** Waits for the run going, if any (which the caller has asked to stop). */
    void close() throws InterruptedException {
        runner.shutdown();
        if (!runner.awaitTermination(2, TimeUnit.MINUTES)) {
            log.warn("The running migration did not stop within 2 minutes of the console's shutdown");
        }
    }

    /** A launch holding the slot, and which run it is once known. */
    static final class Held {

        private final DatabaseRunLock lock;

        volatile long migrationId = -1;

        volatile long executionId = -1;

        private volatile boolean submitted;

        private Held(DatabaseRunLock lock) {
            this.lock = lock;
        }

        private void release() {
            try {
                lock.close();
            }
            catch (SQLException e) {
                log.warn("Could not release the run lock", e);
            }
        }

    }

}
