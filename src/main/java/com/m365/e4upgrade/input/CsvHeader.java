package com.m365.e4upgrade.input;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The header row of an input file: columns are found by name, in any order, ignoring
 * case.
 */
public final class CsvHeader {

    private final Map<String, Integer> positions = new HashMap<>();

    private final String[] names;

    /**
     * {@link #positionOf} by the column as asked: the columns asked for are the
     * contract's few names, asked for every cell of every row.
     */
    private final Map<String, Integer> asked = new HashMap<>();

    public CsvHeader(String[] names) {
        this.names = names.clone();
        for (int i = 0; i < names.length; i++) {
            positions.putIfAbsent(normalize(names[i]), i);
        }
    }

    /** Every position naming that column: more than one is a header the job refuses. */
    public List<Integer> positionsOf(String column) {
        String wanted = normalize(column);
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (normalize(names[i]).equals(wanted)) {
                found.add(i);
            }
        }
        return found;
    }

    /** The column names as the file wrote them, in its order. */
    public List<String> names() {
        return List.of(names);
    }

    public int width() {
        return names.length;
    }

    public boolean has(String column) {
        return positions.containsKey(normalize(column));
    }

    /** Position of the column, or -1 when the file has no such column. */
    public int positionOf(String column) {
        Integer position = asked.get(column);
        if (position == null) {
            position = positions.getOrDefault(normalize(column), -1);
            asked.put(column, position);
        }
        return position;
    }

    public List<String> missing(List<String> requiredColumns) {
        List<String> missing = new ArrayList<>();
        for (String column : requiredColumns) {
            if (!has(column)) {
                missing.add(column);
            }
        }
        return missing;
    }

    private static String normalize(String name) {
        return name.replace('\u00A0', ' ').strip().toLowerCase(Locale.ROOT);
    }

}
