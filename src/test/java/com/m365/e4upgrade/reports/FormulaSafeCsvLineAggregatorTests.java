package com.m365.e4upgrade.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Random;

import com.opencsv.CSVWriterBuilder;
import com.opencsv.ICSVWriter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormulaSafeCsvLineAggregatorTests {

    private final FormulaSafeCsvLineAggregator aggregator = new FormulaSafeCsvLineAggregator();

    @ParameterizedTest
    @ValueSource(strings = { "=HYPERLINK(\"x\")", "+33 1 23", "-5", "@SUM(A1)", "\tTab", "\rReturn" })
    void aCellASpreadsheetWouldRunAsAFormulaIsPrefixedWithAQuote(String cell) {
        assertThat(FormulaSafeCsvLineAggregator.formulaSafe(cell)).isEqualTo("'" + cell);
    }

    @Test
    void otherCellsAreLeftAlone() {
        assertThat(FormulaSafeCsvLineAggregator.formulaSafe("Contoso = best")).isEqualTo("Contoso = best");
        assertThat(FormulaSafeCsvLineAggregator.formulaSafe(null)).isEmpty();
    }

    @Test
    void cellsAreQuotedOnlyWhereRfc4180NeedsIt() {
        assertThat(aggregator.aggregate(new String[] { "plain", "a,b", "say \"hi\"", "two\nlines", "=1+1", "" }))
            .isEqualTo("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",'=1+1,");
    }

    @Test
    void linesAreThoseOpencsvWritesForTheSameCells() throws IOException {
        // the line is built by hand (issue 15): opencsv's writer stays the reference
        Random random = new Random(15);
        String alphabet = "aZ09 ,\"\n\r\t=+-@'é;|";
        for (int row = 0; row < 2000; row++) {
            String[] cells = new String[1 + random.nextInt(6)];
            for (int i = 0; i < cells.length; i++) {
                int length = random.nextInt(8);
                StringBuilder cell = new StringBuilder();
                for (int c = 0; c < length; c++) {
                    cell.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                cells[i] = random.nextInt(10) == 0 ? null : cell.toString();
            }
            assertThat(aggregator.aggregate(cells)).isEqualTo(opencsv(cells));
        }
    }

    private static String opencsv(String[] cells) throws IOException {
        String[] safe = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            safe[i] = FormulaSafeCsvLineAggregator.formulaSafe(cells[i]);
        }
        StringWriter line = new StringWriter();
        try (ICSVWriter writer = new CSVWriterBuilder(line).withLineEnd("").build()) {
            writer.writeNext(safe, false);
        }
        return line.toString();
    }

}
