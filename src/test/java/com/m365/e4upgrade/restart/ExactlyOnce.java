package com.m365.e4upgrade.restart;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.m365.e4upgrade.restart.MigrationFiles.TenantRow;
import com.m365.e4upgrade.restart.MigrationFiles.UserRow;
import com.opencsv.CSVReader;
import com.opencsv.exceptions.CsvException;

import org.assertj.core.api.SoftAssertions;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The end state a migration must reach whatever happened to the runs before: every user moved
 * once, every subscription settled once, as the reports say and as the database itself holds.
 */
final class ExactlyOnce {

    private static final int MAX_USERS_PER_BATCH = 20;

    private ExactlyOnce() {
    }

    /**
     * The migration of these files, run in this directory, completed exactly once: the reports in
     * ./out, summary.json and the H2 file ./data/e4-upgrade all agree with the input files.
     */
    static void assertMigratedExactlyOnce(MigrationFiles files, Path workDir) {
        assertMigratedExactlyOnce(files, workDir, defaultDatabase(workDir));
    }

    /**
     * The same, for a run whose H2 file is elsewhere (the operator's own --spring.datasource.url):
     * {@code database} is that file's path without H2's ".mv.db" suffix.
     */
    static void assertMigratedExactlyOnce(MigrationFiles files, Path workDir, Path database) {
        SoftAssertions softly = new SoftAssertions();
        Path out = workDir.resolve("out");

        // reassignments.csv: one row per source-plan holder of a migrating tenant, each moved or skipped once
        List<Map<String, String>> reassignments = csv(out.resolve("reassignments.csv"),
                "tenant_id,user_id,user_principal_name,from_sku,to_sku,disabled_plans,status,detail,batch");
        List<String> reportedUsers = reassignments.stream().map(row -> row.get("tenant_id") + "/" + row.get("user_id")).toList();
        softly.assertThat(reportedUsers).as("reassignments.csv: users reported more than once").doesNotHaveDuplicates();
        Map<String, String> reportedOutcome = byKey(reassignments, row -> row.get("tenant_id") + "/" + row.get("user_id"),
                row -> row.get("status") + " " + row.get("detail") + " " + row.get("from_sku") + "->" + row.get("to_sku"));
        Map<String, String> expectedOutcome = new LinkedHashMap<>();
        files.sourcePlanHolders().forEach(user -> expectedOutcome.put(user.key(),
                (user.skipReason() == null ? "REASSIGNED " : "SKIPPED " + user.skipReason()) + " "
                        + MigrationFiles.SOURCE_SKU + "->" + user.tenant.targetSku));
        expectSame(softly, "reassignments.csv: status, detail and SKUs by tenant_id/user_id", reportedOutcome, expectedOutcome);

        // batches: at most 20 users of one tenant each, numbered 1..K without a gap or a reuse
        Map<String, List<Map<String, String>>> batches = reassignments.stream()
                .filter(row -> "REASSIGNED".equals(row.get("status")))
                .collect(Collectors.groupingBy(row -> row.get("batch"), LinkedHashMap::new, Collectors.toList()));
        batches.forEach((batch, rows) -> {
            softly.assertThat(rows).as("reassignments.csv: users of write batch %s", batch).hasSizeLessThanOrEqualTo(MAX_USERS_PER_BATCH);
            softly.assertThat(rows.stream().map(row -> row.get("tenant_id")).distinct()).as("tenants of write batch %s", batch).hasSize(1);
        });
        Set<Integer> batchNumbers = batches.keySet().stream().map(Integer::valueOf).collect(Collectors.toCollection(TreeSet::new));
        softly.assertThat(batchNumbers).as("reassignments.csv: write batch numbers")
                .containsExactlyElementsOf(IntStream.rangeClosed(1, files.writeBatches()).boxed().toList());
        softly.assertThat(reassignments.stream().filter(row -> "SKIPPED".equals(row.get("status"))).map(row -> row.get("batch")))
                .as("reassignments.csv: batch of the skipped users").allMatch(String::isEmpty);

        // cancellations.csv: one row per migrating tenant; CANCELLED when every holder moved, else KEPT
        List<Map<String, String>> cancellations = csv(out.resolve("cancellations.csv"), "tenant_id,subscription_id,sku,status,detail");
        softly.assertThat(cancellations.stream().map(row -> row.get("tenant_id")).toList())
                .as("cancellations.csv: tenants settled more than once").doesNotHaveDuplicates();
        Map<String, String> expectedSettlement = new LinkedHashMap<>();
        files.migratingTenants().forEach(tenant -> expectedSettlement.put(tenant.tenantId,
                (tenant.usersToSkip() == 0 ? "CANCELLED" : "KEPT") + " " + tenant.subscriptionId()));
        expectSame(softly, "cancellations.csv: status and subscription by tenant_id",
                byKey(cancellations, row -> row.get("tenant_id"), row -> row.get("status") + " " + row.get("subscription_id")),
                expectedSettlement);

        // summary.json
        JsonNode summary = json(out.resolve("summary.json"));
        softly.assertThat(summary.path("status").asString()).as("summary.json status").isEqualTo("COMPLETED");
        softly.assertThat(counts(summary.path("tenantsByVerdict"))).as("summary.json tenantsByVerdict").containsExactlyInAnyOrderEntriesOf(Map.of(
                "MIGRATE", (long) files.migratingTenants().size(),
                "MIGRATE_MANUAL", 0L,
                "RETRY_LATER", (long) (files.tenants().size() - files.migratingTenants().size()),
                "ACTION_REQUIRED", 0L,
                "NOT_SUPPORTED", 0L));
        softly.assertThat(counts(summary.path("usersByStatus"))).as("summary.json usersByStatus").containsExactlyInAnyOrderEntriesOf(Map.of(
                "REASSIGNED", (long) files.usersToMove().size(),
                "SKIPPED", (long) files.usersToSkip().size()));
        softly.assertThat(counts(summary.path("cancellationsByStatus"))).as("summary.json cancellationsByStatus").containsExactlyInAnyOrderEntriesOf(Map.of(
                "CANCELLED", (long) files.tenantsToCancel().size(),
                "READY_TO_CANCEL", 0L,
                "KEPT", (long) files.tenantsToKeep().size()));
        softly.assertThat(summary.path("rejectedRows").asLong()).as("summary.json rejectedRows (a replayed import would reject duplicates)").isZero();

        // the database itself
        long migrationId = summary.path("migrationId").asLong();
        try (Connection db = DriverManager.getConnection(jdbcUrl(database), "sa", "")) {
            softly.assertThat(single(db, "SELECT COUNT(*) FROM batch_job_instance")).as("job instances: the rerun resumed the same migration").isEqualTo(1);
            softly.assertThat(single(db, "SELECT COUNT(*) FROM e4_tenant WHERE migration_id = " + migrationId)).as("imported tenants").isEqualTo(files.tenants().size());
            softly.assertThat(single(db, "SELECT COUNT(*) FROM e4_user WHERE migration_id = " + migrationId)).as("imported users")
                    .isEqualTo(files.tenants().stream().mapToInt(tenant -> tenant.users.size()).sum());

            Map<String, List<String>> licenses = new LinkedHashMap<>();
            query(db, "SELECT tenant_id, user_id, licenses FROM e4_user WHERE migration_id = " + migrationId,
                    rs -> licenses.put(rs.getString(1) + "/" + rs.getString(2), split(rs.getString(3))));
            List<String> notMovedOnce = new ArrayList<>();
            for (UserRow user : files.usersToMove()) {
                List<String> held = licenses.getOrDefault(user.key(), List.of());
                if (held.contains(MigrationFiles.SOURCE_SKU) || Collections.frequency(held, user.tenant.targetSku) != 1
                        || !held.equals(user.licensesAfterMove())) {
                    notMovedOnce.add(user + " holds " + held + ", expected " + user.licensesAfterMove());
                }
            }
            softly.assertThat(truncated(notMovedOnce)).as("e4_user.licenses of REASSIGNED users: source gone, target exactly once").isEmpty();
            List<String> touched = new ArrayList<>();
            for (UserRow user : files.usersLeftAlone()) {
                List<String> held = licenses.getOrDefault(user.key(), List.of());
                if (!held.equals(user.licenseList())) {
                    touched.add(user + " holds " + held + ", expected " + user.licenseList());
                }
            }
            softly.assertThat(truncated(touched)).as("e4_user.licenses of users that must not move").isEmpty();

            Map<String, String> subscriptionStates = new LinkedHashMap<>();
            query(db, "SELECT tenant_id, subscription_state FROM e4_tenant WHERE migration_id = " + migrationId,
                    rs -> subscriptionStates.put(rs.getString(1), rs.getString(2)));
            Map<String, String> expectedStates = new LinkedHashMap<>();
            Set<TenantRow> toCancel = new LinkedHashSet<>(files.tenantsToCancel());
            files.tenants().forEach(tenant -> expectedStates.put(tenant.tenantId, toCancel.contains(tenant) ? "CANCELLED" : "ACTIVE"));
            expectSame(softly, "e4_tenant.subscription_state by tenant_id", subscriptionStates, expectedStates);

            List<String> cancelledUnderUsers = new ArrayList<>();
            subscriptionStates.forEach((tenantId, state) -> {
                TenantRow tenant = files.tenantsById().get(tenantId);
                long stillHolding = tenant == null ? 0 : tenant.users.stream()
                        .filter(user -> licenses.getOrDefault(user.key(), List.of()).contains(MigrationFiles.SOURCE_SKU))
                        .count();
                if ("CANCELLED".equals(state) && stillHolding > 0) {
                    cancelledUnderUsers.add(tenant + ": " + stillHolding + " users still hold " + MigrationFiles.SOURCE_SKU);
                }
            });
            softly.assertThat(truncated(cancelledUnderUsers)).as("source subscriptions cancelled while users still hold the plan").isEmpty();

            List<String> planned = new ArrayList<>();
            query(db, "SELECT tenant_id, user_id FROM e4_reassignment WHERE status = 'PLANNED' AND migration_id = " + migrationId,
                    rs -> planned.add(rs.getString(1) + "/" + rs.getString(2)));
            softly.assertThat(truncated(planned)).as("e4_reassignment rows still PLANNED after the migration completed").isEmpty();
            softly.assertThat(single(db, "SELECT COUNT(*) FROM e4_reassignment WHERE migration_id = " + migrationId))
                    .as("e4_reassignment rows").isEqualTo(files.sourcePlanHolders().size());
            softly.assertThat(single(db, "SELECT COUNT(*) FROM e4_cancellation WHERE migration_id = " + migrationId))
                    .as("e4_cancellation rows").isEqualTo(files.migratingTenants().size());
        } catch (SQLException e) {
            throw new AssertionError("cannot read the job's database " + database, e);
        }
        softly.assertAll();
    }

    /** The status the job repository holds for the migration's last run. */
    static String lastRunStatusInTheJobRepository(Path workDir) {
        return lastRunStatusInTheJobRepositoryOf(defaultDatabase(workDir));
    }

    /** The same, in the H2 file at this path (without its ".mv.db" suffix). */
    static String lastRunStatusInTheJobRepositoryOf(Path database) {
        try (Connection db = DriverManager.getConnection(jdbcUrl(database), "sa", "");
                PreparedStatement statement = db.prepareStatement(
                        "SELECT status FROM batch_job_execution ORDER BY job_execution_id DESC FETCH FIRST 1 ROW ONLY");
                ResultSet rs = statement.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new AssertionError("cannot read the job's database " + database, e);
        }
    }

    /** The H2 file the job uses by default, relative to its working directory (application.properties). */
    static Path defaultDatabase(Path workDir) {
        return workDir.resolve("data/e4-upgrade");
    }

    static String jdbcUrl(Path database) {
        // IFEXISTS: a wrong path fails instead of creating an empty database
        return "jdbc:h2:file:" + database.toAbsolutePath() + ";IFEXISTS=TRUE";
    }

    static long single(Connection db, String sql) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    interface RowCallback {
        void row(ResultSet rs) throws SQLException;
    }

    static void query(Connection db, String sql, RowCallback callback) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                callback.row(rs);
            }
        }
    }

    /** The rows of a report, as maps by column name; its header must be exactly the contract's. */
    static List<Map<String, String>> csv(Path file, String header) {
        if (!Files.exists(file)) {
            throw new AssertionError("no " + file.getFileName() + " in " + file.getParent());
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVReader csv = new CSVReader(reader)) {
            List<String[]> lines = csv.readAll();
            String[] columns = lines.get(0);
            if (!String.join(",", columns).equals(header)) {
                throw new AssertionError(file.getFileName() + ": header " + String.join(",", columns) + ", expected " + header);
            }
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

    static JsonNode json(Path file) {
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

    private static <T> Map<String, String> byKey(List<T> rows, Function<T, String> key, Function<T, String> value) {
        Map<String, String> map = new LinkedHashMap<>();
        rows.forEach(row -> map.put(key.apply(row), value.apply(row)));
        return map;
    }

    /** Differences between two maps, a few of them spelled out: a list that must be empty. */
    private static void expectSame(SoftAssertions softly, String what, Map<String, String> actual, Map<String, String> expected) {
        List<String> differences = new ArrayList<>();
        expected.forEach((key, value) -> {
            if (!actual.containsKey(key)) {
                differences.add(key + ": missing, expected " + value);
            } else if (!Objects.equals(actual.get(key), value)) {
                differences.add(key + ": " + actual.get(key) + ", expected " + value);
            }
        });
        actual.keySet().stream().filter(key -> !expected.containsKey(key))
                .forEach(key -> differences.add(key + ": " + actual.get(key) + ", expected no row"));
        softly.assertThat(truncated(differences)).as(what).isEmpty();
    }

    private static List<String> truncated(List<String> problems) {
        if (problems.size() <= 8) {
            return problems;
        }
        List<String> shown = new ArrayList<>(problems.subList(0, 8));
        shown.add("... and " + (problems.size() - 8) + " more (" + problems.size() + " in all)");
        return shown;
    }

    private static List<String> split(String pipeSeparated) {
        return pipeSeparated == null || pipeSeparated.isEmpty() ? List.of() : Arrays.asList(pipeSeparated.split("\\|"));
    }
}
