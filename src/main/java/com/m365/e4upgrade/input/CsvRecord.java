package com.m365.e4upgrade.input;

import java.util.Arrays;

/**
 * One data row of an input file, with the physical line on which it starts.
 *
 * <p>A row whose quoted cell is never closed cannot be split into cells: the reader then gives the
 * raw text of its first line as the only field and sets {@code unterminatedQuote}, so that the row
 * processors reject it with that line instead of the whole run failing on it.
 */
public record CsvRecord(long line, String[] fields, CsvHeader header, boolean unterminatedQuote) {

    public CsvRecord(long line, String[] fields, CsvHeader header) {
        this(line, fields, header, false);
    }

    /** The row starting on {@code line} whose quoted cell is never closed; {@code rawLine} is that line as written. */
    static CsvRecord withUnterminatedQuote(long line, String rawLine, CsvHeader header) {
        return new CsvRecord(line, new String[] {rawLine}, header, true);
    }

    /** The trimmed cell of that column; empty when the column is absent or the row is short. */
    public String value(String column) {
        int position = header.positionOf(column);
        if (unterminatedQuote || position < 0 || position >= fields.length) {
            return "";
        }
        return fields[position].strip();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CsvRecord that && line == that.line && unterminatedQuote == that.unterminatedQuote
                && Arrays.equals(fields, that.fields);
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(line) * 31 + Arrays.hashCode(fields)) * 31 + Boolean.hashCode(unterminatedQuote);
    }

    @Override
    public String toString() {
        return "line " + line + (unterminatedQuote ? " (unterminated quote): " : ": ") + Arrays.toString(fields);
    }
}
