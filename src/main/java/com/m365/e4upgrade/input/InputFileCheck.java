package com.m365.e4upgrade.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
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
     * Reads the file once, checking each byte sequence against the Unicode standard's
     * table of well-formed UTF-8 (Table 3-7: no overlong forms, no surrogates, nothing
     * above U+10FFFF) and counting lines to name the first bad one. The JDK's strict
     * decoder says the same, but converting every character took 0.8 s more on the users
     * of a million-user run, before anything could start; line ends and NULs are single
     * bytes, never part of a longer sequence, so they are found on the bytes.
     */
    private static String encodingProblem(Path file) throws IOException {
        byte[] block = new byte[1 << 16];
        int kept = 0;
        long line = 1;
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                int read = in.read(block, kept, block.length - kept);
                boolean end = read < 0;
                int limit = end ? kept : kept + read;
                int at = 0;
                while (at < limit) {
                    int first = block[at] & 0xFF;
                    if (first < 0x80) {
                        if (first == '\n') {
                            line++;
                        }
                        else if (first == 0) {
                            return nulByte(line);
                        }
                        at++;
                        continue;
                    }
                    int length = sequenceLength(first);
                    if (length == 0) {
                        return notUtf8(line);
                    }
                    if (at + length > limit) {
                        // the rest of the sequence is in the next block, or missing
                        break;
                    }
                    if (!wellFormed(block, at, length)) {
                        return notUtf8(line);
                    }
                    at += length;
                }
                if (end) {
                    return at < limit ? notUtf8(line) : null;
                }
                kept = limit - at;
                System.arraycopy(block, at, block, 0, kept);
            }
        }
    }

    /** The bytes a sequence starting with this byte has, 0 if none starts with it. */
    private static int sequenceLength(int first) {
        if (first >= 0xC2 && first <= 0xDF) {
            return 2;
        }
        if (first >= 0xE0 && first <= 0xEF) {
            return 3;
        }
        if (first >= 0xF0 && first <= 0xF4) {
            return 4;
        }
        return 0;
    }

    /**
     * Whether the bytes after the first are continuation bytes (0x80 to 0xBF), the second
     * within the narrower range some first bytes allow.
     */
    private static boolean wellFormed(byte[] bytes, int at, int length) {
        int first = bytes[at] & 0xFF;
        int second = bytes[at + 1] & 0xFF;
        int low = switch (first) {
            case 0xE0 -> 0xA0;
            case 0xF0 -> 0x90;
            default -> 0x80;
        };
        int high = switch (first) {
            case 0xED -> 0x9F;
            case 0xF4 -> 0x8F;
            default -> 0xBF;
        };
        if (second < low || second > high) {
            return false;
        }
        for (int i = 2; i < length; i++) {
            int next = bytes[at + i] & 0xFF;
            if (next < 0x80 || next > 0xBF) {
                return false;
            }
        }
        return true;
    }

    private static String nulByte(long line) {
        return "line " + line + ": contains a NUL byte: this is a binary file, not CSV text";
    }

    private static String notUtf8(long line) {
        return "line " + line + ": not valid UTF-8 text (save the file as UTF-8)";
    }

}
