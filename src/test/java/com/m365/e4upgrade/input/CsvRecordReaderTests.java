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
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
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

    private List<CsvRecord> readAll(Path file, ExecutionContext context) throws Exception {
        CsvRecordReader reader = new CsvRecordReader("reader", file);
        reader.open(context);
        List<CsvRecord> records = new ArrayList<>();
        for (CsvRecord record; (record = reader.read()) != null; ) {
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
