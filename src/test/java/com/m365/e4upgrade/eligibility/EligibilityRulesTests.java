package com.m365.e4upgrade.eligibility;

import static com.m365.e4upgrade.eligibility.Tenants.E4;
import static com.m365.e4upgrade.eligibility.Tenants.E5;
import static com.m365.e4upgrade.eligibility.Tenants.USERS;
import static com.m365.e4upgrade.eligibility.Tenants.readyToMigrate;
import static org.assertj.core.api.Assertions.assertThat;

import com.m365.e4upgrade.eligibility.EligibilityRules.TargetPlanProblem;
import com.m365.e4upgrade.input.Tenant;
import com.m365.e4upgrade.input.Tenant.PurchaseChannel;
import com.m365.e4upgrade.input.Tenant.Sector;
import com.m365.e4upgrade.input.Tenant.ServiceStatus;
import com.m365.e4upgrade.input.Tenant.TargetStatus;
import com.m365.e4upgrade.licensing.SkuCatalog;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;

class EligibilityRulesTests {

    private static final SkuCatalog CATALOG = SkuCatalog
        .load(new ClassPathResource("catalog/product-names-and-service-plan-identifiers.csv"));

    private final EligibilityRules rules = new EligibilityRules(E4, CATALOG);

    private List<ReasonCode> reasonsFor(Tenants tenant) {
        return reasonsFor(tenant, USERS);
    }

    private List<ReasonCode> reasonsFor(Tenants tenant, int sourceUsers) {
        return rules.reasonsFor(tenant.build(), sourceUsers);
    }

    @Test
    void aCleanTenantHasNoReason() {
        assertThat(reasonsFor(readyToMigrate())).isEmpty();
    }

    @Nested
    class SourcePlanMismatch {

        @Test
        void whenTheTenantIsOnAnotherPlanThanTheJobs() {
            assertThat(reasonsFor(readyToMigrate().sourceSku("ENTERPRISEPACK")))
                .containsExactly(ReasonCode.SOURCE_PLAN_MISMATCH);
        }

        @Test
        void notWhenOnlyTheCaseDiffers() {
            assertThat(reasonsFor(readyToMigrate().sourceSku("enterpriseWithScal"))).isEmpty();
        }

        @Test
        void comparesWithTheSourcePlanTheJobWasGiven() {
            EligibilityRules fromE3 = new EligibilityRules("ENTERPRISEPACK", CATALOG);

            assertThat(fromE3.reasonsFor(readyToMigrate().build(), USERS))
                .containsExactly(ReasonCode.SOURCE_PLAN_MISMATCH);
            assertThat(fromE3.reasonsFor(readyToMigrate().sourceSku("ENTERPRISEPACK").build(), USERS)).isEmpty();
        }

    }

    @Nested
    class IndirectPurchase {

        @ParameterizedTest
        @EnumSource(value = PurchaseChannel.class, names = { "PARTNER", "VOLUME_LICENSING" })
        void whenBoughtThroughAPartnerOrVolumeLicensing(PurchaseChannel channel) {
            assertThat(reasonsFor(readyToMigrate().purchaseChannel(channel)))
                .containsExactly(ReasonCode.INDIRECT_PURCHASE);
        }

        @Test
        void notWhenBoughtDirectly() {
            assertThat(reasonsFor(readyToMigrate().purchaseChannel(PurchaseChannel.DIRECT))).isEmpty();
        }

    }

    @Nested
    class TargetPlanNotSupported {

        @ParameterizedTest
        @ValueSource(strings = { "SPB", "STANDARDPACK" })
        void whenTheTargetHasALesserMailboxOrSitePlan(String target) {
            Tenants tenant = readyToMigrate().targetSku(target);

            assertThat(reasonsFor(tenant)).containsExactly(ReasonCode.TARGET_PLAN_NOT_SUPPORTED);
            assertThat(rules.targetPlanProblem(tenant.build())).contains(TargetPlanProblem.LOSES_DATA);
        }

        @Test
        void whenTheTargetIsUnknownToTheCatalog() {
            Tenants tenant = readyToMigrate().targetSku("NO_SUCH_PLAN");

            assertThat(reasonsFor(tenant)).containsExactly(ReasonCode.TARGET_PLAN_NOT_SUPPORTED);
            assertThat(rules.targetPlanProblem(tenant.build())).contains(TargetPlanProblem.UNKNOWN_TARGET);
        }

        @Test
        void whenTheTargetIsTheSourcePlanInAnyCase() {
            Tenants tenant = readyToMigrate().targetSku("enterprisewithscal");

            assertThat(reasonsFor(tenant)).containsExactly(ReasonCode.TARGET_PLAN_NOT_SUPPORTED);
            assertThat(rules.targetPlanProblem(tenant.build())).contains(TargetPlanProblem.SAME_AS_SOURCE);
        }

        @ParameterizedTest
        @ValueSource(strings = { "ENTERPRISEPACK", "ENTERPRISEPREMIUM", "SPE_E3", "SPE_E5", "spe_e5" })
        void notWhenTheTargetKeepsEveryDataService(String target) {
            Tenants tenant = readyToMigrate().targetSku(target);

            assertThat(reasonsFor(tenant)).isEmpty();
            assertThat(rules.targetPlanProblem(tenant.build())).isEmpty();
        }

        @Test
        void aSourceUnknownToTheCatalogIsOnlyCheckedForAnUnknownOrIdenticalTarget() {
            EligibilityRules fromLegacy = new EligibilityRules("LEGACY_PLAN", CATALOG);
            Tenants legacy = readyToMigrate().sourceSku("LEGACY_PLAN");

            assertThat(fromLegacy.reasonsFor(legacy.targetSku("SPB").build(), USERS)).isEmpty();
            assertThat(fromLegacy.reasonsFor(legacy.targetSku("NO_SUCH_PLAN").build(), USERS))
                .containsExactly(ReasonCode.TARGET_PLAN_NOT_SUPPORTED);
            assertThat(fromLegacy.reasonsFor(legacy.targetSku("legacy_plan").build(), USERS))
                .containsExactly(ReasonCode.TARGET_PLAN_NOT_SUPPORTED);
        }

    }

    @Nested
    class LicenseConflict {

        @Test
        void whenMoreUsersHoldTheSourceThanItHasLicenses() {
            assertThat(reasonsFor(readyToMigrate().licenses(USERS - 1).targetLicenses(USERS), USERS))
                .containsExactly(ReasonCode.LICENSE_CONFLICT);
        }

        @Test
        void notWhenEveryLicenseIsUsed() {
            assertThat(reasonsFor(readyToMigrate().licenses(USERS), USERS)).isEmpty();
        }

        @Test
        void notWhenLicensesAreLeftOver() {
            assertThat(reasonsFor(readyToMigrate().licenses(USERS + 5), USERS)).isEmpty();
        }

    }

    @Nested
    class UnpaidBalance {

        @Test
        void whenAnyAmountIsOverdue() {
            assertThat(reasonsFor(readyToMigrate().unpaidBalance("0.01"))).containsExactly(ReasonCode.UNPAID_BALANCE);
        }

        @ParameterizedTest
        @ValueSource(strings = { "0", "0.00" })
        void notWhenNothingIsOverdue(String balance) {
            assertThat(reasonsFor(readyToMigrate().unpaidBalance(balance))).isEmpty();
        }

    }

    @Nested
    class TargetNotPurchased {

        @Test
        void whenTheNewSubscriptionIsNotBoughtYet() {
            assertThat(reasonsFor(readyToMigrate().targetNotPurchased()))
                .containsExactly(ReasonCode.TARGET_NOT_PURCHASED);
        }

        @Test
        void thenNeitherItsSeatsNorItsStatusAreJudged() {
            Tenants notBought = readyToMigrate().targetNotPurchased()
                .targetLicenses(0)
                .targetStatus(TargetStatus.PENDING);

            assertThat(reasonsFor(notBought)).containsExactly(ReasonCode.TARGET_NOT_PURCHASED);
        }

    }

    @Nested
    class TargetSeatsInsufficient {

        @Test
        void whenTheNewSubscriptionHasFewerLicensesThanUsersToMove() {
            assertThat(reasonsFor(readyToMigrate().targetLicenses(USERS - 1), USERS))
                .containsExactly(ReasonCode.TARGET_SEATS_INSUFFICIENT);
        }

        @Test
        void notWhenItHasExactlyOnePerUser() {
            assertThat(reasonsFor(readyToMigrate().targetLicenses(USERS), USERS)).isEmpty();
        }

        @Test
        void notWhenNoUserHoldsTheSource() {
            assertThat(reasonsFor(readyToMigrate().targetLicenses(0), 0)).isEmpty();
        }

    }

    @Test
    void creditCheckPending() {
        assertThat(reasonsFor(readyToMigrate().creditCheckPending())).containsExactly(ReasonCode.CREDIT_CHECK_PENDING);
    }

    @Test
    void upgradeInProgress() {
        assertThat(reasonsFor(readyToMigrate().upgradeInProgress())).containsExactly(ReasonCode.UPGRADE_IN_PROGRESS);
    }

    @Nested
    class ServiceNotReady {

        @ParameterizedTest
        @EnumSource(value = ServiceStatus.class, names = { "INCIDENT", "PROVISIONING" })
        void whenTheServiceHasAnIncidentOrIsBeingSetUp(ServiceStatus status) {
            assertThat(reasonsFor(readyToMigrate().serviceStatus(status)))
                .containsExactly(ReasonCode.SERVICE_NOT_READY);
        }

        @Test
        void notWhenHealthy() {
            assertThat(reasonsFor(readyToMigrate().serviceStatus(ServiceStatus.HEALTHY))).isEmpty();
        }

    }

    @Nested
    class TargetNotActive {

        @Test
        void whenTheBoughtSubscriptionIsStillPending() {
            assertThat(reasonsFor(readyToMigrate().targetStatus(TargetStatus.PENDING)))
                .containsExactly(ReasonCode.TARGET_NOT_ACTIVE);
        }

        @Test
        void notWhenActive() {
            assertThat(reasonsFor(readyToMigrate().targetStatus(TargetStatus.ACTIVE))).isEmpty();
        }

    }

    @Test
    void temporarilyUnavailable() {
        assertThat(reasonsFor(readyToMigrate().temporarilyUnavailable()))
            .containsExactly(ReasonCode.TEMPORARILY_UNAVAILABLE);
    }

    @Nested
    class MultiplePlansSameProduct {

        @ParameterizedTest
        @ValueSource(ints = { 2, 3 })
        void whenTheTenantHoldsTwoOrMoreSubscriptionsOfTheProduct(int plans) {
            assertThat(reasonsFor(readyToMigrate().plansForProduct(plans)))
                .containsExactly(ReasonCode.MULTIPLE_PLANS_SAME_PRODUCT);
        }

        @Test
        void notWithASingleOne() {
            assertThat(reasonsFor(readyToMigrate().plansForProduct(1))).isEmpty();
        }

    }

    @Test
    void prepaidPlan() {
        assertThat(reasonsFor(readyToMigrate().prepaid())).containsExactly(ReasonCode.PREPAID_PLAN);
    }

    @Nested
    class GovernmentOrNonprofit {

        @ParameterizedTest
        @EnumSource(value = Sector.class, names = { "GOVERNMENT", "NONPROFIT" })
        void whenThePlanIsForTheSector(Sector sector) {
            assertThat(reasonsFor(readyToMigrate().sector(sector))).containsExactly(ReasonCode.GOVERNMENT_OR_NONPROFIT);
        }

        @Test
        void notForACommercialPlan() {
            assertThat(reasonsFor(readyToMigrate().sector(Sector.COMMERCIAL))).isEmpty();
        }

    }

    @Test
    void addOnPresent() {
        assertThat(reasonsFor(readyToMigrate().addOns("SHAREPOINTSTORAGE"))).containsExactly(ReasonCode.ADD_ON_PRESENT);
    }

    @Test
    void notEligibleForUpgradeTab() {
        assertThat(reasonsFor(readyToMigrate().notUpgradeEligible()))
            .containsExactly(ReasonCode.NOT_ELIGIBLE_FOR_UPGRADE_TAB);
    }

    @Nested
    class WhenManyReasonsApply {

        private Tenants everythingWrong() {
            return readyToMigrate().notUpgradeEligible()
                .addOns("MCOMEETADV")
                .sector(Sector.NONPROFIT)
                .prepaid()
                .plansForProduct(2)
                .temporarilyUnavailable()
                .targetStatus(TargetStatus.PENDING)
                .serviceStatus(ServiceStatus.PROVISIONING)
                .upgradeInProgress()
                .creditCheckPending()
                .targetLicenses(USERS - 1)
                .unpaidBalance("12.50")
                .licenses(USERS - 1)
                .targetSku("NO_SUCH_PLAN")
                .purchaseChannel(PurchaseChannel.PARTNER)
                .sourceSku("STANDARDPACK");
        }

        @Test
        void theyAreListedInTheTablesOrder() {
            assertThat(reasonsFor(everythingWrong(), USERS))
                .containsExactlyElementsOf(Arrays.stream(ReasonCode.values())
                    .filter(reason -> reason != ReasonCode.TARGET_NOT_PURCHASED)
                    .toList());
        }

        @Test
        void aTargetNotBoughtReplacesItsSeatAndStatusReasons() {
            assertThat(reasonsFor(everythingWrong().targetNotPurchased(), USERS))
                .containsExactlyElementsOf(Arrays.stream(ReasonCode.values())
                    .filter(reason -> reason != ReasonCode.TARGET_SEATS_INSUFFICIENT)
                    .filter(reason -> reason != ReasonCode.TARGET_NOT_ACTIVE)
                    .toList());
        }

    }

    @Nested
    class RedundantAddOns {

        @Test
        void areTheAddOnsWhosePlansTheTargetAlreadyHasInTheTenantsOrder() {
            Tenant tenant = readyToMigrate().targetSku(E5)
                .addOns("THREAT_INTELLIGENCE", "SHAREPOINTSTORAGE", "NO_SUCH_ADDON", "MCOMEETADV")
                .build();

            assertThat(rules.redundantAddOns(tenant)).containsExactly("THREAT_INTELLIGENCE", "MCOMEETADV");
        }

        @Test
        void dependOnTheTarget() {
            Tenant toE3 = readyToMigrate().targetSku("SPE_E3").addOns("MCOMEETADV").build();

            assertThat(rules.redundantAddOns(toE3)).isEmpty();
        }

        @Test
        void ignoreGenericFoundationPlans() {
            // EMS carries EXCHANGE_S_FOUNDATION, which SPE_E3 does not list; all its
            // other plans are in SPE_E3.
            Tenant tenant = readyToMigrate().targetSku("SPE_E3").addOns("EMS").build();

            assertThat(rules.redundantAddOns(tenant)).containsExactly("EMS");
        }

        @Test
        void areNoneWhenTheTargetIsUnknown() {
            Tenant tenant = readyToMigrate().targetSku("NO_SUCH_PLAN").addOns("MCOMEETADV").build();

            assertThat(rules.redundantAddOns(tenant)).isEmpty();
        }

        @Test
        void neverIncludeAnAddOnWithNothingButFoundationPlans() {
            SkuCatalog catalog = SkuCatalog
                .load(new ByteArrayResource(("Product_Display_Name,String_Id,GUID,Service_Plan_Name,Service_Plan_Id\n"
                        + "Shell,SHELL_ADDON,g1,EXCHANGE_S_FOUNDATION,p1\n"
                        + "Target,TARGET,g2,EXCHANGE_S_ENTERPRISE,p2\n" + "Target,TARGET,g2,EXCHANGE_S_FOUNDATION,p1\n")
                    .getBytes(StandardCharsets.UTF_8)));
            Tenant tenant = readyToMigrate().targetSku("TARGET").addOns("SHELL_ADDON").build();

            assertThat(new EligibilityRules(E4, catalog).redundantAddOns(tenant)).isEmpty();
        }

    }

}
