package com.m365.e4upgrade.input;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180ParserBuilder;
import com.opencsv.exceptions.CsvException;

/**
 * Checks an input file before the job starts, so that a file the job cannot read at all
 * stops the run with one line (exit code 2) before anything is written: it must exist, be
 * readable and not empty, be UTF-8 text without NUL bytes, and have a header with every
 * required column.
 */
public final class InputFileCheck {

    private InputFileCheck() {
    }

    /**
     * Returns the problem as one line naming the file as the operator gave it, the line
     * and the column, or null when the file is usable.
     * @param requiredColumns the columns the header must name
     * @param columns every column of the contract: none may be named twice, or which one
     * holds the value would be a guess
     */
    public static String problemWith(Path file, List<String> requiredColumns, List<String> columns) {
        if (!Files.exists(file)) {
            return file + ": no such file";
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return file + ": not a readable file";
        }
        try {
            if (Files.size(file) == 0) {
                return file + ": the file is empty";
            }
            String encodingProblem = encodingProblem(file);
            if (encodingProblem != null) {
                return file + ": " + encodingProblem;
            }
            return headerProblem(file, requiredColumns, columns);
        }
        catch (IOException e) {
            return file + ": cannot be read (" + e.getMessage() + ")";
        }
    }

    private static String headerProblem(Path file, List<String> requiredColumns, List<String> columns)
            throws IOException {
        CsvDialect dialect = CsvDialect.detect(file);
        try (Reader text = dialect.open(file);
                CSVReader csv = new CSVReaderBuilder(text)
                    .withCSVParser(new RFC4180ParserBuilder().withSeparator(dialect.delimiter()).build())
                    .withMultilineLimit(1)
                    .build()) {
            String[] names = csv.readNext();
            if (names == null || names.length == 0 || (names.length == 1 && names[0].isBlank())) {
                return file + ": line 1: the header row is missing";
            }
            CsvHeader header = new CsvHeader(names);
            List<String> missing = header.missing(requiredColumns);
            if (!missing.isEmpty()) {
                return file + ": line 1, column " + String.join(", ", missing)
                        + ": required column missing from the header" + " (delimiter '" + dialect.delimiter() + "')";
            }
            for (String column : columns) {
                List<Integer> positions = header.positionsOf(column);
                if (positions.size() > 1) {
                    return file + ": line 1, column " + column + ": named more than once in the header (columns "
                            + String.join(" and ", positions.stream().map(p -> Integer.toString(p + 1)).toList()) + ")";
                }
            }
            return null;
        }
        catch (CsvException e) {
            return file + ": line 1: the header row cannot be parsed (" + e.getMessage() + ")";
        }
    }

    /**
     * Streams the file once through a strict UTF-8 decoder, counting lines to name the
     * first bad one.
     */
    private static String encodingProblem(Path file) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
        CharBuffer chars = CharBuffer.allocate(1 << 16);
        long line = 1;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            boolean end = false;
            while (!end) {
                int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (read < 0) {
                    end = true;
                }
                else {
                    bytes.position(bytes.position() + read);
                }
                bytes.flip();
                CoderResult result = decoder.decode(bytes, chars, end);
                chars.flip();
                for (int i = 0; i < chars.length(); i++) {
                    char c = chars.charAt(i);
                    if (c == '\n') {
                        line++;
                    }
                    else if (c == '\0') {
                        return "line " + line + ": contains a NUL byte: this is a binary file, not CSV text";
                    }
                }
                chars.clear();
                if (result.isError()) {
                    return "line " + line + ": not valid UTF-8 text (save the file as UTF-8)";
                }
                bytes.compact();
            }
            if (decoder.flush(chars).isError()) {
                return "line " + line + ": not valid UTF-8 text (save the file as UTF-8)";
            }
        }
        catch (CharacterCodingException e) {
            return "line " + line + ": not valid UTF-8 text (save the file as UTF-8)";
        }
        return null;
    }

}
