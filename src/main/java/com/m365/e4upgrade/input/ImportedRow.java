package com.m365.e4upgrade.input;

/** The outcome of validating one input row: accepted with its typed value, or rejected with a reason. */
public sealed interface ImportedRow<T> {

    long line();

    /** The row as read, for the rejects report. */
    String record();

    record Accepted<T>(long line, T value, String record) implements ImportedRow<T> {
    }

    record Rejected<T>(long line, String reason, String record) implements ImportedRow<T> {
    }
}
