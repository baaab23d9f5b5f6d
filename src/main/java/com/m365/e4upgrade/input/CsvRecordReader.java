package com.m365.e4upgrade.input;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180ParserBuilder;
import com.opencsv.exceptions.CsvValidationException;

import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

/**
 * Reads an input file row by row with opencsv's RFC 4180 parser (quoted cells may span lines and
 * hold delimiters; a backslash is an ordinary character). The position is the item count that
 * {@link AbstractItemCountingItemStreamItemReader} keeps in the step's execution context, so a
 * restarted import carries on after the last committed chunk.
 */
public class CsvRecordReader extends AbstractItemCountingItemStreamItemReader<CsvRecord> {

    /** A runaway quote must not swallow the rest of a million-line file into one record. */
    private static final int MULTILINE_LIMIT = 100;

    private final Path file;
    private CSVReader csv;
    private CsvHeader header;

    public CsvRecordReader(String name, Path file) {
        setName(name);
        this.file = file;
    }

    @Override
    protected void doOpen() throws Exception {
        CsvDialect dialect = CsvDialect.detect(file);
        csv = new CSVReaderBuilder(dialect.open(file))
                .withCSVParser(new RFC4180ParserBuilder().withSeparator(dialect.delimiter()).build())
                .withMultilineLimit(MULTILINE_LIMIT)
                .build();
        String[] names = csv.readNext();
        if (names == null) {
            throw new ItemStreamException(file.getFileName() + ": the file is empty");
        }
        header = new CsvHeader(names);
    }

    @Override
    protected CsvRecord doRead() throws Exception {
        while (true) {
            long startLine = csv.getLinesRead() + 1;
            String[] fields = readNext();
            if (fields == null) {
                return null;
            }
            if (fields.length == 1 && fields[0].isBlank()) {
                continue; // blank lines carry no row
            }
            return new CsvRecord(startLine, fields, header);
        }
    }

    private String[] readNext() throws IOException {
        try {
            return csv.readNext();
        } catch (CsvValidationException e) {
            throw new ItemStreamException(file.getFileName() + ": line " + csv.getLinesRead() + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    protected void doClose() throws Exception {
        if (csv != null) {
            csv.close();
            csv = null;
        }
    }
}
