package com.m365.e4upgrade.input;

import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.infrastructure.item.Chunk;

/**
 * The outcome of validating one input row: accepted with its typed value, or rejected
 * with a reason.
 */
public sealed interface ImportedRow<T> {

    long line();

    /** The row as read, for the rejects report. */
    String record();

    /**
     * Keeps the row as read, and writes it as text only if the row is rejected later (a
     * duplicate).
     */
    record Accepted<T>(long line, T value, CsvRecord source) implements ImportedRow<T> {

        @Override
        public String record() {
            return RecordText.of(source);
        }
    }

    /**
     * A chunk of rows split by outcome, in reading order; writers add the rejects they
     * find.
     */
    record Split<T>(List<Accepted<T>> accepted, List<Rejected<T>> rejected) {

        static <T> Split<T> of(Chunk<? extends ImportedRow<T>> chunk) {
            Split<T> split = new Split<>(new ArrayList<>(), new ArrayList<>());
            for (ImportedRow<T> row : chunk) {
                if (row instanceof Accepted<T> accepted) {
                    split.accepted.add(accepted);
                }
                else {
                    split.rejected.add((Rejected<T>) row);
                }
            }
            return split;
        }
    }

    /**
     * A row not accepted, with the key of the tenant it names when its tenant_id is a
     * GUID (null otherwise): a rejected user of an accepted tenant keeps that tenant's
     * subscription.
     */
    record Rejected<T>(long line, String reason, String record, String namedTenant) implements ImportedRow<T> {

        public Rejected(long line, String reason, String record) {
            this(line, reason, record, null);
        }
    }

}
