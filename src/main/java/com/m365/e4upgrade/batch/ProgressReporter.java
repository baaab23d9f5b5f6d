package com.m365.e4upgrade.batch;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.DisposableBean;

/**
 * Prints a step's {@link ProgressLine} on standard output when it starts, at least every
 * {@code --progress-interval} while it runs (from a daemon thread of its own) and when it
 * ends. The steps of a job run one after the other; a partitioned step reports as one.
 */
public class ProgressReporter implements DisposableBean {

    /** What a step did in the run that just ended, for the summary. */
    public record StepOutcome(String unit, long doneInRun) {
    }

    /**
     * A step's progress at one moment, what its progress line says: for the console,
     * which shows the steps of the runs it started while they go.
     */
    public record Snapshot(long jobExecutionId, long stepExecutionId, String step, String unit, long done, long total,
            long doneInRun, Duration elapsed, boolean ended) {

        public String line() {
            return ProgressLine.of(step, unit, done, total, doneInRun, elapsed);
        }

        public long percent() {
            return ProgressLine.percent(done, total);
        }

    }

    private final Duration interval;

    private final Map<Long, Running> running = new ConcurrentHashMap<>();

    private final Map<Long, Snapshot> ended = new ConcurrentHashMap<>();

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "progress");
        thread.setDaemon(true);
        return thread;
    });

    private final Map<Long, StepOutcome> outcomes = new ConcurrentHashMap<>();

    public ProgressReporter(Duration interval) {
        this.interval = interval;
    }

    /** The listener that reports a step in that unit. */
    public StepExecutionListener listenerFor(StepProgress progress) {
        return new StepExecutionListener() {

            private Running running;

            @Override
            public void beforeStep(StepExecution execution) {
                running = new Running(execution, progress, progress.start(execution), System.nanoTime());
                ProgressReporter.this.running.put(execution.getId(), running);
                running.print(false);
                running.ticks = ticker.scheduleAtFixedRate(() -> running.print(false), interval.toNanos(),
                        interval.toNanos(), TimeUnit.NANOSECONDS);
            }

            @Override
            public ExitStatus afterStep(StepExecution execution) {
                if (running != null) {
                    running.ticks.cancel(false);
                    running.print(true);
                    ended.put(execution.getId(), running.snapshot(true));
                    ProgressReporter.this.running.remove(execution.getId());
                    outcomes.put(execution.getId(), new StepOutcome(progress.unit(), running.doneInRun()));
                    running = null;
                }
                return null;
            }

        };
    }

    /** What the step execution did, if it reported progress in this process. */
    public Optional<StepOutcome> outcomeOf(StepExecution execution) {
        return Optional.ofNullable(outcomes.get(execution.getId()));
    }

    /**
     * The steps of a job execution that reported progress in this process, in the order
     * they started: those running now as they are now, those ended as they ended.
     */
    public List<Snapshot> snapshotsOf(long jobExecutionId) {
        return java.util.stream.Stream
            .concat(ended.values().stream(), running.values().stream().map(step -> step.snapshot(false)))
            .filter(snapshot -> snapshot.jobExecutionId() == jobExecutionId)
            .sorted(Comparator.comparingLong(Snapshot::stepExecutionId))
            .toList();
    }

    @Override
    public void destroy() {
        ticker.shutdownNow();
    }

    private static final class Running {

        private final StepExecution execution;

        private final StepProgress progress;

        private final StepProgress.Measure measure;

        private final long startNanos;

        private volatile ScheduledFuture<?> ticks;

        private boolean ended;

        Running(StepExecution execution, StepProgress progress, StepProgress.Measure measure, long startNanos) {
            this.execution = execution;
            this.progress = progress;
            this.measure = measure;
            this.startNanos = startNanos;
        }

        long doneInRun() {
            return progress.doneInRun(execution);
        }

        Snapshot snapshot(boolean end) {
            long doneInRun = doneInRun();
            return new Snapshot(execution.getJobExecutionId(), execution.getId(), execution.getStepName(),
                    progress.unit(), measure.doneAtStart() + doneInRun, measure.total(), doneInRun,
                    Duration.ofNanos(System.nanoTime() - startNanos), end);
        }

        /** One at a time, so the counts printed never go down; nothing after the end. */
        synchronized void print(boolean end) {
            if (ended) {
                return;
            }
            ended = end;
            long doneInRun = doneInRun();
            System.out
                .println(ProgressLine.of(execution.getStepName(), progress.unit(), measure.doneAtStart() + doneInRun,
                        measure.total(), doneInRun, Duration.ofNanos(System.nanoTime() - startNanos)));
        }

    }

}
