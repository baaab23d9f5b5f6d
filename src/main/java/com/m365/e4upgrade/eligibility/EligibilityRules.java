package com.m365.e4upgrade.eligibility;

import com.m365.e4upgrade.input.Tenant;
import com.m365.e4upgrade.input.Tenant.PurchaseChannel;
import com.m365.e4upgrade.input.Tenant.Sector;
import com.m365.e4upgrade.input.Tenant.ServiceStatus;
import com.m365.e4upgrade.input.Tenant.TargetStatus;
import com.m365.e4upgrade.licensing.ServicePlan;
import com.m365.e4upgrade.licensing.Sku;
import com.m365.e4upgrade.licensing.SkuCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The tenant-level rules of eligibility-rules.md, for a job that migrates one source
 * plan.
 */
public final class EligibilityRules {

    /**
     * Why a target plan cannot replace the source plan (the three cases of
     * TARGET_PLAN_NOT_SUPPORTED).
     */
    public enum TargetPlanProblem {

        UNKNOWN_TARGET, SAME_AS_SOURCE, LOSES_DATA

    }

    private final String jobSourceSku;

    private final SkuCatalog catalog;

    /**
     * The answer of {@link #targetPlanProblem} by (target, source) as the tenant wrote
     * them: it depends on the two SKUs and the catalog alone, and comparing the service
     * plans of two SKUs for every tenant was most of the eligibility step's own CPU
     * (issue 15). A run meets a handful of pairs; concurrent for the live target checks.
     */
    private final Map<List<String>, Optional<TargetPlanProblem>> problemsByPlans = new ConcurrentHashMap<>();

    public EligibilityRules(String jobSourceSku, SkuCatalog catalog) {
        this.jobSourceSku = Objects.requireNonNull(jobSourceSku, "jobSourceSku").strip();
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /**
     * The plan this job migrates away from (the tenants' source_sku must be this one).
     */
    public String jobSourceSku() {
        return jobSourceSku;
    }

    /**
     * Every reason that applies to the tenant, in the order of ReasonCode (the rules
     * table's order).
     * @param sourceUsers A: the tenant's accepted users whose licenses include its
     * source_sku
     */
    public List<ReasonCode> reasonsFor(Tenant tenant, int sourceUsers) {
        boolean purchased = tenant.targetPurchased();
        List<ReasonCode> reasons = new ArrayList<>();
        addIf(reasons, ReasonCode.SOURCE_PLAN_MISMATCH, !jobSourceSku.equalsIgnoreCase(tenant.sourceSku()));
        addIf(reasons, ReasonCode.INDIRECT_PURCHASE, tenant.purchaseChannel() == PurchaseChannel.PARTNER
                || tenant.purchaseChannel() == PurchaseChannel.VOLUME_LICENSING);
        addIf(reasons, ReasonCode.TARGET_PLAN_NOT_SUPPORTED, targetPlanProblem(tenant).isPresent());
        addIf(reasons, ReasonCode.LICENSE_CONFLICT, sourceUsers > tenant.licenses());
        addIf(reasons, ReasonCode.UNPAID_BALANCE, tenant.unpaidBalance().signum() > 0);
        addIf(reasons, ReasonCode.TARGET_NOT_PURCHASED, !purchased);
        addIf(reasons, ReasonCode.TARGET_SEATS_INSUFFICIENT, purchased && tenant.targetLicenses() < sourceUsers);
        addIf(reasons, ReasonCode.CREDIT_CHECK_PENDING, tenant.creditCheckPending());
        addIf(reasons, ReasonCode.UPGRADE_IN_PROGRESS, tenant.upgradeInProgress());
        addIf(reasons, ReasonCode.SERVICE_NOT_READY, tenant.serviceStatus() == ServiceStatus.INCIDENT
                || tenant.serviceStatus() == ServiceStatus.PROVISIONING);
        addIf(reasons, ReasonCode.TARGET_NOT_ACTIVE, purchased && tenant.targetStatus() != TargetStatus.ACTIVE);
        addIf(reasons, ReasonCode.TEMPORARILY_UNAVAILABLE, tenant.temporarilyUnavailable());
        addIf(reasons, ReasonCode.MULTIPLE_PLANS_SAME_PRODUCT, tenant.plansForProduct() >= 2);
        addIf(reasons, ReasonCode.PREPAID_PLAN, tenant.prepaid());
        addIf(reasons, ReasonCode.GOVERNMENT_OR_NONPROFIT,
                tenant.sector() == Sector.GOVERNMENT || tenant.sector() == Sector.NONPROFIT);
        addIf(reasons, ReasonCode.ADD_ON_PRESENT, !tenant.addOns().isEmpty());
        addIf(reasons, ReasonCode.NOT_ELIGIBLE_FOR_UPGRADE_TAB, !tenant.upgradeEligible());
        return List.copyOf(reasons);
    }

    /**
     * Why the tenant's target plan cannot replace its source plan, if it cannot. A source
     * plan unknown to the catalog has no known services, so only the unknown-target and
     * same-plan checks can apply to it.
     */
    public Optional<TargetPlanProblem> targetPlanProblem(Tenant tenant) {
        return problemsByPlans.computeIfAbsent(List.of(tenant.targetSku(), tenant.sourceSku()),
                plans -> targetPlanProblem(plans.get(0), plans.get(1)));
    }

    private Optional<TargetPlanProblem> targetPlanProblem(String targetSku, String sourceSku) {
        Optional<Sku> target = catalog.find(targetSku);
        if (target.isEmpty()) {
            return Optional.of(TargetPlanProblem.UNKNOWN_TARGET);
        }
        if (targetSku.strip().equalsIgnoreCase(sourceSku.strip())) {
            return Optional.of(TargetPlanProblem.SAME_AS_SOURCE);
        }
        boolean losesData = catalog.find(sourceSku)
            .map(source -> !DataServiceFamily.keepsData(source, target.get()))
            .orElse(false);
        return losesData ? Optional.of(TargetPlanProblem.LOSES_DATA) : Optional.empty();
    }

    /**
     * The tenant's add-ons that its target plan already includes, in the tenant's order:
     * those the admin can cancel after the move. Generic *_FOUNDATION* plans come with
     * almost every SKU and say nothing about what the add-on sells, so they are left out
     * of the comparison; an add-on or a target unknown to the catalog is never called
     * redundant, nor is an add-on with nothing left to compare, since cancelling it on a
     * guess could take a service away.
     */
    public List<String> redundantAddOns(Tenant tenant) {
        Optional<Sku> target = catalog.find(tenant.targetSku());
        if (target.isEmpty()) {
            return List.of();
        }
        return tenant.addOns()
            .stream()
            .filter(addOn -> catalog.find(addOn).map(sku -> includedIn(sku, target.get())).orElse(false))
            .toList();
    }

    private static boolean includedIn(Sku addOn, Sku target) {
        List<ServicePlan> sold = addOn.servicePlans()
            .stream()
            .filter(Predicate.not(EligibilityRules::isGenericFoundationPlan))
            .toList();
        return !sold.isEmpty() && sold.stream().allMatch(plan -> target.hasPlan(plan.name()));
    }

    private static boolean isGenericFoundationPlan(ServicePlan plan) {
        return plan.name().toUpperCase(Locale.ROOT).contains("_FOUNDATION");
    }

    private static void addIf(List<ReasonCode> reasons, ReasonCode reason, boolean applies) {
        if (applies) {
            reasons.add(reason);
        }
    }

}
