package com.m365.e4upgrade.cli.status;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The status command's tables: a header line of stable column names, then one line per
 * row, columns padded to their widest cell and separated by two spaces.
 */
final class StatusTable {

    static final List<String> MIGRATION_COLUMNS = List.of("MIGRATION", "STATUS", "DRY_RUN", "STARTED", "ENDED", "MOVED",
            "TENANTS_FILE", "USERS_FILE");

    static final List<String> STEP_COLUMNS = List.of("RUN", "STEP", "STATUS", "READ", "WRITTEN", "STARTED", "ENDED",
            "DURATION");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private StatusTable() {
    }

    static String migrations(List<StatusQueries.Migration> migrations) {
        List<List<String>> rows = new ArrayList<>();
        for (StatusQueries.Migration migration : migrations) {
            rows.add(List.of(Long.toString(migration.id()), migration.status(), migration.dryRun(),
                    time(migration.start()), time(migration.end()), moved(migration.moved(), migration.toMove()),
                    orDash(migration.tenantsFile()), orDash(migration.usersFile())));
        }
        return render(MIGRATION_COLUMNS, rows);
    }

    static String steps(List<StatusQueries.StepLine> steps, LocalDateTime now) {
        List<List<String>> rows = new ArrayList<>();
        for (StatusQueries.StepLine step : steps) {
            rows.add(List.of(Long.toString(step.execution()), step.name(), step.status(), Long.toString(step.read()),
                    Long.toString(step.written()), time(step.start()), time(step.end()),
                    duration(step.start(), step.end() == null ? now : step.end())));
        }
        return render(STEP_COLUMNS, rows);
    }

    static String render(List<String> columns, List<List<String>> rows) {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = columns.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder table = new StringBuilder();
        line(table, columns, widths);
        rows.forEach(row -> line(table, row, widths));
        return table.toString();
    }

    private static void line(StringBuilder table, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            line.append(i == cells.size() - 1 ? cells.get(i) : String.format("%-" + widths[i] + "s  ", cells.get(i)));
        }
        table.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }

    static String moved(Long moved, Long toMove) {
        return moved == null || toMove == null ? "-" : moved + "/" + toMove;
    }

    static String time(LocalDateTime time) {
        return time == null ? "-" : TIME.format(time);
    }

    static String duration(LocalDateTime start, LocalDateTime end) {
        if (start == null || end == null) {
            return "-";
        }
        long millis = Math.max(0, Duration.between(start, end).toMillis());
        long seconds = millis / 1000;
        return seconds < 60 ? String.format("%d.%03ds", seconds, millis % 1000)
                : String.format("%dh%02dm%02ds", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    private static String orDash(String text) {
        return text == null || text.isEmpty() ? "-" : text;
    }

}
