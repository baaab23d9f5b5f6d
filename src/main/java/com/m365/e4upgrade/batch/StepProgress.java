package com.m365.e4upgrade.batch;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.springframework.batch.core.step.StepExecution;

/**
 * What a step reports its progress in: the unit, how much there is in all and how much
 * earlier runs already did (both measured when the step starts), and how much this run
 * has done since. Each stage describes its own steps; {@link StageSteps} attaches the
 * {@link ProgressReporter} to a step given one.
 */
public final class StepProgress {

    /**
     * The size of a step's work, known before it starts.
     *
     * @param total the whole step, in the unit
     * @param doneAtStart what earlier runs of the migration already did
     */
    public record Measure(long total, long doneAtStart) {
    }

    private final String unit;

    private final Function<StepExecution, Measure> measurer;

    private final boolean countsItemsWritten;

    private final AtomicLong advanced = new AtomicLong();

    private StepProgress(String unit, Function<StepExecution, Measure> measurer, boolean countsItemsWritten) {
        this.unit = Objects.requireNonNull(unit);
        this.measurer = Objects.requireNonNull(measurer);
        this.countsItemsWritten = countsItemsWritten;
    }

    /** Done in this run is the step's write count: one item is one unit. */
    public static StepProgress ofItemsWritten(String unit, Function<StepExecution, Measure> measurer) {
        return new StepProgress(unit, measurer, true);
    }

    /**
     * Done in this run is what the step's reader or writer reports through
     * {@link #advance(long)} (bytes read, users in a write batch).
     */
    public static StepProgress advancedByTheStep(String unit, Function<StepExecution, Measure> measurer) {
        return new StepProgress(unit, measurer, false);
    }

    /** The migration a step execution belongs to: its job instance. */
    public static long migrationId(StepExecution execution) {
        return execution.getJobExecution().getJobInstanceId();
    }

    public String unit() {
        return unit;
    }

    /** Safe from any thread: the partitions of a step share one counter. */
    public void advance(long units) {
        advanced.addAndGet(units);
    }

    /** Measures the step about to run and starts counting this run from zero. */
    Measure start(StepExecution execution) {
        advanced.set(0);
        return measurer.apply(execution);
    }

    /** What this run of the step has done so far. */
    long doneInRun(StepExecution execution) {
        return countsItemsWritten ? execution.getWriteCount() : advanced.get();
    }

}
