package com.m365.e4upgrade.licensing;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180ParserBuilder;
import com.opencsv.exceptions.CsvException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.Resource;

/**
 * The license SKUs of Microsoft's "Product names and service plan identifiers" table,
 * indexed by part number (String_Id). Immutable once loaded, so one instance can be
 * shared by every step.
 */
public final class SkuCatalog {

    private static final String DISPLAY_NAME = "Product_Display_Name";

    private static final String PART_NUMBER = "String_Id";

    private static final String GUID = "GUID";

    private static final String PLAN_NAME = "Service_Plan_Name";

    private static final String PLAN_ID = "Service_Plan_Id";

    // Service_Plans_Included_Friendly_Names is part of Microsoft's format but nothing
    // here reads it,
    // so a table without it still loads.
    private static final List<String> REQUIRED_HEADERS = List.of(DISPLAY_NAME, PART_NUMBER, GUID, PLAN_NAME, PLAN_ID);

    private final Map<String, Sku> skusByKey;

    private SkuCatalog(Map<String, Sku> skusByKey) {
        this.skusByKey = Map.copyOf(skusByKey);
    }

    /**
     * Reads a table in Microsoft's CSV format.
     * @throws IllegalStateException naming the resource when it cannot be read or lacks a
     * required column
     */
    public static SkuCatalog load(Resource resource) {
        try (Reader reader = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8);
                // The default opencsv parser treats a backslash as an escape; Microsoft's
                // file is plain RFC 4180.
                CSVReader csv = new CSVReaderBuilder(reader).withCSVParser(new RFC4180ParserBuilder().build())
                    .build()) {
            return fromRows(csv.readAll(), resource.getDescription());
        }
        catch (IOException | CsvException e) {
            throw new IllegalStateException(
                    "Cannot read the SKU catalog " + resource.getDescription() + ": " + e.getMessage(), e);
        }
    }

    private static SkuCatalog fromRows(List<String[]> rows, String source) {
        if (rows.isEmpty()) {
            throw new IllegalStateException("The SKU catalog " + source + " is empty: it has no header row");
        }
        Map<String, Integer> columns = columnsByHeader(rows.get(0), source);
        int displayName = columns.get(DISPLAY_NAME);
        int partNumber = columns.get(PART_NUMBER);
        int guid = columns.get(GUID);
        int planName = columns.get(PLAN_NAME);
        int planId = columns.get(PLAN_ID);

        Map<String, SkuRows> byKey = new LinkedHashMap<>();
        for (String[] row : rows.subList(1, rows.size())) {
            String part = cell(row, partNumber);
            if (part.isEmpty()) {
                continue;
            }
            SkuRows sku = byKey.computeIfAbsent(key(part),
                    k -> new SkuRows(part, cell(row, guid), cell(row, displayName)));
            // Microsoft lists a few String_Ids under two GUIDs (two different products);
            // the first
            // one wins and the other product's plans must not leak into it.
            if (sku.guid.equalsIgnoreCase(cell(row, guid))) {
                sku.addPlan(cell(row, planName), cell(row, planId));
            }
        }
        if (byKey.isEmpty()) {
            throw new IllegalStateException(
                    "The SKU catalog " + source + " holds no SKU (no String_Id below its header)");
        }
        Map<String, Sku> skus = new LinkedHashMap<>();
        byKey.forEach((key, rowsOfSku) -> skus.put(key, rowsOfSku.toSku()));
        return new SkuCatalog(skus);
    }

    private static Map<String, Integer> columnsByHeader(String[] header, String source) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (String required : REQUIRED_HEADERS) {
            for (int i = 0; i < header.length; i++) {
                if (clean(header[i]).equalsIgnoreCase(required)) {
                    columns.put(required, i);
                    break;
                }
            }
            if (!columns.containsKey(required)) {
                throw new IllegalStateException("The SKU catalog " + source + " has no " + required
                        + " column (expected columns: " + String.join(",", REQUIRED_HEADERS) + ")");
            }
        }
        return columns;
    }

    /** The SKU of that part number, ignoring case and surrounding whitespace. */
    public Optional<Sku> find(String partNumber) {
        return partNumber == null ? Optional.empty() : Optional.ofNullable(skusByKey.get(key(partNumber)));
    }

    /**
     * The part number as Microsoft's table spells it ({@code spe_e5} is {@code SPE_E5}),
     * so that reports show one spelling; a part number the table lacks is kept as typed.
     */
    public String partNumberOf(String typed) {
        return find(typed).map(Sku::partNumber).orElse(typed);
    }

    /**
     * The SKU of that GUID (a {@code skuId} as Graph gives it), ignoring case; the first
     * part number listed under it when the table lists several.
     */
    public Optional<Sku> findByGuid(String guid) {
        if (guid == null || guid.isBlank()) {
            return Optional.empty();
        }
        String wanted = guid.strip();
        return skusByKey.values().stream().filter(sku -> sku.guid().equalsIgnoreCase(wanted)).findFirst();
    }

    /** How many distinct SKUs the table holds. */
    public int size() {
        return skusByKey.size();
    }

    private static String cell(String[] row, int column) {
        return column < row.length ? clean(row[column]) : "";
    }

    private static String key(String partNumber) {
        return clean(partNumber).toUpperCase(Locale.ROOT);
    }

    /**
     * Microsoft's table has ids padded with non-breaking spaces (even inside, e.g.
     * {@code O365_w/o Teams Bundle_M3}) and a BOM before the first header; String.strip()
     * keeps both, so they are turned into plain spaces first. Admins typing a part number
     * use plain spaces, and this keeps such ids findable.
     */
    private static String clean(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder cleaned = new StringBuilder(value.length());
        value.codePoints()
            .map(c -> c == '\uFEFF' || Character.isSpaceChar(c) ? ' ' : c)
            .forEach(cleaned::appendCodePoint);
        return cleaned.toString().strip();
    }

    /**
     * Accumulates the rows of one SKU; the table repeats rows, but a plan belongs to a
     * SKU once.
     */
    private static final class SkuRows {

        private final String partNumber;

        private final String guid;

        private final String displayName;

        private final Map<String, ServicePlan> plansByName = new LinkedHashMap<>();

        SkuRows(String partNumber, String guid, String displayName) {
            this.partNumber = partNumber;
            this.guid = guid;
            this.displayName = displayName;
        }

        void addPlan(String name, String id) {
            if (!name.isEmpty()) {
                plansByName.putIfAbsent(name.toUpperCase(Locale.ROOT), new ServicePlan(name, id));
            }
        }

        Sku toSku() {
            return new Sku(partNumber, guid, displayName, new ArrayList<>(plansByName.values()));
        }

    }

}
