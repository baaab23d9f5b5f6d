package com.m365.e4upgrade.eligibility;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import com.m365.e4upgrade.input.Tenant;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Decides one tenant. Never filters: every tenant gets a stored decision (and a row in
 * eligibility.csv); the later steps select the tenants whose verdict migrates. A tenant
 * that would migrate is also checked against the live target subscription when the
 * gateway can see it: an inactive or too small target adds TARGET_NOT_ACTIVE or
 * TARGET_SEATS_INSUFFICIENT, and the tenant does not move this time.
 */
public class EligibilityProcessor implements ItemProcessor<TenantToDecide, TenantDecision> {

    private final EligibilityRules rules;

    private final TargetCheck targetCheck;

    public EligibilityProcessor(EligibilityRules rules) {
        this(rules, TargetCheck.NONE);
    }

    public EligibilityProcessor(EligibilityRules rules, TargetCheck targetCheck) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.targetCheck = Objects.requireNonNull(targetCheck, "targetCheck");
    }

    @Override
    public TenantDecision process(TenantToDecide item) {
        Tenant tenant = item.tenant();
        List<ReasonCode> reasons = rules.reasonsFor(tenant, item.sourceUsers());
        if (verdictOf(reasons).migrates()) {
            reasons = withLiveTargetCheck(reasons, tenant, item.sourceUsers());
        }
        return new TenantDecision(tenant.tenantId(), verdictOf(reasons), reasons, item.sourceUsers());
    }

    private List<ReasonCode> withLiveTargetCheck(List<ReasonCode> reasons, Tenant tenant, int seatsNeeded) {
        ReasonCode found = switch (targetCheck.check(tenant.tenantId(), tenant.targetSku(), seatsNeeded)) {
            case READY -> null;
            case NOT_ACTIVE -> ReasonCode.TARGET_NOT_ACTIVE;
            case SEATS_INSUFFICIENT -> ReasonCode.TARGET_SEATS_INSUFFICIENT;
        };
        if (found == null || reasons.contains(found)) {
            return reasons;
        }
        List<ReasonCode> all = new ArrayList<>(reasons);
        all.add(found);
        all.sort(Comparator.naturalOrder()); // the table's order
        return all;
    }

    /** The most severe class among the reasons; MIGRATE when there is none. */
    public static Verdict verdictOf(List<ReasonCode> reasons) {
        return reasons.stream().map(ReasonCode::verdictClass).reduce(Verdict.MIGRATE, Verdict::mostSevere);
    }

}
