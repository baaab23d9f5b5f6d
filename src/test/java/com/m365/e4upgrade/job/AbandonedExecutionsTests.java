package com.m365.e4upgrade.job;

import com.m365.e4upgrade.batch.MigrationParameters;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.test.JobRepositoryTestUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the run holding the database's lock does with the executions of its migration that
 * earlier processes left STARTING, STARTED or STOPPING, on the job repository of the real
 * application.
 */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:abandoned;DB_CLOSE_DELAY=-1")
class AbandonedExecutionsTests {

    private static final String JOB = E4UpgradeJobConfiguration.JOB_NAME;

    private static final JobParameters MIGRATION = new JobParametersBuilder()
        .addString(MigrationParameters.TENANTS_DIGEST, "t")
        .addString(MigrationParameters.USERS_DIGEST, "u")
        .toJobParameters();

    @Autowired
    private JobRepository jobRepository;

    @Autowired
    private JdbcTemplate jdbc;

    private AbandonedExecutions abandonedExecutions;

    @BeforeEach
    void startFromAnEmptyDatabase() {
        MigrationRun.emptyDatabase(new JobRepositoryTestUtils(jobRepository), jdbc);
        abandonedExecutions = new AbandonedExecutions(jobRepository);
    }

    @Test
    void everyExecutionLeftRunningInAnyRunOfTheMigrationIsMarkedFailedWithAnEndTimeAndWhy() {
        // given a first run that ended FAILED but left a partition STARTED, and a last
        // run whose process died STOPPING
        JobInstance migration = jobRepository.createJobInstance(JOB, MIGRATION);
        JobExecution first = execution(migration, BatchStatus.FAILED);
        step(first, "reassign", BatchStatus.FAILED);
        step(first, "reassignPartition:partition0", BatchStatus.COMPLETED);
        step(first, "reassignPartition:partition1", BatchStatus.STARTED);
        JobExecution last = execution(migration, BatchStatus.STOPPING);
        step(last, "reassign", BatchStatus.STARTED);
        step(last, "reassignPartition:partition1", BatchStatus.STARTING);

        // when
        int recovered = abandonedExecutions.recover(JOB, MIGRATION);

        // then each of the four is FAILED, ended, and says why; what had ended is as it
        // was
        assertThat(recovered).isEqualTo(4);
        assertThat(jobExecutions()).containsExactly(
                Map.entry(first.getId(), "FAILED FAILED Partition handler returned an unsuccessful step"),
                Map.entry(last.getId(), "FAILED FAILED " + AbandonedExecutions.leftBy(BatchStatus.STOPPING)));
        assertThat(stepExecutions()).containsExactly(
                Map.entry(first.getId() + " reassign", "FAILED FAILED Partition handler returned an unsuccessful step"),
                Map.entry(first.getId() + " reassignPartition:partition0", "COMPLETED COMPLETED "),
                Map.entry(first.getId() + " reassignPartition:partition1",
                        "FAILED FAILED " + AbandonedExecutions.leftBy(BatchStatus.STARTED)),
                Map.entry(last.getId() + " reassign",
                        "FAILED FAILED " + AbandonedExecutions.leftBy(BatchStatus.STARTED)),
                Map.entry(last.getId() + " reassignPartition:partition1",
                        "FAILED FAILED " + AbandonedExecutions.leftBy(BatchStatus.STARTING)));
        assertThat(
                jdbc.queryForObject("SELECT COUNT(*) FROM batch_step_execution WHERE end_time IS NULL", Integer.class))
            .as("step executions without an end time")
            .isZero();
    }

    @Test
    void aRunWhoseEndCouldNotBeRecordedIsMarkedFailedSoThatItResumes() {
        // given a run that lost its database as a partition ended: Spring Batch could not
        // record the partition's end, and marked it and the run UNKNOWN
        JobInstance migration = jobRepository.createJobInstance(JOB, MIGRATION);
        JobExecution lostItsDatabase = execution(migration, BatchStatus.UNKNOWN);
        step(lostItsDatabase, "reassign", BatchStatus.FAILED);
        step(lostItsDatabase, "reassignPartition:partition0", BatchStatus.UNKNOWN);

        // when
        int recovered = abandonedExecutions.recover(JOB, MIGRATION);

        // then
        assertThat(recovered).isEqualTo(2);
        assertThat(jobExecutions()).containsExactly(
                Map.entry(lostItsDatabase.getId(), "FAILED FAILED " + AbandonedExecutions.leftBy(BatchStatus.UNKNOWN)));
        assertThat(stepExecutions()).containsEntry(lostItsDatabase.getId() + " reassignPartition:partition0",
                "FAILED FAILED " + AbandonedExecutions.leftBy(BatchStatus.UNKNOWN));
    }

    @Test
    void aMigrationWhoseRunsAllEndedIsLeftAsItWas() {
        // given
        JobInstance migration = jobRepository.createJobInstance(JOB, MIGRATION);
        JobExecution stopped = execution(migration, BatchStatus.STOPPED);
        step(stopped, "reassign", BatchStatus.STOPPED);
        Map<Long, String> jobExecutionsBefore = jobExecutions();
        Map<String, String> stepExecutionsBefore = stepExecutions();

        // when
        int recovered = abandonedExecutions.recover(JOB, MIGRATION);

        // then
        assertThat(recovered).isZero();
        assertThat(jobExecutions()).isEqualTo(jobExecutionsBefore);
        assertThat(stepExecutions()).isEqualTo(stepExecutionsBefore);
    }

    @Test
    void aMigrationNeverStartedHasNothingToRecover() {
        // when
        int recovered = abandonedExecutions.recover(JOB, MIGRATION);

        // then
        assertThat(recovered).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM batch_job_instance", Integer.class)).isZero();
    }

    /**
     * A job execution in that status: ended, with a failure of its own, unless the status
     * is a running one.
     */
    private JobExecution execution(JobInstance migration, BatchStatus status) {
        JobExecution execution = jobRepository.createJobExecution(migration, MIGRATION, new ExecutionContext());
        execution.setStartTime(LocalDateTime.now());
        execution.setStatus(status);
        if (!status.isRunning()) {
            execution.setEndTime(LocalDateTime.now());
            execution.setExitStatus(status == BatchStatus.FAILED
                    ? ExitStatus.FAILED.addExitDescription("Partition handler returned an unsuccessful step")
                    : new ExitStatus(status.name()));
        }
        jobRepository.update(execution);
        return execution;
    }

    private void step(JobExecution execution, String name, BatchStatus status) {
        StepExecution step = jobRepository.createStepExecution(name, execution);
        step.setStartTime(LocalDateTime.now());
        step.setStatus(status);
        if (!status.isRunning()) {
            step.setEndTime(LocalDateTime.now());
            step.setExitStatus(status == BatchStatus.FAILED
                    ? ExitStatus.FAILED.addExitDescription("Partition handler returned an unsuccessful step")
                    : new ExitStatus(status.name()));
        }
        else {
            step.setExitStatus(ExitStatus.EXECUTING);
        }
        jobRepository.update(step);
    }

    /**
     * "STATUS EXIT_CODE EXIT_MESSAGE" by job execution id, of those that have an end
     * time.
     */
    private Map<Long, String> jobExecutions() {
        Map<Long, String> executions = new LinkedHashMap<>();
        jdbc.query("SELECT job_execution_id, status, exit_code, exit_message FROM batch_job_execution "
                + "WHERE end_time IS NOT NULL ORDER BY job_execution_id", rs -> {
                    executions.put(rs.getLong(1), rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
                });
        return executions;
    }

    /** "STATUS EXIT_CODE EXIT_MESSAGE" by "JOB_EXECUTION_ID STEP_NAME". */
    private Map<String, String> stepExecutions() {
        Map<String, String> executions = new LinkedHashMap<>();
        jdbc.query("SELECT job_execution_id, step_name, status, exit_code, exit_message FROM batch_step_execution "
                + "ORDER BY step_execution_id", rs -> {
                    executions.put(rs.getLong(1) + " " + rs.getString(2),
                            rs.getString(3) + " " + rs.getString(4) + " " + rs.getString(5));
                });
        return executions;
    }

}
