package com.m365.e4upgrade.eligibility;

import java.util.List;
import java.util.Objects;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Decides one tenant. Never filters: every tenant gets a stored decision (and a row in
 * eligibility.csv); the later steps select the tenants whose verdict migrates.
 */
public class EligibilityProcessor implements ItemProcessor<TenantToDecide, TenantDecision> {

    private final EligibilityRules rules;

    public EligibilityProcessor(EligibilityRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    @Override
    public TenantDecision process(TenantToDecide item) {
        List<ReasonCode> reasons = rules.reasonsFor(item.tenant(), item.sourceUsers());
        return new TenantDecision(item.tenant().tenantId(), verdictOf(reasons), reasons, item.sourceUsers());
    }

    /** The most severe class among the reasons; MIGRATE when there is none. */
    public static Verdict verdictOf(List<ReasonCode> reasons) {
        return reasons.stream()
                .map(ReasonCode::verdictClass)
                .reduce(Verdict.MIGRATE, Verdict::mostSevere);
    }
}
