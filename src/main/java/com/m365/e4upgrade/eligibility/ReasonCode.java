package com.m365.e4upgrade.eligibility;

/**
 * Every reason of eligibility-rules.md, in the order that page lists them, with its
 * verdict class.
 */
public enum ReasonCode {

    SOURCE_PLAN_MISMATCH(Verdict.NOT_SUPPORTED), INDIRECT_PURCHASE(Verdict.NOT_SUPPORTED),
    TARGET_PLAN_NOT_SUPPORTED(Verdict.NOT_SUPPORTED), LICENSE_CONFLICT(Verdict.ACTION_REQUIRED),
    UNPAID_BALANCE(Verdict.ACTION_REQUIRED), TARGET_NOT_PURCHASED(Verdict.ACTION_REQUIRED),
    TARGET_SEATS_INSUFFICIENT(Verdict.ACTION_REQUIRED), CREDIT_CHECK_PENDING(Verdict.RETRY_LATER),
    UPGRADE_IN_PROGRESS(Verdict.RETRY_LATER), SERVICE_NOT_READY(Verdict.RETRY_LATER),
    TARGET_NOT_ACTIVE(Verdict.RETRY_LATER), TEMPORARILY_UNAVAILABLE(Verdict.RETRY_LATER),
    MULTIPLE_PLANS_SAME_PRODUCT(Verdict.MIGRATE_MANUAL), PREPAID_PLAN(Verdict.MIGRATE_MANUAL),
    GOVERNMENT_OR_NONPROFIT(Verdict.MIGRATE_MANUAL), ADD_ON_PRESENT(Verdict.MIGRATE_MANUAL),
    NOT_ELIGIBLE_FOR_UPGRADE_TAB(Verdict.MIGRATE_MANUAL);

    private final Verdict verdictClass;

    ReasonCode(Verdict verdictClass) {
        this.verdictClass = verdictClass;
    }

    public Verdict verdictClass() {
        return verdictClass;
    }

}
