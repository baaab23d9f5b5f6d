package com.m365.e4upgrade.eligibility;

/** A tenant's verdict, declared from the least to the most severe class. */
public enum Verdict {
    MIGRATE,
    MIGRATE_MANUAL,
    RETRY_LATER,
    ACTION_REQUIRED,
    NOT_SUPPORTED;

    /** Tenants with these verdicts are migrated by the job. */
    public boolean migrates() {
        return this == MIGRATE || this == MIGRATE_MANUAL;
    }

    public Verdict mostSevere(Verdict other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
