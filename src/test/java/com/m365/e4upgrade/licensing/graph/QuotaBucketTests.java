package com.m365.e4upgrade.licensing.graph;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class QuotaBucketTests {

    private static final long SECOND = 1_000_000_000L;

    /** Microsoft's 20 writes/s per app and tenant, up to 3 s of it at once. */
    private final QuotaBucket tenant = new QuotaBucket(20, 3, 0);

    @Nested
    class Spending {

        @Test
        void startsEmptyAsARunsFirstSecondsAreNoBurstEither() {
            assertThat(tenant.reserve(20, 0)).isEqualTo(SECOND);
        }

        @Test
        void servesEachCallerAtItsOwnTimeInTheOrderTheyCame() {
            assertThat(tenant.reserve(20, 0)).isEqualTo(SECOND);
            assertThat(tenant.reserve(20, 0)).isEqualTo(2 * SECOND);
            assertThat(tenant.reserve(10, 0)).isEqualTo(2 * SECOND + SECOND / 2);
        }

        @Test
        void neverSpendsMoreThanItsRateOverTime() {
            long lastStart = 0;
            for (int batch = 0; batch < 100; batch++) {
                lastStart = tenant.reserve(20, 0);
            }
            // 2,000 writes at 20/s: the last batch leaves at 100 s
            assertThat(lastStart).isEqualTo(100 * SECOND);
        }

        @Test
        void fillsWhileIdleButNoFurtherThanItsBurst() {
            long later = 60 * SECOND;
            for (int i = 0; i < 3; i++) {
                assertThat(tenant.reserve(20, later)).isEqualTo(later);
            }
            assertThat(tenant.reserve(20, later)).isEqualTo(later + SECOND);
        }

    }

    @Nested
    class ListeningToMicrosoft {

        @Test
        void holdsEveryCallerUntilTheRetryAfter() {
            tenant.holdUntil(15 * SECOND);

            assertThat(tenant.reserve(1, 10 * SECOND)).isEqualTo(15 * SECOND);
            tenant.holdUntil(12 * SECOND);
            assertThat(tenant.reserve(1, 10 * SECOND)).as("an earlier hold does not shorten a later one")
                .isEqualTo(15 * SECOND);
        }

        @Test
        void slowsByATenthAtEachWarningDownToHalf() {
            tenant.warned(0);
            assertThat(tenant.rate(0)).isCloseTo(18, within(1e-9));
            for (int i = 0; i < 20; i++) {
                tenant.warned(0);
            }
            assertThat(tenant.rate(0)).isCloseTo(10, within(1e-9));
        }

        @Test
        void comesBackByATenthEveryTenQuietSeconds() {
            tenant.warned(0);
            tenant.warned(0);
            assertThat(tenant.rate(0)).isCloseTo(16.2, within(1e-9));

            assertThat(tenant.rate(9 * SECOND)).isCloseTo(16.2, within(1e-9));
            assertThat(tenant.rate(10 * SECOND)).isCloseTo(18.2, within(1e-9));
            assertThat(tenant.rate(30 * SECOND)).isCloseTo(20, within(1e-9));
        }

    }

}
