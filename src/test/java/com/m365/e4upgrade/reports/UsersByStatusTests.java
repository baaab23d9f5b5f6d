package com.m365.e4upgrade.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * The users by status the summary takes from the reassignments report, when it may.
 */
@DisplayName("Users by status, counted as reassignments.csv is written")
class UsersByStatusTests {

    private final JobExecution run = new JobExecution(1L, new JobInstance(1L, "e4UpgradeJob"), new JobParameters());

    @Test
    void aReportThatCompletedInThisRunGivesItsCountsOfEveryRowWritten() {
        // given
        StepExecution report = reportStep(BatchStatus.COMPLETED);
        UsersByStatus usersByStatus = new UsersByStatus(1);
        usersByStatus.beforeStep(report);

        // when
        usersByStatus.afterWrite(rows("REASSIGNED", "SKIPPED", "REASSIGNED"));
        usersByStatus.afterWrite(rows("REASSIGNED"));
        usersByStatus.afterStep(report);

        // then
        assertThat(UsersByStatus.of(this.run, "reassignmentsReport")).contains(Map.of("REASSIGNED", 3L, "SKIPPED", 1L));
    }

    @Test
    void aReportThatDidNotCompleteGivesNothingAndTheSummaryCountsInTheDatabase() {
        // given
        StepExecution report = reportStep(BatchStatus.FAILED);
        UsersByStatus usersByStatus = new UsersByStatus(1);
        usersByStatus.beforeStep(report);
        usersByStatus.afterWrite(rows("REASSIGNED"));

        // when
        usersByStatus.afterStep(report);

        // then
        assertThat(UsersByStatus.of(this.run, "reassignmentsReport")).isEmpty();
    }

    @Test
    void aRunWithoutTheReportGivesNothing() {
        assertThat(UsersByStatus.of(this.run, "reassignmentsReport")).isEmpty();
    }

    private StepExecution reportStep(BatchStatus status) {
        StepExecution step = new StepExecution(2L, "reassignmentsReport", this.run);
        step.setStatus(status);
        this.run.addStepExecution(step);
        return step;
    }

    /** Report rows of those statuses, in the second column. */
    private static Chunk<String[]> rows(String... statuses) {
        return new Chunk<>(Arrays.stream(statuses).map(status -> new String[] { "user", status }).toList());
    }

}
