package com.m365.e4upgrade.bench;

/** RFC 4180 rows, quoted only where needed, LF line ends: the bench's files, byte for byte stable. */
final class Csv {

    private Csv() {
    }

    static void row(StringBuilder out, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            cell(out, cells[i]);
        }
        out.append('\n');
    }

    static void cell(StringBuilder out, String cell) {
        if (cell == null || cell.isEmpty()) {
            return;
        }
        boolean quote = false;
        for (int i = 0; i < cell.length() && !quote; i++) {
            char c = cell.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            out.append(cell);
            return;
        }
        out.append('"');
        for (int i = 0; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }

    /** The job's report rule: a cell a spreadsheet would run as a formula gets a leading quote. */
    static String formulaSafe(String cell) {
        if (cell == null || cell.isEmpty()) {
            return "";
        }
        char first = cell.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + cell : cell;
    }
}
