package com.m365.e4upgrade.input;

/**
 * Source-plan holders the user import stored in a tenant, and those of them the job
 * cannot license directly (no usage location, a group license): the plan skips them, and
 * the cancellation counts them as left on the source plan, moves or not (a dry run).
 */
public record HolderCounts(long stored, long notLicensableDirectly) {

    public HolderCounts plus(HolderCounts other) {
        return new HolderCounts(stored + other.stored, notLicensableDirectly + other.notLicensableDirectly);
    }

}
