package com.m365.e4upgrade.licensing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

class SkuCatalogTests {

    private static final String HEADER = "Product_Display_Name,String_Id,GUID,Service_Plan_Name,Service_Plan_Id,Service_Plans_Included_Friendly_Names\n";

    private static Resource csv(String text) {
        return new ByteArrayResource(text.getBytes(StandardCharsets.UTF_8), "test catalog");
    }

    @Nested
    class TheBundledMicrosoftTable {

        private final SkuCatalog catalog = SkuCatalog
            .load(new ClassPathResource("catalog/product-names-and-service-plan-identifiers.csv"));

        @Test
        void holdsOfficeE4WithItsGuidAndAudioConferencing() {
            Sku e4 = catalog.find("ENTERPRISEWITHSCAL").orElseThrow();

            assertThat(e4.guid()).isEqualTo("1392051d-0cb9-4b7a-88d5-621fee5e8711");
            assertThat(e4.displayName()).isEqualTo("Office 365 E4");
            assertThat(e4.hasPlan("MCOVOICECONF")).isTrue();
            assertThat(e4.hasPlan("EXCHANGE_S_ENTERPRISE")).isTrue();
            assertThat(e4.hasPlan("SHAREPOINTENTERPRISE")).isTrue();
        }

        @Test
        void findsPartNumbersIgnoringCaseAndSurroundingSpaces() {
            assertThat(catalog.find("enterprisewithscal")).isEqualTo(catalog.find("ENTERPRISEWITHSCAL"));
            assertThat(catalog.find("  spe_e5 ")).map(Sku::partNumber).contains("SPE_E5");
        }

        @Test
        void findsIdsThatMicrosoftPaddedWithNonBreakingSpaces() {
            // Written "MCOCAP_FACULTY\u00A0" in Microsoft's file.
            assertThat(catalog.find("MCOCAP_FACULTY")).map(Sku::partNumber).contains("MCOCAP_FACULTY");
        }

        @Test
        void knowsNothingOfUnknownOrMissingPartNumbers() {
            assertThat(catalog.find("NO_SUCH_SKU")).isEmpty();
            assertThat(catalog.find(null)).isEmpty();
        }

        @Test
        void countsEachSkuOnce() {
            assertThat(catalog.size()).isBetween(500, 2000);
        }

    }

    @Test
    void ignoresALeadingByteOrderMark() {
        SkuCatalog catalog = SkuCatalog.load(csv("\uFEFF" + HEADER
                + "Office 365 E4,ENTERPRISEWITHSCAL,1392051d-0cb9-4b7a-88d5-621fee5e8711,MCOVOICECONF,27216c54,AUDIO\n"));

        assertThat(catalog.find("ENTERPRISEWITHSCAL")).isPresent();
    }

    @Test
    void keepsAServicePlanOnceWhenRowsRepeat() {
        String row = "Office 365 E4,ENTERPRISEWITHSCAL,1392051d,MCOVOICECONF,27216c54,AUDIO\n";

        SkuCatalog catalog = SkuCatalog
            .load(csv(HEADER + row + row + "Office 365 E4,ENTERPRISEWITHSCAL,1392051d,SWAY,a23b959c,SWAY\n" + row));

        assertThat(catalog.size()).isEqualTo(1);
        assertThat(catalog.find("ENTERPRISEWITHSCAL").orElseThrow().servicePlans()).extracting(ServicePlan::name)
            .containsExactly("MCOVOICECONF", "SWAY");
    }

    @Test
    void trimsNonBreakingSpacesAroundIdsAndKeepsThemFindable() {
        SkuCatalog catalog = SkuCatalog
            .load(csv(HEADER + "Shared Devices,MCOCAP_FACULTY\u00A0,420c7602\u00A0,TEAMS1, 57ff2da0 ,Teams\n"
                    + "No Teams,O365_w/o\u00A0Teams\u00A0Bundle_M3,3c0a8f1d,TEAMS1,57ff2da0,Teams\n"));

        Sku padded = catalog.find("mcocap_faculty").orElseThrow();
        assertThat(padded.partNumber()).isEqualTo("MCOCAP_FACULTY");
        assertThat(padded.guid()).isEqualTo("420c7602");
        assertThat(padded.servicePlans()).containsExactly(new ServicePlan("TEAMS1", "57ff2da0"));
        assertThat(catalog.find("O365_w/o Teams Bundle_M3")).isPresent();
        assertThat(catalog.find("O365_w/o\u00A0Teams\u00A0Bundle_M3\u00A0")).isPresent();
    }

    @Test
    void keepsTheFirstGuidOfAnIdListedUnderTwo() {
        SkuCatalog catalog = SkuCatalog
            .load(csv(HEADER + "Calling Domestic Small,MCOPSTN5,d43177b5,SMALL_PLAN,9a0125a5,Small\n"
                    + "Domestic Calling 120,MCOPSTN5,54a152dc,MCOPSTN5,54a152dc,Domestic\n"));

        Sku sku = catalog.find("MCOPSTN5").orElseThrow();
        assertThat(sku.guid()).isEqualTo("d43177b5");
        assertThat(sku.displayName()).isEqualTo("Calling Domestic Small");
        assertThat(sku.servicePlans()).extracting(ServicePlan::name).containsExactly("SMALL_PLAN");
    }

    @Test
    void readsQuotedCellsWithCommas() {
        SkuCatalog catalog = SkuCatalog.load(csv(HEADER
                + "\"Windows 365 Business 16 vCPU, 64 GB, 512 GB\",\"Windows_365_Business_16_vCPU,_64_GB,_512_GB\","
                + "1d4f75d3,CPC_B_16C_64GB_512GB,cbc,\"Windows 365 Business 16 vCPU, 64 GB, 512 GB\"\n"));

        Sku sku = catalog.find("Windows_365_Business_16_vCPU,_64_GB,_512_GB").orElseThrow();
        assertThat(sku.displayName()).isEqualTo("Windows 365 Business 16 vCPU, 64 GB, 512 GB");
        assertThat(sku.hasPlan("CPC_B_16C_64GB_512GB")).isTrue();
    }

    @Test
    void findsColumnsByNameInAnyOrderAndCase() {
        SkuCatalog catalog = SkuCatalog
            .load(csv("service_plan_id,GUID,string_id,SERVICE_PLAN_NAME,product_display_name\n"
                    + "27216c54,1392051d,ENTERPRISEWITHSCAL,MCOVOICECONF,Office 365 E4\n"));

        Sku e4 = catalog.find("ENTERPRISEWITHSCAL").orElseThrow();
        assertThat(e4).isEqualTo(new Sku("ENTERPRISEWITHSCAL", "1392051d", "Office 365 E4",
                List.of(new ServicePlan("MCOVOICECONF", "27216c54"))));
    }

    @Test
    void skipsRowsWithoutAnId() {
        SkuCatalog catalog = SkuCatalog.load(csv(HEADER + "Orphan,,1392051d,MCOVOICECONF,27216c54,AUDIO\n"
                + "Orphan,\u00A0 ,1392051d,MCOVOICECONF,27216c54,AUDIO\n"
                + "Office 365 E4,ENTERPRISEWITHSCAL,1392051d,MCOVOICECONF,27216c54,AUDIO\n"));

        assertThat(catalog.size()).isEqualTo(1);
    }

    @Test
    void refusesATableWithoutARequiredColumnNamingTheResourceAndTheColumn() {
        Resource withoutGuid = csv("Product_Display_Name,String_Id,Service_Plan_Name,Service_Plan_Id\n"
                + "Office 365 E4,ENTERPRISEWITHSCAL,MCOVOICECONF,27216c54\n");

        assertThatThrownBy(() -> SkuCatalog.load(withoutGuid)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("test catalog")
            .hasMessageContaining("GUID");
    }

    @Test
    void refusesAnEmptyTable() {
        assertThatThrownBy(() -> SkuCatalog.load(csv(""))).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("test catalog");
    }

    @Test
    void refusesAnUnreadableResourceNamingIt() {
        Resource missing = new ClassPathResource("catalog/no-such-file.csv");

        assertThatThrownBy(() -> SkuCatalog.load(missing)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("no-such-file.csv");
    }

}
