package com.m365.e4upgrade.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.m365.e4upgrade.batch.MigrationParameters;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.StepExecution;

import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes the run's progress beside its H2 file ({@link RunSnapshot}), because the
 * {@code status} command cannot open the file while the run holds it. At the start, then
 * at most once a second when something changed (a step started or ended, a chunk
 * committed), then at the end. It reads the run's step executions in memory, never the
 * database, so it takes no connection from the run; it writes to a temporary file and
 * moves it in place, so a reader never sees half a snapshot. A failure to write is logged
 * and never fails the run. Without an H2 file (PostgreSQL) it does nothing: the status
 * command reads the tables there.
 */
public class RunSnapshotWriter implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(RunSnapshotWriter.class);

    private final Path file;

    private final JsonMapper json = JsonMapper.builder().build();

    private ScheduledExecutorService ticker;

    private String lastWritten;

    /** Writes to this file; null writes nothing. */
    public RunSnapshotWriter(Path file) {
        this.file = file;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        if (file == null) {
            return;
        }
        publish(execution);
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "e4-upgrade-status-snapshot");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(() -> publish(execution), 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void afterJob(JobExecution execution) {
        if (file == null) {
            return;
        }
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publish(execution);
    }

    private synchronized void publish(JobExecution execution) {
        try {
            String text = json.writeValueAsString(snapshotOf(execution));
            // updatedAt aside, unchanged progress is not written again
            String withoutTime = text.replaceFirst("\"updatedAt\":\"[^\"]*\"", "");
            if (Objects.equals(withoutTime, lastWritten)) {
                return;
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(),
                    ".tmp");
            Files.writeString(temporary, text);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            lastWritten = withoutTime;
        }
        catch (IOException | RuntimeException e) {
            // the steps may be changing under us; the next tick tries again
            log.debug("Could not publish the run's status snapshot to {}", file, e);
        }
    }

    static RunSnapshot snapshotOf(JobExecution execution) {
        List<RunSnapshot.Step> steps = new ArrayList<>();
        for (StepExecution step : List.copyOf(execution.getStepExecutions())) {
            steps.add(new RunSnapshot.Step(step.getStepName(), step.getStatus().name(), step.getReadCount(),
                    step.getWriteCount(), text(step.getStartTime()), text(step.getEndTime())));
        }
        var parameters = execution.getJobParameters();
        return new RunSnapshot(execution.getJobInstanceId(), execution.getId(), ProcessHandle.current().pid(),
                execution.getStatus().name(), Boolean.parseBoolean(parameters.getString(MigrationParameters.DRY_RUN)),
                parameters.getString(MigrationParameters.TENANTS_FILE),
                parameters.getString(MigrationParameters.USERS_FILE), text(execution.getStartTime()),
                LocalDateTime.now().toString(), steps);
    }

    private static String text(LocalDateTime time) {
        return time == null ? null : time.toString();
    }

}
