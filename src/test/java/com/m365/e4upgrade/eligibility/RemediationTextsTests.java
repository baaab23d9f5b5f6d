package com.m365.e4upgrade.eligibility;

import static com.m365.e4upgrade.eligibility.Tenants.E4;
import static com.m365.e4upgrade.eligibility.Tenants.USERS;
import static com.m365.e4upgrade.eligibility.Tenants.readyToMigrate;
import static org.assertj.core.api.Assertions.assertThat;

import com.m365.e4upgrade.input.Tenant;
import com.m365.e4upgrade.licensing.SkuCatalog;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.core.io.ClassPathResource;

class RemediationTextsTests {

    private static final SkuCatalog CATALOG = SkuCatalog
        .load(new ClassPathResource("catalog/product-names-and-service-plan-identifiers.csv"));

    private final EligibilityRules rules = new EligibilityRules(E4, CATALOG);

    private final RemediationTexts texts = new RemediationTexts(messageSource(), rules);

    private static ResourceBundleMessageSource messageSource() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return messages;
    }

    private static Properties bundle(String file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = new InputStreamReader(new ClassPathResource(file).getInputStream(),
                StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    private static Stream<String> everyKey() {
        return Stream.concat(
                Stream.of("remediation.MIGRATE", "remediation.TARGET_PLAN_NOT_SUPPORTED.UNKNOWN_TARGET",
                        "remediation.TARGET_PLAN_NOT_SUPPORTED.SAME_AS_SOURCE", "remediation.ADD_ON_PRESENT.REDUNDANT"),
                Arrays.stream(ReasonCode.values()).map(reason -> "remediation." + reason.name()));
    }

    /** The text of a decided tenant, as eligibility.csv would show it. */
    private String remediation(Tenants tenantBuilder, int sourceUsers, Locale locale) {
        Tenant tenant = tenantBuilder.build();
        List<ReasonCode> reasons = rules.reasonsFor(tenant, sourceUsers);
        TenantDecision decision = new TenantDecision(tenant.tenantId(), EligibilityProcessor.verdictOf(reasons),
                reasons, sourceUsers);
        return texts.remediation(decision, tenant, locale);
    }

    private String remediation(Tenants tenant, Locale locale) {
        return remediation(tenant, USERS, locale);
    }

    private String sentenceFor(ReasonCode reason, Locale locale) {
        Tenant tenant = readyToMigrate().build();
        return texts.remediation(new TenantDecision(tenant.tenantId(), reason.verdictClass(), List.of(reason), USERS),
                tenant, locale);
    }

    @ParameterizedTest
    @MethodSource("everyKey")
    void everyTextExistsInEnglishAndInFrench(String key) throws IOException {
        String english = bundle("messages.properties").getProperty(key);
        String french = bundle("messages_fr.properties").getProperty(key);

        assertThat(english).as("English " + key).isNotBlank();
        assertThat(french).as("French " + key).isNotBlank().isNotEqualTo(english);
    }

    @Test
    void bothBundlesHaveTheSameKeys() throws IOException {
        assertThat(bundle("messages_fr.properties").keySet())
            .containsExactlyInAnyOrderElementsOf(bundle("messages.properties").keySet());
    }

    @ParameterizedTest
    @EnumSource(ReasonCode.class)
    void everyReasonReadsAsOneFinishedSentenceInBothLanguages(ReasonCode reason) {
        for (Locale locale : List.of(Locale.ENGLISH, Locale.FRENCH)) {
            String sentence = sentenceFor(reason, locale);

            assertThat(sentence).as(reason + " in " + locale).endsWith(".").doesNotContain("{", "}", "''", "null");
        }
        assertThat(sentenceFor(reason, Locale.FRENCH)).isNotEqualTo(sentenceFor(reason, Locale.ENGLISH));
    }

    @Test
    void aTenantReadyToMigrateIsToldWhatWillHappen() {
        Tenants tenant = readyToMigrate().licenses(42).targetLicenses(42);

        assertThat(remediation(tenant, 42, Locale.ENGLISH)).startsWith("Ready: ")
            .contains("ENTERPRISEWITHSCAL", "SPE_E5", "42", "20", "step 3", "step 4");
        assertThat(remediation(tenant, 42, Locale.FRENCH)).startsWith("Prêt : ")
            .contains("ENTERPRISEWITHSCAL", "SPE_E5", "42", "étape 3", "étape 4");
    }

    @Test
    void aLocaleWithoutItsOwnBundleReadsEnglish() {
        assertThat(remediation(readyToMigrate(), Locale.GERMAN))
            .isEqualTo(remediation(readyToMigrate(), Locale.ENGLISH));
    }

    @Test
    void givesOneSentencePerReasonInReasonOrderSeparatedByASpace() {
        Tenants tenant = readyToMigrate().creditCheckPending().prepaid();

        assertThat(remediation(tenant, Locale.ENGLISH))
            .isEqualTo(sentenceFor(ReasonCode.CREDIT_CHECK_PENDING, Locale.ENGLISH) + " "
                    + sentenceFor(ReasonCode.PREPAID_PLAN, Locale.ENGLISH));
    }

    @Test
    void pointsToTheStepOfTheManualProcedure() {
        assertThat(remediation(readyToMigrate().targetNotPurchased(), Locale.ENGLISH)).contains("Step 1", "SPE_E5");
        assertThat(remediation(readyToMigrate().targetNotPurchased(), Locale.FRENCH)).contains("étape 1", "SPE_E5");
        assertThat(remediation(readyToMigrate().targetLicenses(20), 25, Locale.ENGLISH)).contains("Step 2",
                "licenses: 20", "users to move: 25", "buy 5 more");
        assertThat(remediation(readyToMigrate().targetLicenses(20), 25, Locale.FRENCH)).contains("Étape 2",
                "licences : 20", "utilisateurs à déplacer : 25", "achetez-en 5 de plus");
        assertThat(remediation(readyToMigrate().targetStatus(Tenant.TargetStatus.PENDING), Locale.ENGLISH))
            .contains("Step 2", "sub-e5", "not active");
    }

    @Test
    void namesTheFiguresOfALicenseConflict() {
        assertThat(remediation(readyToMigrate().licenses(10).targetLicenses(12), 12, Locale.ENGLISH))
            .contains("users: 12", "licenses: 10", "license conflicts");
    }

    @Test
    void writesTheOverdueAmountTheLocaleWay() {
        assertThat(remediation(readyToMigrate().unpaidBalance("1234.5"), Locale.ENGLISH)).contains("1,234.50", "pay");
        assertThat(remediation(readyToMigrate().unpaidBalance("1234.5"), Locale.FRENCH)).contains("234,50", "réglez");
    }

    @Test
    void explainsWhichWayTheTargetPlanIsNotSupported() {
        assertThat(remediation(readyToMigrate().targetSku("SPB"), Locale.ENGLISH)).contains("SPB", "lose",
                "Exchange Online", "SharePoint Online");
        assertThat(remediation(readyToMigrate().targetSku("NO_SUCH_PLAN"), Locale.ENGLISH)).contains("NO_SUCH_PLAN",
                "catalog");
        assertThat(remediation(readyToMigrate().targetSku(E4), Locale.ENGLISH))
            .contains("source plan itself", "target_sku")
            .doesNotContain("catalog");
    }

    @Test
    void listsTheAddOnsAndNamesThoseTheTargetAlreadyIncludes() {
        Tenants tenant = readyToMigrate().addOns("SHAREPOINTSTORAGE", "MCOMEETADV", "THREAT_INTELLIGENCE");

        assertThat(remediation(tenant, Locale.ENGLISH)).contains("SHAREPOINTSTORAGE, MCOMEETADV, THREAT_INTELLIGENCE")
            .contains("SPE_E5 already includes MCOMEETADV, THREAT_INTELLIGENCE")
            .contains("cancel");
        assertThat(remediation(tenant, Locale.FRENCH)).contains("SPE_E5 inclut déjà MCOMEETADV, THREAT_INTELLIGENCE")
            .contains("résiliez");
    }

    @Test
    void saysSoWhenNoAddOnIsRedundant() {
        assertThat(remediation(readyToMigrate().addOns("SHAREPOINTSTORAGE"), Locale.ENGLISH))
            .contains("SHAREPOINTSTORAGE", "does not include them")
            .doesNotContain("already includes");
    }

    @Test
    void englishAndFrenchDiffer() {
        Tenants tenant = readyToMigrate().plansForProduct(2).unpaidBalance("10");

        assertThat(remediation(tenant, Locale.FRENCH)).isNotEqualTo(remediation(tenant, Locale.ENGLISH))
            .contains("onglet Mise à niveau");
    }

}
