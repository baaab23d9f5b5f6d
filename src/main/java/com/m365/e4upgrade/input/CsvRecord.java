package com.m365.e4upgrade.input;

import java.util.Arrays;

/** One data row of an input file, with the physical line on which it starts. */
public record CsvRecord(long line, String[] fields, CsvHeader header) {

    /** The trimmed cell of that column; empty when the column is absent or the row is short. */
    public String value(String column) {
        int position = header.positionOf(column);
        if (position < 0 || position >= fields.length) {
            return "";
        }
        return fields[position].strip();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CsvRecord that && line == that.line && Arrays.equals(fields, that.fields);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(line) * 31 + Arrays.hashCode(fields);
    }

    @Override
    public String toString() {
        return "line " + line + ": " + Arrays.toString(fields);
    }
}
