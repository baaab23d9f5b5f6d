package com.m365.e4upgrade.reports;

import static org.assertj.core.api.Assertions.assertThat;

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

}
