package com.m365.e4upgrade.eligibility;

import com.m365.e4upgrade.input.Tenant;
import com.m365.e4upgrade.input.Tenant.PaymentMethod;
import com.m365.e4upgrade.input.Tenant.PurchaseChannel;
import com.m365.e4upgrade.input.Tenant.Sector;
import com.m365.e4upgrade.input.Tenant.ServiceStatus;
import com.m365.e4upgrade.input.Tenant.TargetStatus;
import java.math.BigDecimal;
import java.util.List;

/**
 * Builds test tenants that start as a clean MIGRATE case: an Office 365 E4 tenant bought
 * directly, with {@link #USERS} users on {@link #USERS} licenses, moving to an active,
 * fully licensed SPE_E5. Each test changes only what it is about.
 */
final class Tenants {

    static final String E4 = "ENTERPRISEWITHSCAL";
    static final String E5 = "SPE_E5";

    /** A: the users holding the source plan that a clean tenant is decided with. */
    static final int USERS = 25;

    private String tenantId = "00000000-0000-0000-0000-000000000001";

    private String tenantName = "Contoso Ltd";

    private String subscriptionId = "sub-e4";

    private String sourceSku = E4;

    private int licenses = USERS;

    private String targetSku = E5;

    private String targetSubscriptionId = "sub-e5";

    private int targetLicenses = USERS;

    private TargetStatus targetStatus = TargetStatus.ACTIVE;

    private PurchaseChannel purchaseChannel = PurchaseChannel.DIRECT;

    private PaymentMethod paymentMethod = PaymentMethod.CREDIT_CARD;

    private boolean prepaid;

    private Sector sector = Sector.COMMERCIAL;

    private int plansForProduct = 1;

    private List<String> addOns = List.of();

    private BigDecimal unpaidBalance = BigDecimal.ZERO;

    private boolean creditCheckPending;

    private boolean upgradeInProgress;

    private ServiceStatus serviceStatus = ServiceStatus.HEALTHY;

    private boolean upgradeEligible = true;

    private boolean temporarilyUnavailable;

    private Tenants() {
    }

    static Tenants readyToMigrate() {
        return new Tenants();
    }

    Tenants tenantId(String value) {
        tenantId = value;
        return this;
    }

    Tenants sourceSku(String value) {
        sourceSku = value;
        return this;
    }

    Tenants licenses(int value) {
        licenses = value;
        return this;
    }

    Tenants targetSku(String value) {
        targetSku = value;
        return this;
    }

    Tenants targetNotPurchased() {
        targetSubscriptionId = "";
        return this;
    }

    Tenants targetLicenses(int value) {
        targetLicenses = value;
        return this;
    }

    Tenants targetStatus(TargetStatus value) {
        targetStatus = value;
        return this;
    }

    Tenants purchaseChannel(PurchaseChannel value) {
        purchaseChannel = value;
        return this;
    }

    Tenants prepaid() {
        prepaid = true;
        return this;
    }

    Tenants sector(Sector value) {
        sector = value;
        return this;
    }

    Tenants plansForProduct(int value) {
        plansForProduct = value;
        return this;
    }

    Tenants addOns(String... values) {
        addOns = List.of(values);
        return this;
    }

    Tenants unpaidBalance(String value) {
        unpaidBalance = new BigDecimal(value);
        return this;
    }

    Tenants creditCheckPending() {
        creditCheckPending = true;
        return this;
    }

    Tenants upgradeInProgress() {
        upgradeInProgress = true;
        return this;
    }

    Tenants serviceStatus(ServiceStatus value) {
        serviceStatus = value;
        return this;
    }

    Tenants notUpgradeEligible() {
        upgradeEligible = false;
        return this;
    }

    Tenants temporarilyUnavailable() {
        temporarilyUnavailable = true;
        return this;
    }

    Tenant build() {
        return new Tenant(tenantId, tenantName, subscriptionId, sourceSku, licenses, targetSku, targetSubscriptionId,
                targetLicenses, targetStatus, purchaseChannel, paymentMethod, prepaid, sector, plansForProduct, addOns,
                unpaidBalance, creditCheckPending, upgradeInProgress, serviceStatus, upgradeEligible,
                temporarilyUnavailable);
    }

}
