package com.m365.e4upgrade.console.runs;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * Counts the users moved of the migration the console runs, once a second, and keeps each
 * new count with its time: the chart of users moved over time, which outlives the run and
 * the console.
 */
public class ProgressSampler implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProgressSampler.class);

    private final MigrationRuns runs;

    private final MigrationQueries queries;

    private final ConsoleRepository console;

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "console-sampler");
        thread.setDaemon(true);
        return thread;
    });

    private long lastExecution = -1;

    private long lastMoved = -1;

    public ProgressSampler(MigrationRuns runs, MigrationQueries queries, ConsoleRepository console) {
        this.runs = runs;
        this.queries = queries;
        this.console = console;
        ticker.scheduleWithFixedDelay(this::sample, 1, 1, TimeUnit.SECONDS);
    }

    void sample() {
        try {
            runs.running().ifPresent(run -> {
                long moved = queries.moved(run.migrationId()).moved();
                if (run.executionId() != lastExecution || moved != lastMoved) {
                    console.sample(run.migrationId(), run.executionId(), moved);
                    lastExecution = run.executionId();
                    lastMoved = moved;
                }
            });
        }
        catch (RuntimeException e) {
            // a missed sample is a gap in a chart, never a reason to stop sampling
            log.warn("Could not sample the running migration's progress", e);
        }
    }

    @Override
    public void destroy() {
        ticker.shutdownNow();
    }

}
