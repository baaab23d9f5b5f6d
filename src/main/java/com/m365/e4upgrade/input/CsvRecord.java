package com.m365.e4upgrade.input;

import java.util.Arrays;

/**
 * One data row of an input file, with the physical line on which it starts.
 *
 * <p>
 * A row whose quoted cell is never closed cannot be split into cells: the reader then
 * gives {@code unterminatedLine}, the raw text of its first line, and as fields only the
 * cells completed before the quote opened (the tenant a rejected user names is usually
 * among them), so that the row processors reject it with that line instead of the whole
 * run failing on it.
 */
public record CsvRecord(long line, String[] fields, CsvHeader header, String unterminatedLine) {

    public CsvRecord(long line, String[] fields, CsvHeader header) {
        this(line, fields, header, null);
    }

    /**
     * The row starting on {@code line} whose quoted cell is never closed; {@code rawLine}
     * is that line as written.
     */
    static CsvRecord withUnterminatedQuote(long line, String rawLine, String[] cellsBeforeTheQuote, CsvHeader header) {
        return new CsvRecord(line, cellsBeforeTheQuote, header, rawLine);
    }

    public boolean unterminatedQuote() {
        return unterminatedLine != null;
    }

    /**
     * The trimmed cell of that column; empty when the column is absent or the row is
     * short.
     */
    public String value(String column) {
        int position = header.positionOf(column);
        if (position < 0 || position >= fields.length) {
            return "";
        }
        return fields[position].strip();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CsvRecord that && line == that.line
                && java.util.Objects.equals(unterminatedLine, that.unterminatedLine)
                && Arrays.equals(fields, that.fields);
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(line) * 31 + Arrays.hashCode(fields)) * 31 + java.util.Objects.hashCode(unterminatedLine);
    }

    @Override
    public String toString() {
        return "line " + line
                + (unterminatedQuote() ? " (unterminated quote): " + unterminatedLine : ": " + Arrays.toString(fields));
    }
}
