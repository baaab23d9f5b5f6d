package com.m365.e4upgrade.reports;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

import com.opencsv.CSVWriterBuilder;
import com.opencsv.ICSVWriter;

import org.springframework.batch.infrastructure.item.file.transform.LineAggregator;

/**
 * One report row as an RFC 4180 line (quoted only where needed). A text cell that a
 * spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return)
 * is prefixed with a single quote.
 */
public class FormulaSafeCsvLineAggregator implements LineAggregator<String[]> {

    @Override
    public String aggregate(String[] cells) {
        String[] safe = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            safe[i] = formulaSafe(cells[i]);
        }
        StringWriter line = new StringWriter();
        try (ICSVWriter writer = new CSVWriterBuilder(line).withLineEnd("").build()) {
            writer.writeNext(safe, false);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return line.toString();
    }

    static String formulaSafe(String cell) {
        if (cell == null || cell.isEmpty()) {
            return "";
        }
        char first = cell.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            return "'" + cell;
        }
        return cell;
    }

}
