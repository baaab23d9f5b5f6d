package com.m365.e4upgrade.batch;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.StepInterruptionPolicy;

/**
 * When the run must stop: at the end of the maintenance window (--stop-at) or when the
 * process is asked to terminate (SIGTERM from cron, systemd or Kubernetes). Chunk steps
 * check it at every chunk boundary, so a stop never cuts a chunk in half; the step ends
 * STOPPED and the same command resumes it.
 */
public class RunControl implements StepInterruptionPolicy {

    private final Clock clock;

    private volatile LocalDateTime deadline;

    private final AtomicReference<String> stopReason = new AtomicReference<>();

    public RunControl(Clock clock, LocalTime stopAt) {
        this.clock = clock;
        this.deadline = stopAt == null ? null : deadline(LocalDateTime.now(clock), stopAt);
    }

    /** An overnight window: a time already past today means tomorrow. */
    static LocalDateTime deadline(LocalDateTime now, LocalTime stopAt) {
        LocalDateTime today = now.toLocalDate().atTime(stopAt);
        return today.isAfter(now) ? today : today.plusDays(1);
    }

    /**
     * A new run in a process that outlives its runs (the console): forgets the last run's
     * stop and takes this run's --stop-at (null for none).
     */
    public void startRun(LocalTime stopAt) {
        deadline = stopAt == null ? null : deadline(LocalDateTime.now(clock), stopAt);
        stopReason.set(null);
    }

    public LocalDateTime deadline() {
        return deadline;
    }

    public void requestStop(String reason) {
        stopReason.compareAndSet(null, reason);
    }

    /** Why the run stopped, or null while it may go on. */
    public String stopReason() {
        LocalDateTime until = deadline;
        if (stopReason.get() == null && until != null && !LocalDateTime.now(clock).isBefore(until)) {
            requestStop("--stop-at " + until.toLocalTime() + " reached");
        }
        return stopReason.get();
    }

    @Override
    public void checkInterrupted(StepExecution stepExecution) throws JobInterruptedException {
        String reason = stopReason();
        if (reason != null || Thread.currentThread().isInterrupted() || stepExecution.isTerminateOnly()) {
            // terminate-only makes the step end STOPPED (restartable) rather than
            // COMPLETED
            stepExecution.setTerminateOnly();
            throw new JobInterruptedException(
                    "Stopping at a chunk boundary: " + (reason == null ? "interrupted" : reason));
        }
    }

}
