package com.m365.e4upgrade.console.runs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import com.m365.e4upgrade.batch.MigrationParameters;
import com.m365.e4upgrade.batch.RunControl;
import com.m365.e4upgrade.job.AbandonedExecutions;
import com.m365.e4upgrade.licensing.WriteBatch;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.DisposableBean;

/**
 * Starts, stops and resumes migrations from the console: the command line's job, launched
 * through a {@code JobOperator} of the console's own that runs it on a background thread,
 * one migration at a time. Each run holds the job's run lock (the PostgreSQL advisory
 * lock; on H2 the console's process holds the file anyway) from its start to its end, so
 * a command-line run on the same database is refused while it goes (exit 4), and the
 * console refuses to start while a command-line run holds the database.
 */
public class MigrationRuns implements DisposableBean {

    /**
     * What a start or resume did: started a run now, or found the migration done or
     * running.
     */
    public record Launch(long migrationId, long executionId, String status, boolean started) {
    }

    /** The migration the console runs now. */
    public record Running(long migrationId, long executionId) {
    }

    private final JobRepository repository;

    private final Job job;

    private final RunControl runControl;

    private final ConsoleRepository console;

    private final ConsoleSettings settings;

    private final AbandonedExecutions abandoned;

    private final TaskExecutorJobOperator operator = new TaskExecutorJobOperator();

    private final RunSlot slot;

    public MigrationRuns(JobRepository repository, Job job, RunControl runControl, DataSource dataSource,
            ConsoleRepository console, ConsoleSettings settings) throws Exception {
        this.repository = repository;
        this.job = job;
        this.runControl = runControl;
        this.console = console;
        this.settings = settings;
        this.abandoned = new AbandonedExecutions(repository);
        this.slot = new RunSlot(dataSource);
        MapJobRegistry registry = new MapJobRegistry();
        registry.register(job);
        operator.setJobRepository(repository);
        operator.setJobRegistry(registry);
        operator.setTaskExecutor(slot.executor());
        operator.afterPropertiesSet();
    }

    /** A new migration of two kept uploads, or the same one again. */
    public Launch start(StoredUpload tenants, StoredUpload users, RunOptions options, String actor) {
        Path output = outputOf(tenants.sha256(), users.sha256(), options.sourceSku(), options.dryRun());
        JobParameters parameters = parameters(tenants.path(), users.path(), options.sourceSku(), options.dryRun(),
                output, options.maxRejects(), options.locale());
        return launch(parameters, options.stopAt(), actor,
                "uploaded " + tenants.originalName() + " and " + users.originalName());
    }

    /** The real run of a completed preview (a dry run), on the same files. */
    public Launch startRealRun(long previewId, String actor) {
        JobExecution preview = lastExecution(previewId);
        JobParameters shown = preview.getJobParameters();
        if (!Boolean.parseBoolean(shown.getString(MigrationParameters.DRY_RUN))) {
            throw ConsoleProblem.conflict("migration " + previewId + " is not a preview (dry run)");
        }
        if (preview.getStatus() != BatchStatus.COMPLETED) {
            throw ConsoleProblem.conflict("the preview " + previewId + " has not completed: review it first");
        }
        Path tenants = Path.of(shown.getString(MigrationParameters.TENANTS_FILE));
        Path users = Path.of(shown.getString(MigrationParameters.USERS_FILE));
        if (!Files.isReadable(tenants) || !Files.isReadable(users)) {
            throw ConsoleProblem
                .conflict("the files of the preview " + previewId + " are no longer there: upload them again");
        }
        String sourceSku = shown.getString(MigrationParameters.SOURCE_SKU);
        // where an upload of the same files for a real run would put its reports: one
        // migration, one folder
        Path output = outputOf(shown.getString(MigrationParameters.TENANTS_DIGEST),
                shown.getString(MigrationParameters.USERS_DIGEST), sourceSku, false);
        JobParameters parameters = parameters(tenants, users, sourceSku, false, output,
                shown.getLong(MigrationParameters.MAX_REJECTS).intValue(),
                Locale.forLanguageTag(shown.getString(MigrationParameters.LOCALE)));
        if (!parameters.getString(MigrationParameters.TENANTS_DIGEST)
            .equals(shown.getString(MigrationParameters.TENANTS_DIGEST))
                || !parameters.getString(MigrationParameters.USERS_DIGEST)
                    .equals(shown.getString(MigrationParameters.USERS_DIGEST))) {
            throw ConsoleProblem.conflict("the files of the preview " + previewId + " have changed since it ran");
        }
        return launch(parameters, null, actor, "the real run of preview " + previewId);
    }

    /** Runs a failed or stopped migration again from its last committed chunk. */
    public Launch resume(long migrationId, String actor) {
        JobExecution last = lastExecution(migrationId);
        if (last.getStatus() == BatchStatus.COMPLETED) {
            throw ConsoleProblem.conflict("migration " + migrationId + " has completed: nothing to resume");
        }
        return launch(last.getJobParameters(), null, actor, null);
    }

    /** Asks the running migration to stop at its next chunk boundary. */
    public void stop(long migrationId, String actor) {
        if (slot.running().filter(run -> run.migrationId() == migrationId).isEmpty()) {
            throw ConsoleProblem.conflict("migration " + migrationId + " is not running in this console");
        }
        runControl.requestStop("stopped from the console by " + actor);
        console.audit(migrationId, "STOPPED", actor, "at the next chunk boundary");
    }

    public Optional<Running> running() {
        return slot.running();
    }

    private Launch launch(JobParameters parameters, LocalTime stopAt, String actor, String how) {
        synchronized (slot) {
            JobInstance existing = repository.getJobInstance(job.getName(), parameters);
            JobExecution last = existing == null ? null : repository.getLastJobExecution(existing);
            if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
                return new Launch(existing.getInstanceId(), last.getId(), last.getStatus().name(), false);
            }
            Optional<Running> going = slot.running();
            if (existing != null && going.isPresent() && going.get().migrationId() == existing.getInstanceId()) {
                return new Launch(going.get().migrationId(), going.get().executionId(), "STARTED", false);
            }
            RunSlot.Held held = slot.occupy();
            try {
                // the run lock is ours: whatever is still marked running was left by a
                // process
                // that ended
                abandoned.recover(job.getName(), parameters);
                runControl.startRun(stopAt);
                JobExecution execution = operator.start(job, parameters);
                held.migrationId = execution.getJobInstanceId();
                held.executionId = execution.getId();
                boolean uploaded = how != null && how.startsWith("uploaded");
                if (uploaded && existing == null) {
                    console.audit(held.migrationId, "UPLOADED", actor, how);
                }
                console.audit(held.migrationId, existing == null ? "STARTED" : "RESUMED", actor,
                        "run " + execution.getId() + (how == null || uploaded ? "" : ", " + how)
                                + (stopAt == null ? "" : ", --stop-at " + stopAt));
                return new Launch(held.migrationId, held.executionId, execution.getStatus().name(), true);
            }
            catch (JobInstanceAlreadyCompleteException e) {
                slot.abandon(held);
                throw ConsoleProblem.conflict("this migration has completed: nothing to do");
            }
            catch (Exception e) {
                slot.abandon(held);
                if (e instanceof ConsoleProblem problem) {
                    throw problem;
                }
                throw new IllegalStateException("Could not start the migration: " + e.getMessage(), e);
            }
        }
    }

    private JobExecution lastExecution(long migrationId) {
        JobInstance instance = repository.getJobInstance(migrationId);
        JobExecution last = instance == null ? null : repository.getLastJobExecution(instance);
        if (last == null) {
            throw ConsoleProblem.notFound("no migration " + migrationId);
        }
        return last;
    }

    private static JobParameters parameters(Path tenants, Path users, String sourceSku, boolean dryRun, Path output,
            int maxRejects, Locale locale) {
        try {
            return MigrationParameters.of(tenants, users, sourceSku, dryRun, output, maxRejects, locale,
                    WriteBatch.MAX_USERS);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A migration's output folder, named by what identifies the migration. */
    private Path outputOf(String tenantsDigest, String usersDigest, String sourceSku, boolean dryRun) {
        return settings.outputs()
            .resolve(shortDigest(tenantsDigest + usersDigest + sourceSku + dryRun))
            .toAbsolutePath();
    }

    private static String shortDigest(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 8);
        }
        catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A shutdown stops the running migration at a chunk boundary: the same migration
     * resumes.
     */
    @Override
    public void destroy() throws InterruptedException {
        if (slot.busy()) {
            runControl.requestStop("the console is shutting down");
            slot.running()
                .ifPresent(run -> console.audit(run.migrationId(), "STOPPED", "console",
                        "the console is shutting down; resume carries on"));
        }
        slot.close();
    }

}
