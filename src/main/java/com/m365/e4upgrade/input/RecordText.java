package com.m365.e4upgrade.input;

import java.io.StringWriter;

import com.opencsv.CSVWriterBuilder;
import com.opencsv.ICSVWriter;

/**
 * A row written back as one CSV line, as the rejects report shows it; huge rows are cut
 * short.
 */
final class RecordText {

    static final int MAX_LENGTH = 2000;

    private RecordText() {
    }

    static String of(CsvRecord record) {
        // a row with an unterminated quote has no cells to write back: its first line is
        // shown as written
        return cut(record.unterminatedQuote() ? record.unterminatedLine() : asCsvLine(record));
    }

    private static String asCsvLine(CsvRecord record) {
        StringWriter text = new StringWriter();
        try (ICSVWriter writer = new CSVWriterBuilder(text).withLineEnd("").build()) {
            writer.writeNext(record.fields(), false);
        }
        catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }

    private static String cut(String line) {
        return line.length() > MAX_LENGTH ? line.substring(0, MAX_LENGTH) + "…" : line;
    }

}
