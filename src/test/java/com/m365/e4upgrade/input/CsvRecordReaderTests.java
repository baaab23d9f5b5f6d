package com.m365.e4upgrade.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.infrastructure.item.ExecutionContext;

class CsvRecordReaderTests {

    @TempDir
    private Path folder;

    @Test
    void readsColumnsByNameWhateverTheirOrderAndCase() throws Exception {
        // given
        Path file = write("User_ID,TENANT_ID\nu1,t1\n");

        // when
        List<CsvRecord> records = readAll(file, new ExecutionContext());

        // then
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.value("tenant_id")).isEqualTo("t1");
            assertThat(record.value("user_id")).isEqualTo("u1");
            assertThat(record.value("absent")).isEmpty();
        });
    }

    @Test
    void givesEachRowThePhysicalLineItStartsOnPastQuotedLineBreaksAndBlankLines() throws Exception {
        // given
        Path file = write("a,b\n1,\"two\nlines\"\n\n2,x\n3,\"a, \"\"quoted\"\" comma\"\n");

        // when
        List<CsvRecord> records = readAll(file, new ExecutionContext());

        // then
        assertThat(records).extracting(CsvRecord::line).containsExactly(2L, 5L, 6L);
        assertThat(records.get(0).value("b")).isEqualTo("two\nlines");
        assertThat(records.get(2).value("b")).isEqualTo("a, \"quoted\" comma");
    }

    @Test
    void detectsTheSemicolonOfFrenchExcelAndIgnoresTheBomAndCarriageReturns() throws Exception {
        // given
        byte[] bom = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
        Path file = folder.resolve("excel.csv");
        Files.write(file, concat(bom, "tenant_id;name\r\nt1;\"Dupont; fils\"\r\n".getBytes(StandardCharsets.UTF_8)));

        // when
        List<CsvRecord> records = readAll(file, new ExecutionContext());

        // then
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.value("tenant_id")).isEqualTo("t1");
            assertThat(record.value("name")).isEqualTo("Dupont; fils");
            assertThat(record.line()).isEqualTo(2);
        });
    }

    @Test
    void aBackslashIsAnOrdinaryCharacter() throws Exception {
        // when
        List<CsvRecord> records = readAll(write("path\n\"C:\\temp\\\"\n"), new ExecutionContext());

        // then
        assertThat(records).singleElement().extracting(record -> record.value("path")).isEqualTo("C:\\temp\\");
    }

    @Test
    void aRestartedReaderCarriesOnAfterTheLastCommittedRow() throws Exception {
        // given: a first run read two rows and saved its position
        Path file = write("a\n1\n\"2\n2\"\n3\n4\n");
        ExecutionContext saved = new ExecutionContext();
        CsvRecordReader first = new CsvRecordReader("reader", file);
        first.open(saved);
        first.read();
        first.read();
        first.update(saved);
        first.close();

        // when
        List<CsvRecord> rest = readAll(file, saved);

        // then
        assertThat(rest).extracting(record -> record.value("a")).containsExactly("3", "4");
        assertThat(rest).extracting(CsvRecord::line).containsExactly(5L, 6L);
    }

    @Test
    void anUnterminatedQuoteOnTheLastRowFlagsThatRowWithItsLineAndKeepsTheRowsBeforeIt() throws Exception {
        // given: the last row opens a quote that the end of the file never closes
        Path file = write("a,b\n1,x\n2,\"y\nz\"\n3,\"never closed\n");

        // when
        List<CsvRecord> records = readAll(file, new ExecutionContext());

        // then: the run does not fail; the broken row is flagged on its start line, as
        // written
        assertThat(records).extracting(CsvRecord::line).containsExactly(2L, 3L, 5L);
        assertThat(records.get(0).value("b")).isEqualTo("x");
        assertThat(records.get(1).value("b")).isEqualTo("y\nz");
        assertThat(records).extracting(CsvRecord::unterminatedQuote).containsExactly(false, false, true);
        assertThat(records.get(2).unterminatedLine()).isEqualTo("3,\"never closed");
        assertThat(records.get(2).value("a")).isEqualTo("3");
    }

    @Test
    void aStrayQuoteCostsOnlyItsOwnRowAndTheRowsItSwallowedAreReadWithTheirLines() throws Exception {
        // given: a stray quote on line 3, then 300 good rows, far more than the 100 lines
        // a cell may span
        StringBuilder content = new StringBuilder("id,name\n1,first\n2,\"stray\n");
        for (int id = 3; id <= 302; id++) {
            content.append(id).append(",name ").append(id).append('\n');
        }
        Path file = write(content.toString());

        // when
        List<CsvRecord> records = readAll(file, new ExecutionContext());

        // then
        assertThat(records).hasSize(302);
        assertThat(records.get(1)).satisfies(broken -> {
            assertThat(broken.line()).isEqualTo(3);
            assertThat(broken.unterminatedQuote()).isTrue();
            assertThat(broken.unterminatedLine()).isEqualTo("2,\"stray");
            assertThat(broken.fields()).containsExactly("2");
            assertThat(broken.value("id")).isEqualTo("2");
        });
        List<CsvRecord> good = records.subList(2, records.size());
        assertThat(good).noneMatch(CsvRecord::unterminatedQuote);
        for (int i = 0; i < good.size(); i++) {
            CsvRecord record = good.get(i);
            assertThat(record.line()).isEqualTo(4L + i);
            assertThat(record.value("id")).isEqualTo(String.valueOf(3 + i));
            assertThat(record.value("name")).isEqualTo("name " + (3 + i));
        }
    }

    @Test
    void theRowsReadAgainAfterAnUnterminatedQuoteKeepTheirQuotedCellsAndBlankLinesStaySkipped() throws Exception {
        // given: a stray quote on line 3, then a good quoted cell, a blank line and a
        // plain row
        Path file = write("a,b\n1,x\n2,\"stray\n3,\"a, b\"\n\n4,y\n");

        // when
        List<CsvRecord> records = readAll(file, new ExecutionContext());

        // then
        assertThat(records).extracting(CsvRecord::line).containsExactly(2L, 3L, 4L, 6L);
        assertThat(records).extracting(CsvRecord::unterminatedQuote).containsExactly(false, true, false, false);
        assertThat(records.get(2).value("b")).isEqualTo("a, b");
        assertThat(records.get(3).value("a")).isEqualTo("4");
    }

    @Test
    void aQuotedCellOverAFewLinesIsStillOneRecord() throws Exception {
        // given
        Path file = write("a,b\n1,\"one\ntwo, and\nthree\"\n2,x\n");

        // when
        List<CsvRecord> records = readAll(file, new ExecutionContext());

        // then
        assertThat(records).extracting(CsvRecord::line).containsExactly(2L, 5L);
        assertThat(records).noneMatch(CsvRecord::unterminatedQuote);
        assertThat(records.get(0).value("b")).isEqualTo("one\ntwo, and\nthree");
    }

    @Test
    void aQuotedCellMaySpanAHundredLinesButNoMore() throws Exception {
        // given: a cell over exactly 100 lines, then one over 101
        String hundredLines = "\"" + "x\n".repeat(99) + "x\"";
        String hundredAndOneLines = "\"" + "y\n".repeat(100) + "y\"";
        Path file = write("a,b\n1," + hundredLines + "\n2," + hundredAndOneLines + "\n");

        // when
        List<CsvRecord> records = readAll(file, new ExecutionContext());

        // then
        assertThat(records.get(0)).satisfies(record -> {
            assertThat(record.line()).isEqualTo(2);
            assertThat(record.unterminatedQuote()).isFalse();
            assertThat(record.value("b")).isEqualTo("x\n".repeat(99) + "x");
        });
        assertThat(records.get(1)).satisfies(record -> {
            assertThat(record.line()).isEqualTo(102);
            assertThat(record.unterminatedQuote()).isTrue();
        });
        assertThat(records.get(2)).satisfies(record -> {
            assertThat(record.line()).isEqualTo(103);
            assertThat(record.value("a")).isEqualTo("y");
        });
    }

    @Test
    void aRestartedReaderPastAnUnterminatedQuoteCarriesOnWithTheSameRows() throws Exception {
        // given: a first run read the bad line 3 and two of the rows after it, and saved
        // its position
        StringBuilder content = new StringBuilder("id\n1\n\"2\n");
        for (int id = 3; id <= 150; id++) {
            content.append(id).append('\n');
        }
        Path file = write(content.toString());
        List<CsvRecord> all = readAll(file, new ExecutionContext());
        ExecutionContext saved = new ExecutionContext();
        CsvRecordReader first = new CsvRecordReader("reader", file);
        first.open(saved);
        for (int i = 0; i < 4; i++) {
            first.read();
        }
        first.update(saved);
        first.close();

        // when
        List<CsvRecord> rest = readAll(file, saved);

        // then
        assertThat(all.get(1).unterminatedQuote()).isTrue();
        assertThat(rest).isEqualTo(all.subList(4, all.size()));
        assertThat(rest.get(0).line()).isEqualTo(6);
        assertThat(rest.get(0).value("id")).isEqualTo("5");
    }

    private List<CsvRecord> readAll(Path file, ExecutionContext context) throws Exception {
        CsvRecordReader reader = new CsvRecordReader("reader", file);
        reader.open(context);
        List<CsvRecord> records = new ArrayList<>();
        for (CsvRecord record; (record = reader.read()) != null;) {
            records.add(record);
        }
        reader.close();
        return records;
    }

    private Path write(String content) throws IOException {
        return Files.writeString(folder.resolve("file.csv"), content);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] all = new byte[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

}
