package com.m365.e4upgrade.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What makes a row of tenants.csv or users.csv acceptable, column by column. */
class RowValidationTests {

    private static final String[] TENANT_COLUMNS = { "tenant_id", "subscription_id", "source_sku", "licenses",
            "target_sku", "target_licenses", "target_status", "prepaid", "plans_for_product", "unpaid_balance",
            "add_ons", "sector" };

    private static final String[] VALID_TENANT = { "11111111-1111-4111-8111-111111111111", "sub", "ENTERPRISEWITHSCAL",
            "10", "SPE_E5", "", "", "", "", "", "", "" };

    @Test
    void aMinimalTenantRowTakesTheContractsDefaults() {
        // when
        ImportedRow<Tenant> row = new TenantRowProcessor().process(tenantRow(VALID_TENANT));

        // then
        assertThat(row).isInstanceOfSatisfying(ImportedRow.Accepted.class, accepted -> {
            Tenant tenant = (Tenant) accepted.value();
            assertThat(tenant.targetLicenses()).isZero();
            assertThat(tenant.targetStatus()).isEqualTo(Tenant.TargetStatus.PENDING);
            assertThat(tenant.purchaseChannel()).isEqualTo(Tenant.PurchaseChannel.DIRECT);
            assertThat(tenant.paymentMethod()).isEqualTo(Tenant.PaymentMethod.CREDIT_CARD);
            assertThat(tenant.sector()).isEqualTo(Tenant.Sector.COMMERCIAL);
            assertThat(tenant.plansForProduct()).isEqualTo(1);
            assertThat(tenant.unpaidBalance()).isEqualByComparingTo(BigDecimal.ZERO);
            assertThat(tenant.upgradeEligible()).isTrue();
            assertThat(tenant.prepaid()).isFalse();
            assertThat(tenant.addOns()).isEmpty();
            assertThat(tenant.serviceStatus()).isEqualTo(Tenant.ServiceStatus.HEALTHY);
        });
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({ "prepaid, YES, true", "prepaid, no, false", "prepaid, 1, true", "prepaid, False, false",
            "target_status, active, ACTIVE", "sector, Nonprofit, NONPROFIT", "add_ons, ' EMS | | ATP ', '[EMS, ATP]'" })
    void booleansEnumsAndListsAreReadLeniently(String column, String value, String expected) {
        // when
        ImportedRow<Tenant> row = new TenantRowProcessor().process(tenantRow(with(column, value)));

        // then
        Tenant tenant = ((ImportedRow.Accepted<Tenant>) row).value();
        Object actual = switch (column) {
            case "prepaid" -> tenant.prepaid();
            case "target_status" -> tenant.targetStatus();
            case "sector" -> tenant.sector();
            default -> tenant.addOns();
        };
        assertThat(actual).hasToString(expected);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({ "tenant_id, not-a-guid, tenant_id: \"not-a-guid\" is not a GUID",
            "tenant_id, '', tenant_id: is required", "subscription_id, '', subscription_id: is required",
            "licenses, -5, licenses: \"-5\" is not an integer >= 0",
            "licenses, 2.5, licenses: \"2.5\" is not an integer >= 0", "licenses, '', licenses: is required",
            "target_licenses, many, target_licenses: \"many\" is not an integer >= 0",
            "plans_for_product, 0, plans_for_product: \"0\" is not an integer >= 1",
            "unpaid_balance, -1, unpaid_balance: \"-1\" is not a decimal >= 0",
            "unpaid_balance, 1e20, unpaid_balance: \"1e20\" is larger than 999999999999999.9999",
            "prepaid, maybe, 'prepaid: \"maybe\" is not a boolean (true/false, yes/no, 1/0)'",
            "target_status, CANCELLED, 'target_status: \"CANCELLED\" is not one of [ACTIVE, PENDING]'" })
    void anInvalidCellRejectsTheRowNamingTheColumnAndTheProblem(String column, String value, String reason) {
        // when
        ImportedRow<Tenant> row = new TenantRowProcessor().process(tenantRow(with(column, value)));

        // then
        assertThat(row).isInstanceOfSatisfying(ImportedRow.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(reason));
        assertThat(row.line()).isEqualTo(7);
    }

    @ParameterizedTest(name = "unpaid_balance={0}")
    @CsvSource({ "1e-400, 0.0001", "0.00001, 0.0001", "12.5, 12.5000", "0, 0.0000", "1E+3, 1000.0000" })
    void anUnpaidBalanceIsStoredToTheFourthDecimalAndAPositiveOneNeverBecomesZero(String value, String stored) {
        // when
        ImportedRow<Tenant> row = new TenantRowProcessor().process(tenantRow(with("unpaid_balance", value)));

        // then
        Tenant tenant = ((ImportedRow.Accepted<Tenant>) row).value();
        assertThat(tenant.unpaidBalance()).isEqualTo(new BigDecimal(stored));
    }

    @Test
    void skuPartNumbersAreSpelledAsTheCatalogSpellsThem() {
        // given
        TenantRowProcessor processor = new TenantRowProcessor(
                typed -> typed.equalsIgnoreCase("spe_e5") ? "SPE_E5" : typed);
        String[] cells = with("target_sku", "spe_e5");
        cells[List.of(TENANT_COLUMNS).indexOf("add_ons")] = "Spe_E5|unknown_addon";

        // when
        Tenant tenant = ((ImportedRow.Accepted<Tenant>) processor.process(tenantRow(cells))).value();

        // then
        assertThat(tenant.targetSku()).isEqualTo("SPE_E5");
        assertThat(tenant.addOns()).containsExactly("SPE_E5", "unknown_addon");
        assertThat(tenant.sourceSku()).isEqualTo("ENTERPRISEWITHSCAL");
    }

    @Test
    void aRejectedUserRowRemembersTheTenantItNamesInLowerCase() {
        // given
        String[] columns = { "tenant_id", "user_id", "user_principal_name" };
        CsvRecord badUpn = new CsvRecord(4, new String[] { "46FCD802-1111-4111-8111-11111111111A",
                "22222222-2222-4222-8222-222222222222", "kenji@@sakura-tech.co.jp" }, new CsvHeader(columns));
        CsvRecord badTenant = new CsvRecord(5,
                new String[] { "not-a-guid", "22222222-2222-4222-8222-222222222222", "kenji@sakura-tech.co.jp" },
                new CsvHeader(columns));

        // when
        ImportedRow<TenantUser> first = new UserRowProcessor().process(badUpn);
        ImportedRow<TenantUser> second = new UserRowProcessor().process(badTenant);

        // then
        assertThat(first).isInstanceOfSatisfying(ImportedRow.Rejected.class,
                rejected -> assertThat(rejected.namedTenant()).isEqualTo("46fcd802-1111-4111-8111-11111111111a"));
        assertThat(second).isInstanceOfSatisfying(ImportedRow.Rejected.class,
                rejected -> assertThat(rejected.namedTenant()).isNull());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({ "user_principal_name, ann.contoso.com", "user_principal_name, ann@@contoso.com",
            "user_principal_name, @contoso.com", "user_principal_name, ann@", "usage_location, FRA",
            "license_assignment, INHERITED", "account_enabled, perhaps", "user_id, 42" })
    void aUserRowIsRejectedForAnInvalidCell(String column, String value) {
        // given
        String[] columns = { "tenant_id", "user_id", "user_principal_name", "usage_location", "license_assignment",
                "account_enabled" };
        String[] cells = { "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222",
                "ann@contoso.com", "fr", "direct", "true" };
        cells[List.of(columns).indexOf(column)] = value;

        // when
        ImportedRow<TenantUser> row = new UserRowProcessor().process(new CsvRecord(3, cells, new CsvHeader(columns)));

        // then
        assertThat(row).isInstanceOfSatisfying(ImportedRow.Rejected.class,
                rejected -> assertThat(rejected.reason()).startsWith(column + ": "));
    }

    @Test
    void aUserRowWithTheSameColumnsIsAcceptedWithItsCountryInCapitals() {
        // given
        String[] columns = { "tenant_id", "user_id", "user_principal_name", "usage_location", "licenses" };
        String[] cells = { "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222",
                "ann@contoso.com", "fr", "ENTERPRISEWITHSCAL|EMS" };

        // when
        ImportedRow<TenantUser> row = new UserRowProcessor().process(new CsvRecord(3, cells, new CsvHeader(columns)));

        // then
        TenantUser user = ((ImportedRow.Accepted<TenantUser>) row).value();
        assertThat(user.usageLocation()).isEqualTo("FR");
        assertThat(user.holds("enterprisewithscal")).isTrue();
        assertThat(user.licenseAssignment()).isEqualTo(TenantUser.LicenseAssignment.DIRECT);
        assertThat(user.accountEnabled()).isTrue();
    }

    @Test
    void aRowWithAnUnterminatedQuoteIsRejectedByBothProcessorsWithItsLineAsWritten() {
        // given: the reader could not split the row on line 9 into cells; a long line is
        // cut as other rows are
        String rawLine = "11111111-1111-4111-8111-111111111111,\"open" + "x".repeat(RecordText.MAX_LENGTH);
        String[] cellsBeforeTheQuote = { "11111111-1111-4111-8111-111111111111" };
        CsvRecord tenants = CsvRecord.withUnterminatedQuote(9, rawLine, cellsBeforeTheQuote,
                new CsvHeader(TENANT_COLUMNS));
        CsvRecord users = CsvRecord.withUnterminatedQuote(9, rawLine, cellsBeforeTheQuote,
                new CsvHeader(new String[] { "tenant_id", "user_id", "user_principal_name" }));

        // when
        List<ImportedRow<?>> rows = List.of(new TenantRowProcessor().process(tenants),
                new UserRowProcessor().process(users));

        // then
        assertThat(rows)
            .allSatisfy(row -> assertThat(row).isInstanceOfSatisfying(ImportedRow.Rejected.class, rejected -> {
                assertThat(rejected.line()).isEqualTo(9);
                assertThat(rejected.reason())
                    .isEqualTo("row: a quoted cell opened on this line is never closed (unterminated quote)");
                assertThat(rejected.record()).isEqualTo(rawLine.substring(0, RecordText.MAX_LENGTH) + "…");
            }));
        // a user row still names its tenant, whose subscription must then be kept
        assertThat(((ImportedRow.Rejected<?>) rows.get(1)).namedTenant())
            .isEqualTo("11111111-1111-4111-8111-111111111111");
    }

    private static String[] with(String column, String value) {
        String[] cells = VALID_TENANT.clone();
        cells[List.of(TENANT_COLUMNS).indexOf(column)] = value;
        return cells;
    }

    private static CsvRecord tenantRow(String[] cells) {
        return new CsvRecord(7, cells, new CsvHeader(TENANT_COLUMNS));
    }

}
