package com.m365.e4upgrade.eligibility;

import static com.m365.e4upgrade.eligibility.Tenants.E4;
import static com.m365.e4upgrade.eligibility.Tenants.USERS;
import static com.m365.e4upgrade.eligibility.Tenants.readyToMigrate;
import static org.assertj.core.api.Assertions.assertThat;

import com.m365.e4upgrade.input.Tenant.PurchaseChannel;
import com.m365.e4upgrade.input.Tenant.Sector;
import com.m365.e4upgrade.input.Tenant.ServiceStatus;
import com.m365.e4upgrade.licensing.SkuCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.core.io.ClassPathResource;

class EligibilityProcessorTests {

    private static final SkuCatalog CATALOG = SkuCatalog
        .load(new ClassPathResource("catalog/product-names-and-service-plan-identifiers.csv"));

    private final EligibilityProcessor processor = new EligibilityProcessor(new EligibilityRules(E4, CATALOG));

    private TenantDecision decide(Tenants tenant) {
        return processor.process(new TenantToDecide(tenant.build(), USERS));
    }

    @Test
    void aTenantWithNoReasonMigrates() {
        TenantDecision decision = decide(readyToMigrate().tenantId("tenant-1"));

        assertThat(decision).isEqualTo(new TenantDecision("tenant-1", Verdict.MIGRATE, List.of(), USERS));
    }

    @Test
    void manualReasonsAloneMigrateManually() {
        TenantDecision decision = decide(readyToMigrate().prepaid().sector(Sector.GOVERNMENT).addOns("MCOMEETADV"));

        assertThat(decision.verdict()).isEqualTo(Verdict.MIGRATE_MANUAL);
        assertThat(decision.reasons()).containsExactly(ReasonCode.PREPAID_PLAN, ReasonCode.GOVERNMENT_OR_NONPROFIT,
                ReasonCode.ADD_ON_PRESENT);
    }

    @Test
    void aReasonToRetryLaterOutweighsManualOnes() {
        assertThat(decide(readyToMigrate().plansForProduct(2).serviceStatus(ServiceStatus.INCIDENT)).verdict())
            .isEqualTo(Verdict.RETRY_LATER);
    }

    @Test
    void anActionRequiredOutweighsWaiting() {
        assertThat(decide(readyToMigrate().creditCheckPending().unpaidBalance("5").prepaid()).verdict())
            .isEqualTo(Verdict.ACTION_REQUIRED);
    }

    @Test
    void anUnsupportedCaseOutweighsEverythingElse() {
        TenantDecision decision = decide(readyToMigrate().purchaseChannel(PurchaseChannel.PARTNER)
            .targetNotPurchased()
            .temporarilyUnavailable()
            .notUpgradeEligible());

        assertThat(decision.verdict()).isEqualTo(Verdict.NOT_SUPPORTED);
        assertThat(decision.reasons()).containsExactly(ReasonCode.INDIRECT_PURCHASE, ReasonCode.TARGET_NOT_PURCHASED,
                ReasonCode.TEMPORARILY_UNAVAILABLE, ReasonCode.NOT_ELIGIBLE_FOR_UPGRADE_TAB);
    }

    @Test
    void decidesEveryTenantEvenThoseThatAreNotMigrated() {
        TenantDecision decision = processor
            .process(new TenantToDecide(readyToMigrate().sourceSku("STANDARDPACK").tenantId("tenant-2").build(), 3));

        assertThat(decision).isEqualTo(
                new TenantDecision("tenant-2", Verdict.NOT_SUPPORTED, List.of(ReasonCode.SOURCE_PLAN_MISMATCH), 3));
    }

    @ParameterizedTest
    @EnumSource(ReasonCode.class)
    void aSingleReasonGivesItsOwnClass(ReasonCode reason) {
        assertThat(EligibilityProcessor.verdictOf(List.of(reason))).isEqualTo(reason.verdictClass());
    }

    @Test
    void theVerdictOfNoReasonIsMigrate() {
        assertThat(EligibilityProcessor.verdictOf(List.of())).isEqualTo(Verdict.MIGRATE);
    }

}
