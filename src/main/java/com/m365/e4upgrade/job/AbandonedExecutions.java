package com.m365.e4upgrade.job;

import java.time.LocalDateTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Executions of a migration still marked STARTING, STARTED or STOPPING although no
 * process runs them any more: a run killed outright, a power loss, or a run that failed
 * without closing one of its partitions (as {@code --parallelism=0} once did). Spring
 * Batch refuses to start the migration again while one is left
 * (JobExecutionAlreadyRunningException, which the command reports as "in use by another
 * run"), and refuses to restart a partition whose last execution is left so; marking each
 * of them FAILED lets the same command resume the migration from its last committed
 * chunks.
 *
 * <p>
 * Spring Batch 6's {@code JobOperator.recover} does not do all of this: it covers the one
 * job execution it is given and that execution's steps, and leaves their exit status
 * EXECUTING or UNKNOWN (the command used to call it only when the job execution itself
 * was running, so a run that ended FAILED with a partition left STARTING locked the
 * migration out). So it is done here through the JobRepository, over every execution of
 * the migration: the launcher refuses to start while any job execution of the instance is
 * running, and a partition's restart looks at that partition's last execution, whichever
 * job execution holds it. Execution contexts are left as they are: they hold the restart
 * positions.
 *
 * <p>
 * Safe only while the caller holds the {@link DatabaseRunLock}: then no live process can
 * own an execution of this database, so every running status found is a leftover.
 */
public final class AbandonedExecutions {

    private static final Logger log = LoggerFactory.getLogger(AbandonedExecutions.class);

    private final JobRepository jobRepository;

    public AbandonedExecutions(JobRepository jobRepository) {
        this.jobRepository = jobRepository;
    }

    /**
     * Marks FAILED every execution of the migration (job executions, step executions and
     * partitions) left running by a process that ended. The caller must hold the run
     * lock.
     * @return how many executions were recovered
     */
    public int recover(String jobName, JobParameters parameters) {
        JobInstance migration = jobRepository.getJobInstance(jobName, parameters);
        if (migration == null) {
            return 0;
        }
        int recovered = 0;
        for (JobExecution jobExecution : jobRepository.getJobExecutions(migration)) {
            // the steps first: should this process die half way, the job execution still
            // shows
            // running and the next run recovers the rest
            for (StepExecution step : jobExecution.getStepExecutions()) {
                if (leftUnfinished(step.getStatus())) {
                    BatchStatus left = step.getStatus();
                    step.setStatus(BatchStatus.FAILED);
                    step.setEndTime(LocalDateTime.now());
                    step.setExitStatus(new ExitStatus(ExitStatus.FAILED.getExitCode(), leftBy(left)));
                    jobRepository.update(step);
                    log.warn("Recovered step execution {} ({}) of job execution {}: left {} by a process that ended, "
                            + "now FAILED", step.getId(), step.getStepName(), jobExecution.getId(), left);
                    recovered++;
                }
            }
            if (leftUnfinished(jobExecution.getStatus())) {
                BatchStatus left = jobExecution.getStatus();
                jobExecution.setStatus(BatchStatus.FAILED);
                jobExecution.setEndTime(LocalDateTime.now());
                jobExecution.setExitStatus(new ExitStatus(ExitStatus.FAILED.getExitCode(), leftBy(left)));
                jobRepository.update(jobExecution);
                log.warn("Recovered job execution {}: left {} by a process that ended, now FAILED",
                        jobExecution.getId(), left);
                recovered++;
            }
        }
        return recovered;
    }

    /**
     * Running, or UNKNOWN: Spring Batch's status for a step whose end it could not record
     * (a run whose database went away as a chunk or the step ended), which it then
     * refuses to restart. Each chunk commits its rows and its restart position together,
     * so the database holds the state of its last commit either way, as after a kill.
     */
    private static boolean leftUnfinished(BatchStatus status) {
        return status.isRunning() || status == BatchStatus.UNKNOWN;
    }

    static String leftBy(BatchStatus status) {
        if (status == BatchStatus.UNKNOWN) {
            return "Left UNKNOWN: its end could not be recorded; marked FAILED by the next run so that it resumes";
        }
        return "Left " + status + " by a process that ended; marked FAILED by the next run so that it resumes";
    }

}
