package com.m365.e4upgrade.licensing.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class EmbeddedLicenseGatewayTests {

    @Test
    void theSourceGivesWayToTheTargetInPlaceKeepingOtherLicenses() {
        assertThat(EmbeddedLicenseGateway.replace(List.of("EMS", "ENTERPRISEWITHSCAL", "POWER_BI_PRO"),
                "ENTERPRISEWITHSCAL", "SPE_E5"))
            .containsExactly("EMS", "SPE_E5", "POWER_BI_PRO");
    }

    @Test
    void replayingAMoveChangesNothing() {
        List<String> moved = EmbeddedLicenseGateway.replace(List.of("ENTERPRISEWITHSCAL"), "ENTERPRISEWITHSCAL",
                "SPE_E5");
        assertThat(EmbeddedLicenseGateway.replace(moved, "ENTERPRISEWITHSCAL", "SPE_E5")).containsExactly("SPE_E5");
    }

    @Test
    void aUserAlreadyHoldingTheTargetKeepsOneCopy() {
        assertThat(
                EmbeddedLicenseGateway.replace(List.of("SPE_E5", "enterprisewithscal"), "ENTERPRISEWITHSCAL", "SPE_E5"))
            .containsExactly("SPE_E5");
    }

}
