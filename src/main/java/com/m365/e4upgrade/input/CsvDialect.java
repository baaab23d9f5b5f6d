package com.m365.e4upgrade.input;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * How an input file is written: its delimiter, found from the header line (French-locale
 * Excel writes {@code ;}), and whether it starts with a UTF-8 byte order mark.
 */
public record CsvDialect(char delimiter, boolean bom) {

    private static final byte[] UTF8_BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };

    public static CsvDialect detect(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            boolean bom = skipBom(in);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String header = reader.readLine();
            return new CsvDialect(header == null ? ',' : delimiterOf(header), bom);
        }
    }

    /**
     * The file as UTF-8 text without its BOM; undecodable bytes raise an error instead of
     * turning into U+FFFD.
     */
    public Reader open(Path file) throws IOException {
        return open(file, bytes -> {
        });
    }

    /**
     * The same, telling {@code bytesRead} of every byte taken from the file (the BOM
     * included), as it is taken.
     */
    public Reader open(Path file, LongConsumer bytesRead) throws IOException {
        InputStream in = new BufferedInputStream(new CountingInputStream(Files.newInputStream(file), bytesRead),
                1 << 16);
        if (bom) {
            in.skipNBytes(UTF8_BOM.length);
        }
        return new InputStreamReader(in,
                StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    static char delimiterOf(String headerLine) {
        int commas = 0;
        int semicolons = 0;
        boolean quoted = false;
        for (int i = 0; i < headerLine.length(); i++) {
            char c = headerLine.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            else if (!quoted && c == ',') {
                commas++;
            }
            else if (!quoted && c == ';') {
                semicolons++;
            }
        }
        return semicolons > commas ? ';' : ',';
    }

    private static boolean skipBom(InputStream in) throws IOException {
        in.mark(UTF8_BOM.length);
        byte[] start = in.readNBytes(UTF8_BOM.length);
        if (start.length == UTF8_BOM.length && start[0] == UTF8_BOM[0] && start[1] == UTF8_BOM[1]
                && start[2] == UTF8_BOM[2]) {
            return true;
        }
        in.reset();
        return false;
    }
}
