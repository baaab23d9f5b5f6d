package com.m365.e4upgrade.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.test.MetaDataInstanceFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** When the progress lines are printed, and what they count. */
@ExtendWith(OutputCaptureExtension.class)
class ProgressReporterTests {

    private final ProgressReporter reporter = new ProgressReporter(Duration.ofMillis(20));

    @AfterEach
    void stopTheTicker() {
        reporter.destroy();
    }

    @Test
    void aStepPrintsWhenItStartsAtEveryIntervalWhileItRunsAndWhenItEnds(CapturedOutput console)
            throws InterruptedException {
        // given a step of 100 users, 10 of them moved by an earlier run
        StepProgress progress = StepProgress.advancedByTheStep("users", execution -> new StepProgress.Measure(100, 10));
        StepExecution step = MetaDataInstanceFactory.createStepExecution("reassign", 7L);
        StepExecutionListener listener = reporter.listenerFor(progress);

        // when it moves 30 more over about 300 ms
        listener.beforeStep(step);
        for (int i = 0; i < 3; i++) {
            Thread.sleep(100);
            progress.advance(10);
        }
        listener.afterStep(step);
        Thread.sleep(60); // no tick after the end line

        // then
        List<String> lines = console.getOut().lines().filter(line -> line.startsWith("progress:")).toList();
        assertThat(lines.get(0)).isEqualTo("progress: reassign 10/100 users (10%) 0/s ETA -:--:--");
        assertThat(lines).as("the start line, the ticks and the end line").hasSizeGreaterThanOrEqualTo(5);
        assertThat(lines).extracting(line -> Long.parseLong(line.split(" ")[2].split("/")[0])).isSorted();
        assertThat(lines.get(lines.size() - 1)).startsWith("progress: reassign 40/100 users (40%) ");
        assertThat(reporter.outcomeOf(step)).contains(new ProgressReporter.StepOutcome("users", 30));
    }

    @Test
    void aStepCountingItemsWrittenReadsItsWriteCount(CapturedOutput console) {
        // given a step of 24 tenants, none decided before
        StepProgress progress = StepProgress.ofItemsWritten("tenants", execution -> new StepProgress.Measure(24, 0));
        StepExecution step = MetaDataInstanceFactory.createStepExecution("eligibility", 8L);
        StepExecutionListener listener = reporter.listenerFor(progress);

        // when it writes all of them
        listener.beforeStep(step);
        step.setWriteCount(24);
        listener.afterStep(step);

        // then
        assertThat(console.getOut().lines().filter(line -> line.startsWith("progress:")).toList())
            .startsWith("progress: eligibility 0/24 tenants (0%) 0/s ETA -:--:--")
            .last()
            .asString()
            .startsWith("progress: eligibility 24/24 tenants (100%) ")
            .endsWith(" ETA 0:00:00");
    }

}
