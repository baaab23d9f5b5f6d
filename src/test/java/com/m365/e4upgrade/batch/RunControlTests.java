package com.m365.e4upgrade.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.test.MetaDataInstanceFactory;

class RunControlTests {

    private static final LocalDateTime EVENING = LocalDateTime.of(2026, 11, 21, 22, 30);

    @Test
    void aStopTimeLaterTodayIsToday() {
        assertThat(RunControl.deadline(EVENING, LocalTime.of(23, 0))).isEqualTo(EVENING.withHour(23).withMinute(0));
    }

    @Test
    void aStopTimeAlreadyPastTodayMeansTomorrowMorning() {
        assertThat(RunControl.deadline(EVENING, LocalTime.of(6, 0))).isEqualTo(LocalDateTime.of(2026, 11, 22, 6, 0));
        assertThat(RunControl.deadline(EVENING, LocalTime.of(22, 30)))
            .isEqualTo(LocalDateTime.of(2026, 11, 22, 22, 30));
    }

    @Test
    void theStepGoesOnBeforeTheDeadlineAndStopsAfterIt() {
        // given
        StepExecution step = MetaDataInstanceFactory.createStepExecution();
        MovingClock clock = new MovingClock(EVENING);
        RunControl control = new RunControl(clock, LocalTime.of(6, 0));

        // when the night goes on
        clock.now = LocalDateTime.of(2026, 11, 22, 5, 59, 59);

        // then
        assertThatNoException().isThrownBy(() -> control.checkInterrupted(step));
        assertThat(step.isTerminateOnly()).isFalse();

        // when the window ends
        clock.now = LocalDateTime.of(2026, 11, 22, 6, 0);

        // then
        assertThatThrownBy(() -> control.checkInterrupted(step)).isInstanceOf(JobInterruptedException.class)
            .hasMessageContaining("--stop-at 06:00 reached");
        assertThat(step.isTerminateOnly()).as("the step ends STOPPED, to be resumed").isTrue();
    }

    @Test
    void aTerminationSignalStopsAtTheNextChunkBoundary() {
        // given
        StepExecution step = MetaDataInstanceFactory.createStepExecution();
        RunControl control = new RunControl(clockAt(EVENING), null);

        // when
        control.requestStop("termination signal");

        // then
        assertThatThrownBy(() -> control.checkInterrupted(step)).hasMessageContaining("termination signal");
        assertThat(step.isTerminateOnly()).isTrue();
    }

    private static Clock clockAt(LocalDateTime time) {
        return new MovingClock(time);
    }

    private static final class MovingClock extends Clock {

        private LocalDateTime now;

        MovingClock(LocalDateTime now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now.toInstant(ZoneOffset.UTC);
        }

    }

}
