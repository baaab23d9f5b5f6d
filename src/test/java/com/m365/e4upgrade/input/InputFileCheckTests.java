package com.m365.e4upgrade.input;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The encoding check reads the file in blocks of 64 KiB, a sequence of several bytes
 * possibly cut by the end of a block: these files are longer than several blocks.
 */
class InputFileCheckTests {

    private static final List<String> COLUMNS = List.of("name", "note");

    /** Lines of ASCII, the header included, about 300 KiB: four blocks and more. */
    private static final int ASCII_LINES = 10_000;

    @TempDir
    Path folder;

    @Nested
    class AcceptsUtf8 {

        @Test
        void asciiOnly() throws IOException {
            assertThat(problemWith(file(asciiRows(ASCII_LINES)))).isNull();
        }

        @Test
        void aCharacterOfSeveralBytesAcrossTwoBlocks() throws IOException {
            ByteArrayOutputStream text = asciiHeader();
            // the four bytes of the emoji at bytes 65,534 to 65,537
            int header = text.size();
            text.writeBytes("x".repeat(65_534 - header).getBytes(StandardCharsets.US_ASCII));
            text.writeBytes("\uD83D\uDE00,ok\n".getBytes(StandardCharsets.UTF_8));
            text.writeBytes(asciiRows(ASCII_LINES).toByteArray());
            assertThat(problemWith(file(text))).isNull();
        }

    }

    @Nested
    class NamesTheFirstBadLine {

        @Test
        void anInvalidByteAfterBlocksOfAscii() throws IOException {
            ByteArrayOutputStream text = asciiRows(ASCII_LINES);
            text.writeBytes("Zo".getBytes(StandardCharsets.US_ASCII));
            text.write(0xE9); // Latin-1 'é': not UTF-8
            text.writeBytes(",x\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(problemWith(file(text)))
                .endsWith(": line " + (ASCII_LINES + 1) + ": not valid UTF-8 text (save the file as UTF-8)");
        }

        @Test
        void aNulByteAfterBlocksOfAscii() throws IOException {
            ByteArrayOutputStream text = asciiRows(ASCII_LINES);
            text.writeBytes("a\0b,x\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(problemWith(file(text)))
                .endsWith(": line " + (ASCII_LINES + 1) + ": contains a NUL byte: this is a binary file, not CSV text");
        }

        @Test
        void aSequenceCutShortByTheEndOfTheFile() throws IOException {
            ByteArrayOutputStream text = asciiRows(ASCII_LINES);
            text.writeBytes("x,".getBytes(StandardCharsets.US_ASCII));
            text.write(0xC3); // the first of the two bytes of 'é'
            assertThat(problemWith(file(text)))
                .endsWith(": line " + (ASCII_LINES + 1) + ": not valid UTF-8 text (save the file as UTF-8)");
        }

    }

    /**
     * The check follows the Unicode standard's table of well-formed UTF-8, as the JDK's
     * strict decoder does: each sequence after a row of ASCII, both must agree.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "C3 A9", "E2 82 AC", "F0 9F 98 80", "EF BF BF", "F4 8F BF BF", "C0 AF", "C1 BF",
            "E0 80 AF", "E0 9F BF", "ED A0 80", "ED BF BF", "F0 8F BF BF", "F4 90 80 80", "F5 80 80 80", "FF", "80",
            "BF", "C3", "E2 82", "F0 9F 98", "C3 41", "E2 41 AC", "F0 9F 41 80" })
    void agreesWithTheJdksStrictDecoder(String hex) throws IOException {
        ByteArrayOutputStream text = asciiRows(ASCII_LINES);
        byte[] sequence = HexFormat.ofDelimiter(" ").parseHex(hex);
        text.writeBytes(sequence);
        text.writeBytes(",x\n".getBytes(StandardCharsets.US_ASCII));
        boolean jdkAccepts = jdkAccepts(sequence);
        String problem = problemWith(file(text));
        if (jdkAccepts) {
            assertThat(problem).isNull();
        }
        else {
            assertThat(problem)
                .endsWith(": line " + (ASCII_LINES + 1) + ": not valid UTF-8 text (save the file as UTF-8)");
        }
    }

    private static boolean jdkAccepts(byte[] sequence) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(sequence));
            return true;
        }
        catch (CharacterCodingException e) {
            return false;
        }
    }

    private String problemWith(Path file) {
        return InputFileCheck.problemWith(file, COLUMNS, COLUMNS);
    }

    private Path file(ByteArrayOutputStream text) throws IOException {
        return Files.write(this.folder.resolve("input.csv"), text.toByteArray());
    }

    private static ByteArrayOutputStream asciiHeader() {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        text.writeBytes("name,note\n".getBytes(StandardCharsets.US_ASCII));
        return text;
    }

    private static ByteArrayOutputStream asciiRows(int lines) {
        ByteArrayOutputStream text = asciiHeader();
        for (int i = 1; i < lines; i++) {
            text.writeBytes(("user" + i + ",a note of some length\n").getBytes(StandardCharsets.US_ASCII));
        }
        return text;
    }

}
