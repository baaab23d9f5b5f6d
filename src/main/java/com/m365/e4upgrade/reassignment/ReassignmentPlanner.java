package com.m365.e4upgrade.reassignment;

import java.util.List;

import com.m365.e4upgrade.licensing.Sku;
import com.m365.e4upgrade.licensing.SkuCatalog;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Decides each source-plan holder's move by the per-user rules: no usage location or a
 * group-inherited license means SKIPPED (in that order); otherwise the move is PLANNED,
 * keeping disabled the service plans that the target also has.
 */
public class ReassignmentPlanner implements ItemProcessor<PlanCandidate, Reassignment> {

    public static final String USAGE_LOCATION_MISSING = "USAGE_LOCATION_MISSING";

    public static final String GROUP_LICENSE = "GROUP_LICENSE";

    private final SkuCatalog catalog;

    public ReassignmentPlanner(SkuCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Reassignment process(PlanCandidate user) {
        String skipDetail = skipDetail(user);
        return new Reassignment(user.tenantId(), user.userId(), user.userPrincipalName(), user.sourceSku(),
                user.targetSku(), keptDisabledPlans(user),
                skipDetail == null ? Reassignment.Status.PLANNED : Reassignment.Status.SKIPPED, skipDetail, null);
    }

    private static String skipDetail(PlanCandidate user) {
        if (user.usageLocation() == null || user.usageLocation().isBlank()) {
            return USAGE_LOCATION_MISSING;
        }
        if ("GROUP".equals(user.licenseAssignment())) {
            return GROUP_LICENSE;
        }
        return null;
    }

    private List<String> keptDisabledPlans(PlanCandidate user) {
        return keptDisabledPlans(user.targetSku(), user.disabledPlans());
    }

    /**
     * The user's disabled service plans that the target SKU also has (none when the
     * catalog does not know the target), in the user's order.
     */
    public List<String> keptDisabledPlans(String targetSku, List<String> disabledPlans) {
        Sku target = catalog.find(targetSku).orElse(null);
        if (target == null) {
            return List.of();
        }
        return disabledPlans.stream().filter(target::hasPlan).toList();
    }

}
