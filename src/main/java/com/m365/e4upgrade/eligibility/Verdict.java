package com.m365.e4upgrade.eligibility;

import java.util.Arrays;
import java.util.List;

/** A tenant's verdict, declared from the least to the most severe class. */
public enum Verdict {

    MIGRATE, MIGRATE_MANUAL, RETRY_LATER, ACTION_REQUIRED, NOT_SUPPORTED;

    /** Tenants with these verdicts are migrated by the job. */
    public boolean migrates() {
        return this == MIGRATE || this == MIGRATE_MANUAL;
    }

    /**
     * The names of the verdicts that migrate, as stored: what queries select migrating
     * tenants with.
     */
    public static List<String> migrating() {
        return Arrays.stream(values()).filter(Verdict::migrates).map(Enum::name).toList();
    }

    public Verdict mostSevere(Verdict other) {
        return other.ordinal() > ordinal() ? other : this;
    }

}
