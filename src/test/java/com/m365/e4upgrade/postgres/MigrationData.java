package com.m365.e4upgrade.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.opencsv.CSVReader;
import com.opencsv.exceptions.CsvException;

import org.assertj.core.api.SoftAssertions;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A pair of input files big enough for a run to be caught in the reassign step, and what must
 * come of them, checked once the migration completed: every source-plan holder moved (or skipped)
 * exactly once, every subscription settled once, in the reports and in the database alike.
 *
 * <p>{@code tenants} tenants of {@code users} users, all on Office 365 E4 and its EMS add-on;
 * every 10th tenant waits for its target subscription (RETRY_LATER: nothing of it moves); in
 * every 4th tenant user 7 has no usage location (SKIPPED, so the tenant's subscription is KEPT).
 */
record MigrationData(int tenants, int users) {

    static final String SOURCE_SKU = "ENTERPRISEWITHSCAL";
    static final String TENANTS = "tenants.csv";
    static final String USERS = "users.csv";
    private static final List<String> TARGETS = List.of("SPE_E5", "SPE_E3", "ENTERPRISEPREMIUM");

    /** The command line, without the database. */
    static List<String> command() {
        return List.of("--tenants=" + TENANTS, "--users=" + USERS, "--output=out");
    }

    MigrationData writeTo(Path directory) {
        List<String> tenantLines = new ArrayList<>();
        tenantLines.add("tenant_id,tenant_name,subscription_id,source_sku,licenses,target_sku,target_subscription_id,"
                + "target_licenses,target_status");
        List<String> userLines = new ArrayList<>();
        userLines.add("tenant_id,user_id,user_principal_name,display_name,licenses,usage_location");
        for (int t = 0; t < tenants; t++) {
            tenantLines.add(String.join(",", tenantId(t), "Tenant " + t, subscriptionId(t), SOURCE_SKU,
                    Integer.toString(users), target(t), guid("target/" + t), Integer.toString(users),
                    migrates(t) ? "ACTIVE" : "PENDING"));
            for (int u = 0; u < users; u++) {
                userLines.add(String.join(",", tenantId(t), userId(t, u), "user" + u + "@tenant" + t + ".example.com",
                        "User " + u, SOURCE_SKU + "|EMS", skipped(t, u) ? "" : "US"));
            }
        }
        try {
            Files.createDirectories(directory);
            Files.write(directory.resolve(TENANTS), tenantLines, StandardCharsets.UTF_8);
            Files.write(directory.resolve(USERS), userLines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    // --- what the rules say of these rows -------------------------------------------------------

    static boolean migrates(int tenant) {
        return tenant % 10 != 9;
    }

    static boolean skipped(int tenant, int user) {
        return user == 7 && tenant % 4 == 1;
    }

    static String target(int tenant) {
        return TARGETS.get(tenant % TARGETS.size());
    }

    List<Integer> migratingTenants() {
        return IntStream.range(0, tenants).filter(MigrationData::migrates).boxed().toList();
    }

    boolean keeps(int tenant) {
        return users > 7 && skipped(tenant, 7);
    }

    long usersToMove() {
        return migratingTenants().stream().mapToLong(t -> users - (keeps(t) ? 1 : 0)).sum();
    }

    long usersToSkip() {
        return migratingTenants().stream().filter(this::keeps).count();
    }

    int writeBatches() {
        return migratingTenants().stream().mapToInt(t -> (users - (keeps(t) ? 1 : 0) + 19) / 20).sum();
    }

    static String tenantId(int tenant) {
        return guid("tenant/" + tenant);
    }

    static String userId(int tenant, int user) {
        return guid("tenant/" + tenant + "/user/" + user);
    }

    static String subscriptionId(int tenant) {
        return guid("source/" + tenant);
    }

    private static String guid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    // --- the end state ----------------------------------------------------------------------------

    /** The migration of these files, run in this directory on this database, completed exactly once. */
    void assertMigratedExactlyOnce(Path workDir, TestDatabase database) {
        SoftAssertions softly = new SoftAssertions();
        Path out = workDir.resolve("out");

        // reassignments.csv: one row per source-plan holder of a migrating tenant, in file order
        List<Map<String, String>> reassignments = csv(out.resolve("reassignments.csv"));
        List<String> expectedRows = new ArrayList<>();
        for (int t : migratingTenants()) {
            for (int u = 0; u < users; u++) {
                expectedRows.add(tenantId(t) + "/" + userId(t, u) + " " + SOURCE_SKU + "->" + target(t) + " "
                        + (skipped(t, u) ? "SKIPPED USAGE_LOCATION_MISSING" : "REASSIGNED "));
            }
        }
        softly.assertThat(reassignments.stream().map(row -> row.get("tenant_id") + "/" + row.get("user_id") + " "
                        + row.get("from_sku") + "->" + row.get("to_sku") + " " + row.get("status") + " " + row.get("detail"))
                        .toList())
                .as("reassignments.csv: every holder once, in file order, with its outcome")
                .containsExactlyElementsOf(expectedRows);
        Map<String, List<Map<String, String>>> batches = reassignments.stream()
                .filter(row -> "REASSIGNED".equals(row.get("status")))
                .collect(Collectors.groupingBy(row -> row.get("batch"), TreeMap::new, Collectors.toList()));
        softly.assertThat(batches.keySet().stream().map(Integer::valueOf).sorted().toList())
                .as("write batches numbered 1..K").containsExactlyElementsOf(
                        IntStream.rangeClosed(1, writeBatches()).boxed().toList());
        batches.forEach((batch, rows) -> {
            softly.assertThat(rows).as("users of batch %s", batch).hasSizeBetween(1, 20);
            softly.assertThat(rows.stream().map(row -> row.get("tenant_id")).distinct()).as("tenants of batch %s", batch)
                    .hasSize(1);
        });

        // cancellations.csv: one row per migrating tenant
        List<String> expectedSettlements = migratingTenants().stream()
                .map(t -> tenantId(t) + " " + subscriptionId(t) + " " + (keeps(t) ? "KEPT" : "CANCELLED")).toList();
        softly.assertThat(csv(out.resolve("cancellations.csv")).stream()
                        .map(row -> row.get("tenant_id") + " " + row.get("subscription_id") + " " + row.get("status")).toList())
                .as("cancellations.csv").containsExactlyElementsOf(expectedSettlements);

        // summary.json
        JsonNode summary = JsonMapper.builder().build().readTree(out.resolve("summary.json").toFile());
        softly.assertThat(summary.path("status").asString()).as("summary.json status").isEqualTo("COMPLETED");
        softly.assertThat(summary.path("usersByStatus").path("REASSIGNED").asLong()).as("summary REASSIGNED")
                .isEqualTo(usersToMove());
        softly.assertThat(summary.path("usersByStatus").path("SKIPPED").asLong()).as("summary SKIPPED")
                .isEqualTo(usersToSkip());
        softly.assertThat(summary.path("rejectedRows").asLong()).as("rejected rows (a replayed import would reject duplicates)")
                .isZero();

        // the database itself
        try (Connection db = database.connect()) {
            softly.assertThat(single(db, "SELECT COUNT(*) FROM batch_job_instance"))
                    .as("job instances: every rerun resumed the same migration").isEqualTo(1);
            long migrationId = summary.path("migrationId").asLong();
            Map<String, String> licenses = new LinkedHashMap<>();
            query(db, "SELECT tenant_id, user_id, licenses FROM e4_user WHERE migration_id = " + migrationId,
                    rs -> licenses.put(rs.getString(1) + "/" + rs.getString(2), rs.getString(3)));
            List<String> wrong = new ArrayList<>();
            for (int t = 0; t < tenants; t++) {
                for (int u = 0; u < users; u++) {
                    String expected = migrates(t) && !skipped(t, u) ? target(t) + "|EMS" : SOURCE_SKU + "|EMS";
                    String held = licenses.get(tenantId(t) + "/" + userId(t, u));
                    if (!expected.equals(held)) {
                        wrong.add("tenant " + t + " user " + u + " holds " + held + ", expected " + expected);
                    }
                }
            }
            softly.assertThat(wrong.stream().limit(10).toList()).as("e4_user.licenses: moved once, or untouched").isEmpty();
            softly.assertThat(single(db, "SELECT COUNT(*) FROM e4_reassignment WHERE status = 'PLANNED'"))
                    .as("moves still PLANNED").isZero();
            softly.assertThat(single(db, "SELECT COUNT(*) FROM e4_reassignment")).as("e4_reassignment rows")
                    .isEqualTo(usersToMove() + usersToSkip());
            Map<String, String> states = new TreeMap<>();
            query(db, "SELECT tenant_id, subscription_state FROM e4_tenant WHERE subscription_state <> 'ACTIVE'",
                    rs -> states.put(rs.getString(1), rs.getString(2)));
            Map<String, String> expectedStates = new TreeMap<>();
            migratingTenants().stream().filter(t -> !keeps(t)).forEach(t -> expectedStates.put(tenantId(t), "CANCELLED"));
            softly.assertThat(states).as("source subscriptions cancelled, once every holder moved").isEqualTo(expectedStates);
        } catch (SQLException e) {
            throw new AssertionError("cannot read the job's database", e);
        }
        softly.assertAll();
    }

    /** Users whose move has committed so far. */
    static long moved(TestDatabase database) {
        try (Connection db = database.connect()) {
            return single(db, "SELECT COUNT(*) FROM e4_reassignment WHERE status = 'REASSIGNED'");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits while a run moves users (on PostgreSQL, which others may read while a run goes on). */
    static void awaitMoved(TestDatabase database, long users) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (moved(database) < users) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + users + " users moved within a minute");
            }
            ChildJob.pause(Duration.ofMillis(50));
        }
    }

    static long single(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getLong(1);
        }
    }

    interface RowCallback {
        void row(ResultSet rs) throws SQLException;
    }

    static void query(Connection db, String sql, RowCallback callback) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                callback.row(rs);
            }
        }
    }

    static List<Map<String, String>> csv(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVReader csv = new CSVReader(reader)) {
            List<String[]> lines = csv.readAll();
            String[] columns = lines.get(0);
            List<Map<String, String>> rows = new ArrayList<>();
            for (String[] line : lines.subList(1, lines.size())) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < columns.length; i++) {
                    row.put(columns[i], i < line.length ? line[i] : null);
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CsvException e) {
            throw new AssertionError(file + " is not valid CSV", e);
        }
    }
}
