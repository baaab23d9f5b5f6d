package com.m365.e4upgrade.input;

import java.util.List;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Validates a row of users.csv on its own; whether its tenant exists and whether the user
 * is a duplicate are decided per chunk by {@link UserImportWriter}, against what is
 * already stored.
 */
public class UserRowProcessor implements ItemProcessor<CsvRecord, ImportedRow<TenantUser>> {

    public static final List<String> REQUIRED_COLUMNS = List.of("tenant_id", "user_id", "user_principal_name");

    /** Every column of the contract: each may appear once in the header. */
    public static final List<String> COLUMNS = List.of("tenant_id", "user_id", "user_principal_name", "display_name",
            "licenses", "usage_location", "license_assignment", "disabled_plans", "account_enabled");

    @Override
    public ImportedRow<TenantUser> process(CsvRecord record) {
        try {
            return new ImportedRow.Accepted<>(record.line(), toUser(new Cells(record)), record);
        }
        catch (InvalidCellException e) {
            return new ImportedRow.Rejected<>(record.line(), e.getMessage(), RecordText.of(record),
                    namedTenant(record));
        }
    }

    /** The tenant a rejected row still names, if its tenant_id cell is a GUID. */
    private static String namedTenant(CsvRecord record) {
        String tenantId = record.value("tenant_id");
        return Guids.isGuid(tenantId) ? Guids.key(tenantId) : null;
    }

    private static TenantUser toUser(Cells cells) {
        cells.checkWidth();
        return new TenantUser(cells.guid("tenant_id"), cells.guid("user_id"),
                cells.userPrincipalName("user_principal_name"), cells.text("display_name"), cells.list("licenses"),
                cells.country("usage_location"),
                cells.choice("license_assignment", TenantUser.LicenseAssignment.class,
                        TenantUser.LicenseAssignment.DIRECT),
                cells.list("disabled_plans"), cells.bool("account_enabled", true));
    }

}
