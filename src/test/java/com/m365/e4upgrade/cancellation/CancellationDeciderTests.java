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
    void itIsKeptWhenARejectedUsersRowNamesTheTenantEvenIfEveryAcceptedUserMoved() {
        assertThat(new CancellationDecider(false).process(candidate(0, 1)))
            .extracting(Cancellation::status, Cancellation::detail)
            .containsExactly(Cancellation.Status.KEPT, "1 row of users.csv rejected (see rejects.csv)");
        assertThat(new CancellationDecider(false).process(candidate(2, 3)).detail())
            .isEqualTo("2 users still hold ENTERPRISEWITHSCAL; 3 rows of users.csv rejected (see rejects.csv)");
        assertThat(new CancellationDecider(true).process(candidate(0, 1)).status()).isEqualTo(Cancellation.Status.KEPT);
    }

    @Test
    void aDryRunOnlySaysWhatItWouldCancel() {
        assertThat(new CancellationDecider(true).process(candidate(0)).status())
            .isEqualTo(Cancellation.Status.WOULD_CANCEL);
        assertThat(new CancellationDecider(true).process(candidate(2)).status()).isEqualTo(Cancellation.Status.KEPT);
    }

    private static CancellationCandidate candidate(int usersStillOnSource) {
        return candidate(usersStillOnSource, 0);
    }

    private static CancellationCandidate candidate(int usersStillOnSource, int rejectedUserRows) {
        return new CancellationCandidate("t", "sub-1", "ENTERPRISEWITHSCAL", usersStillOnSource, rejectedUserRows);
    }

}
