package com.m365.e4upgrade.cancellation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CancellationDeciderTests {

    @Test
    void theSourceSubscriptionGoesOnlyWhenNoUserStillHoldsIt() {
        assertThat(new CancellationDecider(false).process(candidate(0)))
                .extracting(Cancellation::status, Cancellation::detail)
                .containsExactly(Cancellation.Status.CANCELLED, null);
    }

    @Test
    void itIsKeptWhileUsersStillHoldItAndTheDetailSaysHowMany() {
        assertThat(new CancellationDecider(false).process(candidate(3)))
                .extracting(Cancellation::status, Cancellation::detail)
                .containsExactly(Cancellation.Status.KEPT, "3 users still hold ENTERPRISEWITHSCAL");
        assertThat(new CancellationDecider(false).process(candidate(1)).detail())
                .isEqualTo("1 user still holds ENTERPRISEWITHSCAL");
    }

    @Test
    void aDryRunOnlySaysWhatItWouldCancel() {
        assertThat(new CancellationDecider(true).process(candidate(0)).status()).isEqualTo(Cancellation.Status.WOULD_CANCEL);
        assertThat(new CancellationDecider(true).process(candidate(2)).status()).isEqualTo(Cancellation.Status.KEPT);
    }

    private static CancellationCandidate candidate(int usersStillOnSource) {
        return new CancellationCandidate("t", "sub-1", "ENTERPRISEWITHSCAL", usersStillOnSource);
    }
}
