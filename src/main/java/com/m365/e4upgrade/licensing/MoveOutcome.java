package com.m365.e4upgrade.licensing;

/**
 * What became of one user of a write batch: REASSIGNED, or SKIPPED with a detail code.
 */
public record MoveOutcome(String userId, Status status, String detail) {

    public enum Status {

        REASSIGNED, SKIPPED

    }

    public static MoveOutcome reassigned(String userId) {
        return new MoveOutcome(userId, Status.REASSIGNED, null);
    }

    public static MoveOutcome skipped(String userId, String detail) {
        return new MoveOutcome(userId, Status.SKIPPED, detail);
    }
}
