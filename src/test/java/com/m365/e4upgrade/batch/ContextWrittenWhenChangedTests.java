package com.m365.e4upgrade.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * A step's context goes to the job repository when it changed, not after every chunk
 * ({@link ContextWrittenWhenChanged}).
 */
@DisplayName("A step's context, written when it changed")
class ContextWrittenWhenChangedTests {

    /** The contexts the repository wrote, as "step: key=value", in order. */
    private final List<String> written = new ArrayList<>();

    private final JobRepository repository = (JobRepository) new ContextWrittenWhenChanged()
        .postProcessAfterInitialization(recording(), "jobRepository");

    private final JobExecution run = new JobExecution(7, new JobInstance(1, "e4UpgradeJob"), new JobParameters());

    @Test
    void isWrittenTheFirstTimeThenOnlyWhenSomethingWasPutInIt() {
        StepExecution partition = new StepExecution(11, "reassignPartition:partition0", this.run);
        partition.getExecutionContext().putInt("first.batch", 1);

        this.repository.updateExecutionContext(partition);
        this.repository.updateExecutionContext(partition);
        partition.getExecutionContext().putInt("first.batch", 1);
        this.repository.updateExecutionContext(partition);
        partition.getExecutionContext().putInt("read.count", 500);
        this.repository.updateExecutionContext(partition);

        assertThat(this.written).containsExactly("reassignPartition:partition0: {first.batch=1}",
                "reassignPartition:partition0: {first.batch=1, read.count=500}");
    }

    @Test
    void aRestartedStepsInheritedPositionIsWrittenThoughNothingWasPutInIt() {
        StepExecution before = new StepExecution(11, "importUsers", this.run);
        before.getExecutionContext().putInt("usersReader.read.count", 1500);
        this.repository.updateExecutionContext(before);
        StepExecution restarted = new StepExecution(12, "importUsers", this.run);
        restarted.setExecutionContext(new ExecutionContext(before.getExecutionContext().toMap()));
        restarted.getExecutionContext().clearDirtyFlag();

        this.repository.updateExecutionContext(restarted);

        assertThat(this.written).containsExactly("importUsers: {usersReader.read.count=1500}",
                "importUsers: {usersReader.read.count=1500}");
    }

    @Test
    void everyOtherCallGoesThrough() {
        this.repository.updateExecutionContext(this.run);
        this.repository.updateExecutionContext(this.run);

        assertThat(this.written).containsExactly("e4UpgradeJob: {}", "e4UpgradeJob: {}");
    }

    /**
     * Writes nothing; records what it writes and clears the flag, as Spring Batch's does.
     */
    private JobRepository recording() {
        return (JobRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { JobRepository.class }, (proxy, method, arguments) -> {
                    if (method.getName().equals("updateExecutionContext")) {
                        if (arguments[0] instanceof StepExecution step) {
                            this.written
                                .add(step.getStepName() + ": " + new TreeMap<>(step.getExecutionContext().toMap()));
                            step.getExecutionContext().clearDirtyFlag();
                        }
                        else if (arguments[0] instanceof JobExecution job) {
                            this.written.add(job.getJobInstance().getJobName() + ": "
                                    + new TreeMap<>(job.getExecutionContext().toMap()));
                        }
                    }
                    return null;
                });
    }

}
