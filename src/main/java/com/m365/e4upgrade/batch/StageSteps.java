package com.m365.e4upgrade.batch;

import javax.sql.DataSource;

import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.ChunkOrientedStepBuilder;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.stereotype.Component;

/**
 * How every stage builds its steps: on the one job repository, in transactions of the one
 * {@link JdbcTransactionManager} (a chunk's rows and its step metadata commit together or
 * not at all), stopping at a chunk boundary when {@link RunControl} says so, and writing
 * a restarted step's inherited position as soon as it starts
 * ({@link RestartPositionSaver}); a step whose effects all stay in the database may let
 * H2 store its commits in the background ({@link #writesOnlyToTheDatabase()}); a step
 * given a {@link StepProgress} prints its progress ({@link ProgressReporter}).
 */
@Component
public class StageSteps {

    private final JobRepository jobRepository;

    private final JdbcTransactionManager transactionManager;

    private final RunControl runControl;

    private final RestartPositionSaver restartPositionSaver;

    private final ProgressReporter progressReporter;

    private final DeferredStores deferredStores;

    public StageSteps(JobRepository jobRepository, JdbcTransactionManager transactionManager, RunControl runControl,
            ProgressReporter progressReporter, DataSource dataSource) {
        this.jobRepository = jobRepository;
        this.transactionManager = transactionManager;
        this.runControl = runControl;
        this.progressReporter = progressReporter;
        this.restartPositionSaver = new RestartPositionSaver(jobRepository);
        this.deferredStores = new DeferredStores(dataSource);
    }

    /**
     * For a step whose every effect is a row of the job's database: H2 may store its
     * commits in the background ({@link DeferredStores}).
     */
    public StepExecutionListener writesOnlyToTheDatabase() {
        return deferredStores;
    }

    /** A chunk-oriented step, ready for its reader, processor and writer. */
    public <I, O> ChunkOrientedStepBuilder<I, O> chunk(String name, int chunkSize) {
        return new StepBuilder(name, jobRepository).<I, O>chunk(chunkSize)
            .transactionManager(transactionManager)
            .interruptionPolicy(runControl)
            .listener(restartPositionSaver);
    }

    /** The same, printing its progress in that unit. */
    public <I, O> ChunkOrientedStepBuilder<I, O> chunk(String name, int chunkSize, StepProgress progress) {
        ChunkOrientedStepBuilder<I, O> builder = chunk(name, chunkSize);
        builder.listener(progressReporter.listenerFor(progress));
        return builder;
    }

    /** A step of one transaction. */
    public Step tasklet(String name, Tasklet tasklet) {
        return new StepBuilder(name, jobRepository).tasklet(tasklet, transactionManager).build();
    }

    /** Any other kind of step (a partitioned one, say). */
    public StepBuilder step(String name) {
        return new StepBuilder(name, jobRepository);
    }

    /** The same, printing its progress in that unit. */
    public StepBuilder step(String name, StepProgress progress) {
        return step(name).listener(progressReporter.listenerFor(progress));
    }

}
