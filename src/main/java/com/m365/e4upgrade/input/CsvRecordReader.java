package com.m365.e4upgrade.input;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.LongConsumer;

import com.opencsv.RFC4180Parser;
import com.opencsv.RFC4180ParserBuilder;

import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

/**
 * Reads an input file row by row with opencsv's RFC 4180 parser (quoted cells may span
 * lines and hold delimiters; a backslash is an ordinary character). The position is the
 * item count that {@link AbstractItemCountingItemStreamItemReader} keeps in the step's
 * execution context, so a restarted import carries on after the last committed chunk.
 *
 * <p>
 * The physical lines are read here rather than by opencsv's {@code CSVReader}, so that
 * each row knows the line it starts on, and so that a quote that is never closed costs
 * one row, not the run: {@code CSVReader} can only throw then, and a restart reads the
 * same bytes and throws again. Here the row starting on the line of the open quote comes
 * out flagged (see {@link CsvRecord#unterminatedQuote()}) for the processors to reject,
 * and the lines the open quote swallowed are parsed again as rows of their own: in the
 * usual case of one stray quote they are good rows. The rows read are a function of the
 * file alone, so item N is the same on every read and skipping N items on restart lands
 * where the last run stopped.
 */
public class CsvRecordReader extends AbstractItemCountingItemStreamItemReader<CsvRecord> {

    /**
     * A row may span at most this many lines: a runaway quote must not swallow the rest
     * of a million-line file into one record, and the reader keeps at most this many
     * lines to give back.
     */
    private static final int MULTILINE_LIMIT = 100;

    private final Path file;

    private CsvDialect dialect;

    private BufferedReader text;

    /**
     * Physical lines taken from the file so far; the next one read from the file is this
     * plus one.
     */
    private long linesRead;

    /**
     * Lines read past the start of a row with an unterminated quote, given back to be
     * read again, in file order.
     */
    private final Deque<Line> givenBack = new ArrayDeque<>();

    private RFC4180Parser parser;

    private CsvHeader header;

    private final LongConsumer bytesRead;

    public CsvRecordReader(String name, Path file) {
        this(name, file, bytes -> {
        });
    }

    /**
     * @param bytesRead told of the bytes read from the file as they are read (a restart
     * reads the rows it skips again, so it is told of them too)
     */
    public CsvRecordReader(String name, Path file, LongConsumer bytesRead) {
        setName(name);
        this.file = file;
        this.bytesRead = bytesRead;
    }

    @Override
    protected void doOpen() throws Exception {
        dialect = CsvDialect.detect(file);
        text = new BufferedReader(dialect.open(file, bytesRead));
        linesRead = 0;
        givenBack.clear();
        parser = newParser();
        Row names = nextRow();
        if (names == null) {
            throw new ItemStreamException(file.getFileName() + ": the file is empty");
        }
        if (names.fields() == null) {
            // without a header no row can be read: this one stops the step, naming the
            // file and line
            throw new ItemStreamException(file.getFileName() + ": line " + names.start().number()
                    + ": the header has a quoted cell that is never closed (unterminated quote)");
        }
        header = new CsvHeader(names.fields());
    }

    @Override
    protected CsvRecord doRead() throws Exception {
        while (true) {
            Row row = nextRow();
            if (row == null) {
                return null;
            }
            if (row.fields() == null) {
                return CsvRecord.withUnterminatedQuote(row.start().number(), row.start().text(),
                        row.cellsBeforeTheQuote(), header);
            }
            if (row.fields().length == 1 && row.fields()[0].isBlank()) {
                continue; // blank lines carry no row
            }
            return new CsvRecord(row.start().number(), row.fields(), header);
        }
    }

    /**
     * The next row, from as many lines as its quoted cells span; its fields are null when
     * a quoted cell is still open after {@link #MULTILINE_LIMIT} lines or at the end of
     * the file. Null at the end.
     */
    private Row nextRow() throws IOException {
        Line start = nextLine();
        if (start == null) {
            return null;
        }
        String[] firstLine = parser.parseLineMulti(start.text());
        String[] fields = append(null, firstLine);
        List<Line> continuation = new ArrayList<>();
        while (parser.isPending() && continuation.size() + 1 < MULTILINE_LIMIT) {
            Line next = nextLine();
            if (next == null) {
                break;
            }
            continuation.add(next);
            fields = append(fields, parser.parseLineMulti(next.text()));
        }
        if (!parser.isPending()) {
            return new Row(start, fields, null);
        }
        // The quote opened on the start line is taken as the mistake: the lines after it
        // go back,
        // in order and ahead of any still given back, to be read again by a parser with
        // no open quote.
        for (int i = continuation.size() - 1; i >= 0; i--) {
            givenBack.addFirst(continuation.get(i));
        }
        parser = newParser();
        // the cells the start line completed before its quote opened
        return new Row(start, null, firstLine);
    }

    /**
     * A line given back first, else the next line of the file; blank and CRLF lines as
     * {@link BufferedReader#readLine()} gives them.
     */
    private Line nextLine() throws IOException {
        Line line = givenBack.pollFirst();
        if (line != null) {
            return line;
        }
        String read = text.readLine();
        return read == null ? null : new Line(++linesRead, read);
    }

    /**
     * The parser gives back the cells completed on each line; a row is all of them, as
     * {@code CSVReader} joins them.
     */
    private static String[] append(String[] cells, String[] more) {
        if (cells == null || more.length == 0) {
            return cells == null ? more : cells;
        }
        String[] all = new String[cells.length + more.length];
        System.arraycopy(cells, 0, all, 0, cells.length);
        System.arraycopy(more, 0, all, cells.length, more.length);
        return all;
    }

    private RFC4180Parser newParser() {
        return new RFC4180ParserBuilder().withSeparator(dialect.delimiter()).build();
    }

    @Override
    protected void doClose() throws Exception {
        givenBack.clear();
        if (text != null) {
            text.close();
            text = null;
        }
    }

    /** A physical line of the file, without its line break. */
    private record Line(long number, String text) {
    }

    /**
     * A row as parsed from its start line on; fields null when its quote is never closed,
     * and then the cells its start line completed before the quote.
     */
    private record Row(Line start, String[] fields, String[] cellsBeforeTheQuote) {
    }

}
