package com.m365.e4upgrade.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The progress line of issue 12:
 * {@code progress: <step> <done>/<total> <unit> (<pct>%) <rate>/s ETA <h:mm:ss>}.
 */
class ProgressLineTests {

    @Test
    void aStepHalfwayShowsItsCountsPercentageRateAndTimeLeft() {
        // given 412340 of 876631 users done, all of them by this run, in 35.236 seconds
        // when
        String line = ProgressLine.of("reassign", "users", 412340, 876631, 412340, Duration.ofMillis(35236));

        // then 11702 a second leaves 464291 users for 39.7 seconds, rounded up
        assertThat(line).isEqualTo("progress: reassign 412340/876631 users (47%) 11702/s ETA 0:00:40");
    }

    @Nested
    class Percentage {

        @Test
        void roundsDown() {
            assertThat(ProgressLine.percent(999, 1000)).isEqualTo(99);
            assertThat(ProgressLine.percent(1, 3)).isEqualTo(33);
        }

        @Test
        void isAHundredWhenEverythingIsDoneAndForAStepWithNothingToDo() {
            assertThat(ProgressLine.percent(1000, 1000)).isEqualTo(100);
            assertThat(ProgressLine.percent(0, 0)).isEqualTo(100);
        }

    }

    @Nested
    class Rate {

        @Test
        void countsOnlyWhatThisRunDidNotWhatEarlierRunsDid() {
            // given a resumed step: 600 done before, 100 in this run's 10 seconds
            // when
            String line = ProgressLine.of("plan", "users", 700, 1000, 100, Duration.ofSeconds(10));

            // then 10 a second, 300 left: 30 seconds
            assertThat(line).isEqualTo("progress: plan 700/1000 users (70%) 10/s ETA 0:00:30");
        }

        @Test
        void isZeroAndTheTimeLeftUnknownWhenTheStepJustStarted() {
            // when
            String line = ProgressLine.of("eligibility", "tenants", 0, 24, 0, Duration.ZERO);

            // then
            assertThat(line).isEqualTo("progress: eligibility 0/24 tenants (0%) 0/s ETA -:--:--");
        }

        @Test
        void leavesNoTimeWhenNothingRemains() {
            // when
            String line = ProgressLine.of("cancel", "tenants", 8, 8, 0, Duration.ofSeconds(1));

            // then
            assertThat(line).isEqualTo("progress: cancel 8/8 tenants (100%) 0/s ETA 0:00:00");
        }

    }

    @Nested
    class TimeLeft {

        @Test
        void isWrittenHoursMinutesSecondsWithHoursUnbounded() {
            assertThat(ProgressLine.hms(0)).isEqualTo("0:00:00");
            assertThat(ProgressLine.hms(38)).isEqualTo("0:00:38");
            assertThat(ProgressLine.hms(3599)).isEqualTo("0:59:59");
            assertThat(ProgressLine.hms(43445)).isEqualTo("12:04:05");
            assertThat(ProgressLine.hms(360000)).isEqualTo("100:00:00");
        }

        @Test
        void isWhatRemainsAtTheRateSoFar() {
            // given 1 byte a second, 7200 bytes left
            // when
            String line = ProgressLine.of("importUsers", "bytes", 100, 7300, 100, Duration.ofSeconds(100));

            // then
            assertThat(line).endsWith(" 1/s ETA 2:00:00");
        }

    }

}
