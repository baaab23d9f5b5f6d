package com.m365.e4upgrade.input;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Typed access to the cells of one row, following the contract's types: every problem
 * becomes an {@link InvalidCellException} naming the column, the value and what was
 * expected.
 */
final class Cells {

    /**
     * Longer cells are refused rather than stored: no column of the contract needs more.
     */
    static final int MAX_CELL_LENGTH = 4096;

    private static final int AMOUNT_SCALE = 4;

    private static final BigDecimal MAX_AMOUNT = new BigDecimal("999999999999999.9999");

    static final String UNTERMINATED_QUOTE = "a quoted cell opened on this line is never closed (unterminated quote)";

    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");

    private final CsvRecord record;

    Cells(CsvRecord record) {
        this.record = record;
    }

    /**
     * Rows must have the header's width: a short or long row means shifted columns. A row
     * whose quote is never closed has no cells at all, so it is refused here too, before
     * any column is read.
     */
    void checkWidth() {
        if (record.unterminatedQuote()) {
            throw new InvalidCellException("row", UNTERMINATED_QUOTE);
        }
        int expected = record.header().width();
        int actual = record.fields().length;
        if (actual != expected) {
            throw new InvalidCellException("row", "has " + actual + " fields, the header has " + expected);
        }
        for (int i = 0; i < actual; i++) {
            if (record.fields()[i].length() > MAX_CELL_LENGTH) {
                throw new InvalidCellException("column " + (i + 1),
                        "cell of " + record.fields()[i].length() + " characters, more than " + MAX_CELL_LENGTH);
            }
        }
    }

    String text(String column) {
        return record.value(column);
    }

    String required(String column) {
        String value = text(column);
        if (value.isEmpty()) {
            throw new InvalidCellException(column, "is required");
        }
        return value;
    }

    String guid(String column) {
        String value = required(column);
        if (!Guids.isGuid(value)) {
            throw new InvalidCellException(column, quote(value) + " is not a GUID");
        }
        return value;
    }

    int count(String column, int minimum, int defaultValue) {
        String value = text(column);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= minimum) {
                return parsed;
            }
        }
        catch (NumberFormatException e) {
            // reported below with the expected type
        }
        throw new InvalidCellException(column, quote(value) + " is not an integer >= " + minimum);
    }

    int requiredCount(String column, int minimum) {
        required(column);
        return count(column, minimum, 0);
    }

    /**
     * An amount as the database stores it (DECIMAL(19, 4)). A positive amount below the
     * fourth decimal ({@code 1e-400}) is rounded up, never down to 0: an overdue balance
     * must stay overdue. One too large to store is refused here rather than failing the
     * insert.
     */
    BigDecimal amount(String column) {
        String value = text(column);
        if (value.isEmpty()) {
            return BigDecimal.ZERO;
        }
        BigDecimal parsed;
        try {
            parsed = new BigDecimal(value);
        }
        catch (NumberFormatException e) {
            throw new InvalidCellException(column, quote(value) + " is not a decimal >= 0");
        }
        if (parsed.signum() < 0) {
            throw new InvalidCellException(column, quote(value) + " is not a decimal >= 0");
        }
        if (parsed.compareTo(MAX_AMOUNT) > 0) {
            throw new InvalidCellException(column, quote(value) + " is larger than " + MAX_AMOUNT.toPlainString());
        }
        return parsed.setScale(AMOUNT_SCALE, RoundingMode.CEILING);
    }

    boolean bool(String column, boolean defaultValue) {
        String value = text(column).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "" -> defaultValue;
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new InvalidCellException(column,
                    quote(text(column)) + " is not a boolean (true/false, yes/no, 1/0)");
        };
    }

    <E extends Enum<E>> E choice(String column, Class<E> type, E defaultValue) {
        String value = text(column);
        if (value.isEmpty()) {
            return defaultValue;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw new InvalidCellException(column,
                quote(value) + " is not one of " + Arrays.toString(type.getEnumConstants()));
    }

    List<String> list(String column) {
        String value = text(column);
        if (value.isEmpty()) {
            return List.of();
        }
        List<String> items = new ArrayList<>();
        for (String item : value.split("\\|")) {
            String stripped = item.strip();
            if (!stripped.isEmpty()) {
                items.add(stripped);
            }
        }
        return items;
    }

    String country(String column) {
        String value = text(column);
        if (!value.isEmpty() && !COUNTRY.matcher(value).matches()) {
            throw new InvalidCellException(column, quote(value) + " is not an ISO 3166-1 alpha-2 country code");
        }
        return value.toUpperCase(Locale.ROOT);
    }

    String userPrincipalName(String column) {
        String value = required(column);
        int at = value.indexOf('@');
        if (at <= 0 || at != value.lastIndexOf('@') || at == value.length() - 1) {
            throw new InvalidCellException(column,
                    quote(value) + " does not contain exactly one @ between a name and a domain");
        }
        return value;
    }

    private static String quote(String value) {
        return value.length() > 80 ? "\"" + value.substring(0, 80) + "…\"" : "\"" + value + "\"";
    }

}
