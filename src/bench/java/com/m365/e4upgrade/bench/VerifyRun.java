package com.m365.e4upgrade.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180ParserBuilder;
import com.opencsv.exceptions.CsvValidationException;

/**
 * Checks a run's reports against what DataSetGenerator wrote in expected.properties: exactly once
 * (REASSIGNED and SKIPPED counts, no duplicate tenant_id/user_id pair, no PLANNED row left), batches
 * of at most 20 users of one tenant, the tenants by verdict and the cancellations by status.
 * Exit 0 when everything matches, 1 otherwise.
 *
 * <pre>
 * VerifyRun --out=RUN_OUTPUT_DIR --expected=DATA_DIR/expected.properties
 * </pre>
 */
public final class VerifyRun {

    private VerifyRun() {
    }

    private record Pair(long tenantHigh, long tenantLow, long userHigh, long userLow) {
        static Pair of(String tenantId, String userId) {
            UUID t = UUID.fromString(tenantId);
            UUID u = UUID.fromString(userId);
            return new Pair(t.getMostSignificantBits(), t.getLeastSignificantBits(), u.getMostSignificantBits(),
                    u.getLeastSignificantBits());
        }
    }

    public static void main(String[] args) throws IOException, CsvValidationException {
        Map<String, String> options = BenchArgs.parse(args, "out", "expected");
        Path out = Path.of(BenchArgs.required(options, "out"));
        Properties expected = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(BenchArgs.required(options, "expected")))) {
            expected.load(in);
        }
        int failures = 0;

        Map<String, Long> statuses = new TreeMap<>();
        Set<Pair> seen = new HashSet<>(2_000_000);
        Map<Integer, String> batchTenant = new HashMap<>();
        Map<Integer, Integer> batchSize = new HashMap<>();
        long duplicates = 0;
        long rows = 0;
        try (CSVReader csv = open(out.resolve("reassignments.csv"))) {
            Map<String, Integer> col = header(csv.readNext());
            String[] row;
            while ((row = csv.readNext()) != null) {
                rows++;
                statuses.merge(row[col.get("status")], 1L, Long::sum);
                if (!seen.add(Pair.of(row[col.get("tenant_id")], row[col.get("user_id")]))) {
                    duplicates++;
                }
                String batch = row[col.get("batch")];
                if (!batch.isEmpty()) {
                    int number = Integer.parseInt(batch);
                    String previous = batchTenant.putIfAbsent(number, row[col.get("tenant_id")]);
                    if (previous != null && !previous.equals(row[col.get("tenant_id")])) {
                        batchTenant.put(number, "MIXED");
                    }
                    batchSize.merge(number, 1, Integer::sum);
                }
            }
        }
        long mixed = batchTenant.values().stream().filter("MIXED"::equals).count();
        long oversized = batchSize.values().stream().filter(n -> n > 20).count();
        long reassignedBatches = batchSize.size();
        failures += check("reassignments.csv rows", rows, num(expected, "holders_in_migrating"));
        failures += check("REASSIGNED rows", statuses.getOrDefault("REASSIGNED", 0L), num(expected, "reassigned"));
        failures += check("SKIPPED rows", statuses.getOrDefault("SKIPPED", 0L), num(expected, "skipped"));
        failures += check("PLANNED rows left", statuses.getOrDefault("PLANNED", 0L), 0);
        failures += check("duplicate (tenant_id,user_id) pairs", duplicates, 0);
        failures += check("write batches", reassignedBatches, num(expected, "write_batches"));
        failures += check("batches mixing tenants", mixed, 0);
        failures += check("batches over 20 users", oversized, 0);

        Map<String, Long> verdicts = countColumn(out.resolve("eligibility.csv"), "verdict");
        for (String verdict : new String[] {"MIGRATE", "MIGRATE_MANUAL", "RETRY_LATER", "ACTION_REQUIRED", "NOT_SUPPORTED"}) {
            failures += check("tenants " + verdict, verdicts.getOrDefault(verdict, 0L), num(expected, "verdict." + verdict));
        }
        Map<String, Long> cancellations = countColumn(out.resolve("cancellations.csv"), "status");
        failures += check("cancellations CANCELLED", cancellations.getOrDefault("CANCELLED", 0L), num(expected, "cancelled"));
        failures += check("cancellations KEPT", cancellations.getOrDefault("KEPT", 0L), num(expected, "kept"));
        long rejects = countColumn(out.resolve("rejects.csv"), "file").values().stream().mapToLong(Long::longValue).sum();
        failures += check("rejected rows", rejects, 0);

        System.out.println(failures == 0 ? "VERIFY OK: exactly once, reports match the generator's expectations"
                : "VERIFY FAILED: " + failures + " mismatch(es)");
        System.exit(failures == 0 ? 0 : 1);
    }

    private static long num(Properties expected, String key) {
        String value = expected.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("expected.properties has no " + key);
        }
        return Long.parseLong(value.strip());
    }

    private static int check(String what, long actual, long wanted) {
        boolean ok = actual == wanted;
        System.out.printf(Locale.ROOT, "  %-4s %-38s %,12d%s%n", ok ? "ok" : "FAIL", what, actual,
                ok ? "" : String.format(Locale.ROOT, " (expected %,d)", wanted));
        return ok ? 0 : 1;
    }

    private static Map<String, Long> countColumn(Path file, String column) throws IOException, CsvValidationException {
        Map<String, Long> counts = new TreeMap<>();
        try (CSVReader csv = open(file)) {
            int i = header(csv.readNext()).get(column);
            String[] row;
            while ((row = csv.readNext()) != null) {
                if (row.length == 1 && row[0].isEmpty()) {
                    continue;
                }
                counts.merge(row[i], 1L, Long::sum);
            }
        }
        return counts;
    }

    private static CSVReader open(Path file) throws IOException {
        return new CSVReaderBuilder(Files.newBufferedReader(file, StandardCharsets.UTF_8))
                .withCSVParser(new RFC4180ParserBuilder().build()).build();
    }

    private static Map<String, Integer> header(String[] names) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; names != null && i < names.length; i++) {
            columns.put(names[i].strip().toLowerCase(Locale.ROOT), i);
        }
        return columns;
    }
}
