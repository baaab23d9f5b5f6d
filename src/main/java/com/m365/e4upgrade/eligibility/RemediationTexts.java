package com.m365.e4upgrade.eligibility;

import com.m365.e4upgrade.eligibility.EligibilityRules.TargetPlanProblem;
import com.m365.e4upgrade.input.Tenant;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;

/**
 * The remediation column of eligibility.csv: what the operator should do about a tenant,
 * in the operator's language. Texts live in the messages bundles under
 * {@code remediation.<REASON_CODE>}; a reason whose advice depends on the case has a more
 * specific key below it ({@code remediation.TARGET_PLAN_NOT_SUPPORTED.SAME_AS_SOURCE},
 * {@code remediation.ADD_ON_PRESENT.REDUNDANT}).
 */
public class RemediationTexts {

    private static final String PREFIX = "remediation.";

    private final MessageSource messages;

    private final EligibilityRules rules;

    public RemediationTexts(MessageSource messages, EligibilityRules rules) {
        this.messages = Objects.requireNonNull(messages, "messages");
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    /**
     * One sentence per reason, in the decision's reason order; a short confirmation when
     * nothing stands in the way.
     */
    public String remediation(TenantDecision decision, Tenant tenant, Locale locale) {
        if (decision.reasons().isEmpty()) {
            return messages.getMessage(PREFIX + "MIGRATE",
                    new Object[] { decision.sourceUsers(), tenant.sourceSku(), tenant.targetSku() }, locale);
        }
        return decision.reasons()
            .stream()
            .map(reason -> sentence(reason, decision, tenant, locale))
            .collect(Collectors.joining(" "));
    }

    private String sentence(ReasonCode reason, TenantDecision decision, Tenant tenant, Locale locale) {
        return messages.getMessage(keyFor(reason, tenant), argumentsFor(reason, decision, tenant), locale);
    }

    private String keyFor(ReasonCode reason, Tenant tenant) {
        String key = PREFIX + reason.name();
        return switch (reason) {
            // Losing data is the rule's main case and reads the plain key.
            case TARGET_PLAN_NOT_SUPPORTED -> rules.targetPlanProblem(tenant)
                .filter(problem -> problem != TargetPlanProblem.LOSES_DATA)
                .map(problem -> key + "." + problem.name())
                .orElse(key);
            case ADD_ON_PRESENT -> rules.redundantAddOns(tenant).isEmpty() ? key : key + ".REDUNDANT";
            default -> key;
        };
    }

    private Object[] argumentsFor(ReasonCode reason, TenantDecision decision, Tenant tenant) {
        String source = tenant.sourceSku();
        String target = tenant.targetSku();
        int users = decision.sourceUsers();
        return switch (reason) {
            case SOURCE_PLAN_MISMATCH -> new Object[] { source, rules.jobSourceSku() };
            case LICENSE_CONFLICT -> new Object[] { source, tenant.licenses(), users };
            case UNPAID_BALANCE -> new Object[] { tenant.unpaidBalance() };
            case TARGET_NOT_PURCHASED -> new Object[] { target, users };
            case TARGET_SEATS_INSUFFICIENT ->
                new Object[] { target, tenant.targetLicenses(), users, users - tenant.targetLicenses() };
            case TARGET_NOT_ACTIVE -> new Object[] { target, tenant.targetSubscriptionId() };
            case MULTIPLE_PLANS_SAME_PRODUCT -> new Object[] { tenant.plansForProduct() };
            case ADD_ON_PRESENT -> new Object[] { String.join(", ", tenant.addOns()), target,
                    String.join(", ", rules.redundantAddOns(tenant)) };
            default -> new Object[] { source, target };
        };
    }

}
