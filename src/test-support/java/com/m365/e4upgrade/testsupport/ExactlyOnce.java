package com.m365.e4upgrade.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import com.m365.e4upgrade.testsupport.Expected.Move;
import com.m365.e4upgrade.testsupport.Expected.Settlement;
import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180ParserBuilder;
import com.opencsv.exceptions.CsvValidationException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The end state a migration must reach whatever happened to its runs before: every source-plan
 * holder of the input files in reassignments.csv once, moved or skipped as the rules say, in
 * batches of at most 20 users of one tenant; every subscription settled once, cancelled only when
 * every holder moved; summary.json saying so; and the database, when given, holding the same.
 *
 * <p>The kill tests check a migration of a few thousand users against {@link MigrationFiles}, row
 * by row; the benchmark checks a million against the counts of its generator, reading the reports
 * as a stream and keeping under a hundred bytes per user. Every check is listed, passed or not, so the
 * benchmark can print them; a test calls {@link Result#assertPassed()}.
 */
public final class ExactlyOnce {

    private static final int MAX_USERS_PER_BATCH = 20;
    /** Problems spelled out per check; the rest are counted. */
    private static final int SHOWN = 8;
    private static final String REASSIGNMENTS_HEADER =
            "tenant_id,user_id,user_principal_name,from_sku,to_sku,disabled_plans,status,detail,batch";
    private static final String CANCELLATIONS_HEADER = "tenant_id,subscription_id,sku,status,detail";
    /** What summary.json lists for a completed real run, each with its count, 0 included. */
    private static final List<String> USER_STATUSES = List.of("REASSIGNED", "SKIPPED");
    private static final List<String> CANCELLATION_STATUSES = List.of("CANCELLED", "READY_TO_CANCEL", "KEPT");

    private final Expected expected;
    private final Path out;
    private final List<Check> checks = new ArrayList<>();

    private ExactlyOnce(Expected expected, Path out) {
        this.expected = expected;
        this.out = out;
    }

    /** The migration that wrote its reports to {@code out}, and its database unless null, completed exactly once. */
    public static void assertMigratedExactlyOnce(Expected expected, Path out, JobDatabase database) {
        check(expected, out, database).assertPassed();
    }

    /** Every check of a migration that wrote its reports to {@code out} (and its database unless null). */
    public static Result check(Expected expected, Path out, JobDatabase database) {
        ExactlyOnce run = new ExactlyOnce(expected, out);
        run.reassignments();
        run.cancellations();
        run.verdicts();
        run.rejects();
        JsonNode summary = run.summary();
        if (database != null) {
            run.database(database, summary);
        }
        return new Result(List.copyOf(run.checks));
    }

    /** One check: what was checked, whether it passed, and what was found (and what was expected, if it failed). */
    public record Check(String what, boolean passed, String found) {
    }

    /** All the checks of a migration. */
    public record Result(List<Check> checks) {

        public boolean passed() {
            return checks.stream().allMatch(Check::passed);
        }

        public void assertPassed() {
            List<String> failed = checks.stream().filter(check -> !check.passed())
                    .map(check -> check.what() + ": " + check.found()).toList();
            if (!failed.isEmpty()) {
                throw new AssertionError("not migrated exactly once, " + failed.size() + " of " + checks.size()
                        + " checks failed:\n  " + String.join("\n  ", failed));
            }
        }
    }

    // --- the reports ---------------------------------------------------------------------------

    private void reassignments() {
        Map<String, Long> statuses = new TreeMap<>();
        Set<Object> users = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        Map<Integer, String> tenantOfBatch = new HashMap<>();
        Map<Integer, Integer> usersOfBatch = new HashMap<>();
        List<String> mixedBatches = new ArrayList<>();
        List<String> misplaced = new ArrayList<>();
        Iterator<Move> moves = expected.rows() == null ? null : expected.rows().moves().iterator();
        List<String> unexpected = new ArrayList<>();
        long rows = 0;
        try (Rows csv = open("reassignments.csv", REASSIGNMENTS_HEADER)) {
            if (csv == null) {
                return;
            }
            for (Map<String, String> row = csv.next(); row != null; row = csv.next()) {
                rows++;
                String tenant = row.get("tenant_id");
                String user = tenant + "/" + row.get("user_id");
                String status = row.get("status");
                statuses.merge(status, 1L, Long::sum);
                if (!users.add(key(tenant, row.get("user_id")))) {
                    duplicates.add(user);
                }
                String batch = row.get("batch");
                Integer number = batch.matches("[0-9]{1,9}") ? Integer.valueOf(batch) : null;
                if ("REASSIGNED".equals(status) != (number != null) || number == null && !batch.isEmpty()) {
                    misplaced.add(user + " " + status + " in batch \"" + batch + "\"");
                } else if (number != null) {
                    usersOfBatch.merge(number, 1, Integer::sum);
                    String first = tenantOfBatch.putIfAbsent(number, tenant);
                    if (first != null && !first.equals(tenant)) {
                        mixedBatches.add("batch " + number + ": " + first + " and " + tenant);
                    }
                }
                if (moves != null) {
                    String actual = new Move(tenant, row.get("user_id"), row.get("from_sku"), row.get("to_sku"), status,
                            row.get("detail")).toString();
                    String wanted = moves.hasNext() ? moves.next().toString() : "no row";
                    if (!actual.equals(wanted)) {
                        unexpected.add("row " + rows + ": " + actual + ", expected " + wanted);
                    }
                }
            }
        }
        if (moves != null) {
            moves.forEachRemaining(move -> unexpected.add("missing " + move));
        }
        count("reassignments.csv rows", rows, expected.reassigned() + expected.skipped());
        count("reassignments.csv REASSIGNED", statuses.getOrDefault("REASSIGNED", 0L), expected.reassigned());
        count("reassignments.csv SKIPPED", statuses.getOrDefault("SKIPPED", 0L), expected.skipped());
        count("reassignments.csv rows of another status (PLANNED: not done)",
                rows - statuses.getOrDefault("REASSIGNED", 0L) - statuses.getOrDefault("SKIPPED", 0L), 0);
        none("reassignments.csv users reported more than once", duplicates);
        if (moves != null) {
            none("reassignments.csv rows, in the order of the files, against the input files", unexpected);
        }
        none("reassignments.csv rows whose batch does not fit their status", misplaced);
        count("write batches", usersOfBatch.size(), expected.writeBatches());
        none("write batch numbers outside 1..K (K write batches)", usersOfBatch.keySet().stream()
                .filter(number -> number < 1 || number > usersOfBatch.size()).map(String::valueOf).toList());
        none("write batches of more than " + MAX_USERS_PER_BATCH + " users", usersOfBatch.entrySet().stream()
                .filter(batch -> batch.getValue() > MAX_USERS_PER_BATCH)
                .map(batch -> "batch " + batch.getKey() + ": " + batch.getValue() + " users").toList());
        none("write batches mixing tenants", mixedBatches);
    }

    private void cancellations() {
        Map<String, Long> statuses = new TreeMap<>();
        Set<String> tenants = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        try (Rows csv = open("cancellations.csv", CANCELLATIONS_HEADER)) {
            if (csv == null) {
                return;
            }
            for (Map<String, String> row = csv.next(); row != null; row = csv.next()) {
                statuses.merge(row.get("status"), 1L, Long::sum);
                if (!tenants.add(row.get("tenant_id"))) {
                    duplicates.add(row.get("tenant_id"));
                }
                if (expected.rows() != null) {
                    rows.add(new Settlement(row.get("tenant_id"), row.get("subscription_id"), row.get("status")).toString());
                }
            }
        }
        none("cancellations.csv tenants settled more than once", duplicates);
        count("cancellations.csv CANCELLED", statuses.getOrDefault("CANCELLED", 0L), expected.cancelled());
        count("cancellations.csv KEPT", statuses.getOrDefault("KEPT", 0L), expected.kept());
        count("cancellations.csv rows of another status", statuses.entrySet().stream()
                .filter(status -> !List.of("CANCELLED", "KEPT").contains(status.getKey()))
                .mapToLong(Map.Entry::getValue).sum(), 0);
        if (expected.rows() != null) {
            inOrder("cancellations.csv rows, in the order of the files, against the input files", rows,
                    expected.rows().settlements().stream().map(Settlement::toString).toList());
        }
    }

    private void verdicts() {
        Map<String, Long> verdicts = new TreeMap<>();
        try (Rows csv = open("eligibility.csv", null)) {
            if (csv == null) {
                return;
            }
            if (!csv.columns().contains("verdict")) {
                checks.add(new Check("eligibility.csv header", false, csv.columns() + " (expected a verdict column)"));
                return;
            }
            for (Map<String, String> row = csv.next(); row != null; row = csv.next()) {
                verdicts.merge(row.get("verdict"), 1L, Long::sum);
            }
        }
        same("eligibility.csv tenants by verdict", verdicts, expected.tenantsByVerdict());
    }

    private void rejects() {
        long rejected = 0;
        try (Rows csv = open("rejects.csv", null)) {
            if (csv == null) {
                return;
            }
            while (csv.next() != null) {
                rejected++;
            }
        }
        count("rejects.csv rows (a replayed import would reject duplicates)", rejected, 0);
    }

    private JsonNode summary() {
        Path file = out.resolve("summary.json");
        if (!Files.exists(file)) {
            checks.add(new Check("summary.json", false, "no " + file));
            return null;
        }
        JsonNode summary = json(file);
        same("summary.json status", summary.path("status").asString(), "COMPLETED");
        Map<String, Long> verdicts = counts(summary.path("tenantsByVerdict"));
        same("summary.json tenantsByVerdict", verdicts, expected.tenantsByVerdict());
        same("summary.json tenantsByVerdict names every verdict", verdicts.keySet(), Set.copyOf(Expected.VERDICTS));
        Map<String, Long> users = counts(summary.path("usersByStatus"));
        same("summary.json usersByStatus", users, Map.of("REASSIGNED", expected.reassigned(), "SKIPPED", expected.skipped()));
        same("summary.json usersByStatus names", users.keySet(), Set.copyOf(USER_STATUSES));
        Map<String, Long> cancellations = counts(summary.path("cancellationsByStatus"));
        same("summary.json cancellationsByStatus", cancellations,
                Map.of("CANCELLED", expected.cancelled(), "KEPT", expected.kept()));
        same("summary.json cancellationsByStatus names", cancellations.keySet(), Set.copyOf(CANCELLATION_STATUSES));
        count("summary.json rejectedRows", summary.path("rejectedRows").asLong(), 0);
        return summary;
    }

    // --- the database ---------------------------------------------------------------------------

    private void database(JobDatabase database, JsonNode summary) {
        try (Connection db = database.connect()) {
            count("job instances (every rerun resumed the same migration)",
                    JobDatabase.single(db, "SELECT COUNT(*) FROM batch_job_instance"), 1);
            if (summary == null) {
                return; // which migration's rows to look at is the summary's to say
            }
            String migration = " WHERE migration_id = " + summary.path("migrationId").asLong();
            count("e4_tenant rows", JobDatabase.single(db, "SELECT COUNT(*) FROM e4_tenant" + migration), expected.tenants());
            count("e4_user rows", JobDatabase.single(db, "SELECT COUNT(*) FROM e4_user" + migration), expected.users());
            count("e4_reassignment rows", JobDatabase.single(db, "SELECT COUNT(*) FROM e4_reassignment" + migration),
                    expected.reassigned() + expected.skipped());
            count("e4_reassignment rows still PLANNED", JobDatabase.single(db,
                    "SELECT COUNT(*) FROM e4_reassignment" + migration + " AND status = 'PLANNED'"), 0);
            count("e4_cancellation rows", JobDatabase.single(db, "SELECT COUNT(*) FROM e4_cancellation" + migration),
                    expected.cancelled() + expected.kept());
            count("e4_tenant source subscriptions CANCELLED", JobDatabase.single(db,
                    "SELECT COUNT(*) FROM e4_tenant" + migration + " AND subscription_state = 'CANCELLED'"), expected.cancelled());

            same("summary.json tenantsByVerdict against e4_tenant", nonZero(counts(summary.path("tenantsByVerdict"))),
                    grouped(db, "SELECT verdict, COUNT(*) FROM e4_tenant" + migration + " AND verdict IS NOT NULL GROUP BY verdict"));
            same("summary.json usersByStatus against e4_reassignment", nonZero(counts(summary.path("usersByStatus"))),
                    grouped(db, "SELECT status, COUNT(*) FROM e4_reassignment" + migration + " GROUP BY status"));
            same("summary.json cancellationsByStatus against e4_cancellation",
                    nonZero(counts(summary.path("cancellationsByStatus"))),
                    grouped(db, "SELECT status, COUNT(*) FROM e4_cancellation" + migration + " GROUP BY status"));

            // a plan held is the SKU between bars in the bar-separated licenses: no LIKE, whose _ is a wildcard
            List<String> cancelledUnderUsers = new ArrayList<>();
            JobDatabase.query(db, "SELECT t.tenant_id, COUNT(*) FROM e4_tenant t JOIN e4_user u"
                    + " ON u.migration_id = t.migration_id AND u.tenant_line = t.line_number"
                    + " WHERE t.migration_id = " + summary.path("migrationId").asLong() + " AND t.subscription_state = 'CANCELLED'"
                    + " AND POSITION('|' || t.source_sku || '|' IN '|' || COALESCE(u.licenses, '') || '|') > 0 GROUP BY t.tenant_id",
                    rs -> cancelledUnderUsers.add(rs.getString(1) + ": " + rs.getLong(2) + " users still hold the source plan"));
            none("source subscriptions cancelled while users still hold the plan", cancelledUnderUsers);
            List<String> notMoved = new ArrayList<>();
            JobDatabase.query(db, "SELECT r.tenant_id, r.user_id, u.licenses FROM e4_reassignment r JOIN e4_user u"
                    + " ON u.migration_id = r.migration_id AND u.tenant_line = r.tenant_line AND u.line_number = r.user_line"
                    + " WHERE r.migration_id = " + summary.path("migrationId").asLong() + " AND r.status = 'REASSIGNED'"
                    + " AND (POSITION('|' || r.from_sku || '|' IN '|' || COALESCE(u.licenses, '') || '|') > 0"
                    + " OR POSITION('|' || r.to_sku || '|' IN '|' || COALESCE(u.licenses, '') || '|') = 0)",
                    rs -> notMoved.add(rs.getString(1) + "/" + rs.getString(2) + " holds " + rs.getString(3)));
            none("e4_user.licenses of REASSIGNED users: source plan gone, target held", notMoved);

            if (expected.rows() != null) {
                Map<String, List<String>> licenses = new LinkedHashMap<>();
                JobDatabase.query(db, "SELECT tenant_id, user_id, licenses FROM e4_user" + migration,
                        rs -> licenses.put(rs.getString(1) + "/" + rs.getString(2), split(rs.getString(3))));
                byKey("e4_user.licenses by tenant_id/user_id: moved once, or untouched", licenses,
                        expected.rows().licenses());
                Map<String, String> states = new LinkedHashMap<>();
                JobDatabase.query(db, "SELECT tenant_id, subscription_state FROM e4_tenant" + migration,
                        rs -> states.put(rs.getString(1), rs.getString(2)));
                byKey("e4_tenant.subscription_state by tenant_id", states, expected.rows().subscriptionStates());
            }
        } catch (SQLException e) {
            checks.add(new Check("the job's database", false, "cannot read it: " + e.getMessage()));
        }
    }

    private static Map<String, Long> grouped(Connection db, String sql) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        JobDatabase.query(db, sql, rs -> counts.put(rs.getString(1), rs.getLong(2)));
        return counts;
    }

    // --- checks ---------------------------------------------------------------------------------

    private void count(String what, long actual, long wanted) {
        checks.add(new Check(what, actual == wanted, String.format(Locale.ROOT, "%,d", actual)
                + (actual == wanted ? "" : String.format(Locale.ROOT, " (expected %,d)", wanted))));
    }

    /** Counts by name, a name missing counting 0. */
    private void same(String what, Map<String, Long> actual, Map<String, Long> wanted) {
        Map<String, Long> found = nonZero(actual);
        Map<String, Long> expectedCounts = nonZero(wanted);
        checks.add(new Check(what, found.equals(expectedCounts),
                found + (found.equals(expectedCounts) ? "" : " (expected " + expectedCounts + ")")));
    }

    private void same(String what, Object actual, Object wanted) {
        boolean passed = Objects.equals(actual, wanted);
        checks.add(new Check(what, passed, actual + (passed ? "" : " (expected " + wanted + ")")));
    }

    /** A list of problems that must be empty; the first few are spelled out. */
    private void none(String what, List<String> problems) {
        String found = problems.isEmpty() ? "none" : problems.size() + ": " + String.join("; ",
                problems.subList(0, Math.min(SHOWN, problems.size())))
                + (problems.size() > SHOWN ? "; ..." : "");
        checks.add(new Check(what, problems.isEmpty(), found));
    }

    private void inOrder(String what, List<String> actual, List<String> wanted) {
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < Math.max(actual.size(), wanted.size()); i++) {
            String row = i < actual.size() ? actual.get(i) : "no row";
            String expectedRow = i < wanted.size() ? wanted.get(i) : "no row";
            if (!row.equals(expectedRow)) {
                differences.add("row " + (i + 1) + ": " + row + ", expected " + expectedRow);
            }
        }
        none(what, differences);
    }

    /** Two maps that must hold the same keys with the same values. */
    private <V> void byKey(String what, Map<String, V> actual, Map<String, V> wanted) {
        List<String> differences = new ArrayList<>();
        wanted.forEach((key, value) -> {
            if (!actual.containsKey(key)) {
                differences.add(key + ": missing, expected " + value);
            } else if (!Objects.equals(actual.get(key), value)) {
                differences.add(key + ": " + actual.get(key) + ", expected " + value);
            }
        });
        actual.keySet().stream().filter(key -> !wanted.containsKey(key))
                .forEach(key -> differences.add(key + ": " + actual.get(key) + ", expected no row"));
        none(what, differences);
    }

    /** The report's rows, or null when it is missing or its header is not the contract's (a failed check each). */
    private Rows open(String report, String header) {
        Path file = out.resolve(report);
        if (!Files.exists(file)) {
            checks.add(new Check(report, false, "no " + file));
            return null;
        }
        Rows rows = Rows.of(file);
        String found = String.join(",", rows.columns());
        if (header != null && !found.equals(header)) {
            rows.close();
            checks.add(new Check(report + " header", false, found + " (expected " + header + ")"));
            return null;
        }
        return rows;
    }

    // --- reading --------------------------------------------------------------------------------

    /** summary.json, or another JSON file the job wrote. */
    public static JsonNode json(Path file) {
        if (!Files.exists(file)) {
            throw new AssertionError("no " + file.getFileName() + " in " + file.getParent());
        }
        return JsonMapper.builder().build().readTree(file.toFile());
    }

    private static Map<String, Long> counts(JsonNode object) {
        Map<String, Long> counts = new LinkedHashMap<>();
        object.properties().forEach(entry -> counts.put(entry.getKey(), entry.getValue().asLong()));
        return counts;
    }

    private static Map<String, Long> nonZero(Map<String, Long> counts) {
        Map<String, Long> nonZero = new TreeMap<>();
        counts.forEach((name, count) -> {
            if (count != 0) {
                nonZero.put(name, count);
            }
        });
        return nonZero;
    }

    private static List<String> split(String barSeparated) {
        return barSeparated == null || barSeparated.isEmpty() ? List.of() : Arrays.asList(barSeparated.split("\\|"));
    }

    /** A user's ids as four longs when they are GUIDs: a million of them fit in the benchmark's heap. */
    private static Object key(String tenantId, String userId) {
        try {
            UUID tenant = UUID.fromString(tenantId);
            UUID user = UUID.fromString(userId);
            return new Guids(tenant.getMostSignificantBits(), tenant.getLeastSignificantBits(),
                    user.getMostSignificantBits(), user.getLeastSignificantBits());
        } catch (IllegalArgumentException notAGuid) {
            return tenantId.toLowerCase(Locale.ROOT) + "/" + userId.toLowerCase(Locale.ROOT);
        }
    }

    private record Guids(long tenantHigh, long tenantLow, long userHigh, long userLow) {
    }

    /** A report's rows one at a time, as maps by column name (RFC 4180, as the job writes them). */
    private static final class Rows implements AutoCloseable {

        private final Path file;
        private final CSVReader reader;
        private final String[] columns;

        private Rows(Path file, CSVReader reader, String[] columns) {
            this.file = file;
            this.reader = reader;
            this.columns = columns;
        }

        static Rows of(Path file) {
            try {
                CSVReader reader = new CSVReaderBuilder(Files.newBufferedReader(file, StandardCharsets.UTF_8))
                        .withCSVParser(new RFC4180ParserBuilder().build()).build();
                String[] columns = reader.readNext();
                return new Rows(file, reader, columns == null ? new String[0] : columns);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (CsvValidationException e) {
                throw new AssertionError(file + " is not valid CSV", e);
            }
        }

        List<String> columns() {
            return List.of(columns);
        }

        /** The next row, null after the last; a blank line is no row. */
        Map<String, String> next() {
            try {
                String[] line;
                do {
                    line = reader.readNext();
                } while (line != null && line.length == 1 && line[0].isEmpty());
                if (line == null) {
                    return null;
                }
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < columns.length; i++) {
                    row.put(columns[i], i < line.length ? line[i] : "");
                }
                return row;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (CsvValidationException e) {
                throw new AssertionError(file + " is not valid CSV", e);
            }
        }

        @Override
        public void close() {
            try {
                reader.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
