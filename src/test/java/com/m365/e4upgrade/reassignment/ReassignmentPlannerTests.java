package com.m365.e4upgrade.reassignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.m365.e4upgrade.licensing.SkuCatalog;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

class ReassignmentPlannerTests {

    private static final SkuCatalog CATALOG = SkuCatalog
        .load(new ClassPathResource("catalog/product-names-and-service-plan-identifiers.csv"));

    private final ReassignmentPlanner planner = new ReassignmentPlanner(CATALOG);

    @Test
    void aDirectlyLicensedUserWithAUsageLocationIsPlannedKeepingOnlyTheDisabledPlansTheTargetHas() {
        // when
        Reassignment move = planner.process(candidate("FR", "DIRECT", "SPE_E3", List.of("SWAY", "MCOVOICECONF")));

        // then
        assertThat(move.status()).isEqualTo(Reassignment.Status.PLANNED);
        assertThat(move.detail()).isNull();
        assertThat(move.disabledPlans()).containsExactly("SWAY");
        assertThat(move.fromSku()).isEqualTo("ENTERPRISEWITHSCAL");
        assertThat(move.toSku()).isEqualTo("SPE_E3");
    }

    @Test
    void aUserWithoutUsageLocationIsSkippedFirst() {
        assertThat(planner.process(candidate("", "GROUP", "SPE_E5", List.of())))
            .extracting(Reassignment::status, Reassignment::detail)
            .containsExactly(Reassignment.Status.SKIPPED, "USAGE_LOCATION_MISSING");
    }

    @Test
    void aGroupInheritedLicenseIsSkipped() {
        assertThat(planner.process(candidate("FR", "GROUP", "SPE_E5", List.of())))
            .extracting(Reassignment::status, Reassignment::detail)
            .containsExactly(Reassignment.Status.SKIPPED, "GROUP_LICENSE");
    }

    private static PlanCandidate candidate(String usageLocation, String assignment, String target,
            List<String> disabled) {
        return new PlanCandidate("t", "u", "u@contoso.com", usageLocation, assignment, disabled, "ENTERPRISEWITHSCAL",
                target);
    }

}
