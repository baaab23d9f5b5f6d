package com.m365.e4upgrade.eligibility;

import static com.m365.e4upgrade.eligibility.DataServiceFamily.EXCHANGE_ONLINE_MAILBOX;
import static com.m365.e4upgrade.eligibility.DataServiceFamily.SHAREPOINT_ONLINE;
import static org.assertj.core.api.Assertions.assertThat;

import com.m365.e4upgrade.licensing.ServicePlan;
import com.m365.e4upgrade.licensing.Sku;
import com.m365.e4upgrade.licensing.SkuCatalog;
import java.util.Arrays;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

class DataServiceFamilyTests {

    private static final SkuCatalog CATALOG = SkuCatalog
        .load(new ClassPathResource("catalog/product-names-and-service-plan-identifiers.csv"));

    private static Sku sku(String partNumber) {
        return CATALOG.find(partNumber).orElseThrow();
    }

    private static Sku skuWith(String... planNames) {
        return new Sku("TEST", "guid", "Test",
                Arrays.stream(planNames).map(name -> new ServicePlan(name, "id")).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = { "ENTERPRISEPACK", "ENTERPRISEPREMIUM", "SPE_E3", "SPE_E5" })
    void officeE4KeepsItsDataOnTheEnterprisePlans(String target) {
        assertThat(DataServiceFamily.keepsData(sku("ENTERPRISEWITHSCAL"), sku(target))).isTrue();
        assertThat(DataServiceFamily.lostMoving(sku("ENTERPRISEWITHSCAL"), sku(target))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "SPB", "STANDARDPACK" })
    void officeE4LosesMailboxAndSiteDataOnBusinessPremiumAndE1(String target) {
        assertThat(DataServiceFamily.keepsData(sku("ENTERPRISEWITHSCAL"), sku(target))).isFalse();
        assertThat(DataServiceFamily.lostMoving(sku("ENTERPRISEWITHSCAL"), sku(target)))
            .containsExactly(EXCHANGE_ONLINE_MAILBOX, SHAREPOINT_ONLINE);
    }

    @Test
    void aLowerPlanMovesToAHigherOneOfTheSameFamily() {
        assertThat(DataServiceFamily.keepsData(sku("STANDARDPACK"), sku("ENTERPRISEPACK"))).isTrue();
    }

    @Test
    void aTargetWithoutAFamilyTheSourceHasLosesIt() {
        Sku mailboxAndSites = skuWith("EXCHANGE_S_STANDARD", "SHAREPOINTSTANDARD");
        Sku mailboxOnly = skuWith("EXCHANGE_S_ENTERPRISE");

        assertThat(DataServiceFamily.lostMoving(mailboxAndSites, mailboxOnly)).containsExactly(SHAREPOINT_ONLINE);
    }

    @Test
    void onlyTheFamiliesOfTheSourceMatter() {
        Sku mailboxOnly = skuWith("EXCHANGE_S_DESKLESS");
        Sku nothingDataRelated = skuWith("TEAMS1");

        assertThat(DataServiceFamily.keepsData(nothingDataRelated, mailboxOnly)).isTrue();
        assertThat(DataServiceFamily.keepsData(mailboxOnly, skuWith("EXCHANGE_S_STANDARD"))).isTrue();
        assertThat(DataServiceFamily.keepsData(mailboxOnly, nothingDataRelated)).isFalse();
    }

    @Test
    void ranksPlansFromLowestToHighest() {
        assertThat(EXCHANGE_ONLINE_MAILBOX.levelOf("EXCHANGE_S_DESKLESS")).hasValue(0);
        assertThat(EXCHANGE_ONLINE_MAILBOX.levelOf("EXCHANGE_S_STANDARD")).hasValue(1);
        assertThat(EXCHANGE_ONLINE_MAILBOX.levelOf("EXCHANGE_S_ENTERPRISE")).hasValue(2);
        assertThat(SHAREPOINT_ONLINE.levelOf("SHAREPOINTDESKLESS")).hasValue(0);
        assertThat(SHAREPOINT_ONLINE.levelOf("SHAREPOINTSTANDARD")).hasValue(1);
        assertThat(SHAREPOINT_ONLINE.levelOf("SHAREPOINTENTERPRISE")).hasValue(2);
    }

    @ParameterizedTest
    @ValueSource(strings = { "_GOV", "_EDU", "_MIDMARKET" })
    void aCloudEditionSuffixRanksAsItsBasePlan(String suffix) {
        assertThat(EXCHANGE_ONLINE_MAILBOX.levelOf("EXCHANGE_S_ENTERPRISE" + suffix)).hasValue(2);
        assertThat(SHAREPOINT_ONLINE.levelOf("SHAREPOINTSTANDARD" + suffix)).hasValue(1);
        assertThat(DataServiceFamily.keepsData(skuWith("EXCHANGE_S_ENTERPRISE"),
                skuWith("EXCHANGE_S_ENTERPRISE" + suffix)))
            .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "EXCHANGE_S_FOUNDATION", "EXCHANGE_S_ARCHIVE_ADDON", "SHAREPOINTWAC", "SHAREPOINTWAC_GOV",
            "SHAREPOINTSTORAGE", "EXCHANGE_S_ENTERPRISE_XYZ" })
    void otherPlansAreNotDataRelated(String plan) {
        assertThat(EXCHANGE_ONLINE_MAILBOX.levelOf(plan)).isEqualTo(OptionalInt.empty());
        assertThat(SHAREPOINT_ONLINE.levelOf(plan)).isEqualTo(OptionalInt.empty());
    }

    @Test
    void aSkuRanksAtItsHighestPlanOfTheFamily() {
        // Business Premium carries EXCHANGE_S_FOUNDATION and EXCHANGE_S_ARCHIVE_ADDON
        // beside its mailbox plan.
        assertThat(EXCHANGE_ONLINE_MAILBOX.levelIn(sku("SPB"))).hasValue(1);
        assertThat(SHAREPOINT_ONLINE.levelIn(skuWith("TEAMS1"))).isEmpty();
    }

}
