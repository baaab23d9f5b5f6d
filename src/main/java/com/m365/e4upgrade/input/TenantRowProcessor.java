package com.m365.e4upgrade.input;

import java.util.List;
import java.util.function.UnaryOperator;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Validates a row of tenants.csv against the contract's columns and types. SKU part
 * numbers are stored as the SKU catalog spells them, whatever case the admin typed.
 */
public class TenantRowProcessor implements ItemProcessor<CsvRecord, ImportedRow<Tenant>> {

    public static final List<String> REQUIRED_COLUMNS = List.of("tenant_id", "subscription_id", "source_sku",
            "licenses", "target_sku");

    /** Every column of the contract: each may appear once in the header. */
    public static final List<String> COLUMNS = List.of("tenant_id", "tenant_name", "subscription_id", "source_sku",
            "licenses", "target_sku", "target_subscription_id", "target_licenses", "target_status", "purchase_channel",
            "payment_method", "prepaid", "sector", "plans_for_product", "add_ons", "unpaid_balance",
            "credit_check_pending", "upgrade_in_progress", "service_status", "upgrade_eligible",
            "temporarily_unavailable");

    private final UnaryOperator<String> skuNames;

    /** Keeps SKU part numbers as typed. */
    public TenantRowProcessor() {
        this(UnaryOperator.identity());
    }

    /**
     * @param skuNames the catalog's spelling of a typed part number
     */
    public TenantRowProcessor(UnaryOperator<String> skuNames) {
        this.skuNames = skuNames;
    }

    @Override
    public ImportedRow<Tenant> process(CsvRecord record) {
        try {
            return new ImportedRow.Accepted<>(record.line(), toTenant(new Cells(record)), record);
        }
        catch (InvalidCellException e) {
            return new ImportedRow.Rejected<>(record.line(), e.getMessage(), RecordText.of(record));
        }
    }

    private Tenant toTenant(Cells cells) {
        cells.checkWidth();
        return new Tenant(cells.guid("tenant_id"), cells.text("tenant_name"), cells.required("subscription_id"),
                skuNames.apply(cells.required("source_sku")), cells.requiredCount("licenses", 0),
                skuNames.apply(cells.required("target_sku")), cells.text("target_subscription_id"),
                cells.count("target_licenses", 0, 0),
                cells.choice("target_status", Tenant.TargetStatus.class, Tenant.TargetStatus.PENDING),
                cells.choice("purchase_channel", Tenant.PurchaseChannel.class, Tenant.PurchaseChannel.DIRECT),
                cells.choice("payment_method", Tenant.PaymentMethod.class, Tenant.PaymentMethod.CREDIT_CARD),
                cells.bool("prepaid", false), cells.choice("sector", Tenant.Sector.class, Tenant.Sector.COMMERCIAL),
                cells.count("plans_for_product", 1, 1), cells.list("add_ons").stream().map(skuNames).toList(),
                cells.amount("unpaid_balance"), cells.bool("credit_check_pending", false),
                cells.bool("upgrade_in_progress", false),
                cells.choice("service_status", Tenant.ServiceStatus.class, Tenant.ServiceStatus.HEALTHY),
                cells.bool("upgrade_eligible", true), cells.bool("temporarily_unavailable", false));
    }

}
