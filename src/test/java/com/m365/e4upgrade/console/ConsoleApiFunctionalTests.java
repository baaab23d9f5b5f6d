package com.m365.e4upgrade.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.m365.e4upgrade.testsupport.ChildJvm;
import com.m365.e4upgrade.testsupport.MigrationFiles;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The console's JSON API as a script drives it, with curl's HTTP Basic, against the
 * console started as an operator starts it: who may do what, what it refuses, and that a
 * migration it runs gives the command line's reports.
 */
class ConsoleApiFunctionalTests {

    private static RunningConsole console;

    @BeforeAll
    static void startTheConsole() {
        console = RunningConsole.get();
    }

    @Nested
    class WhoMayDoWhat {

        @Test
        void withoutCredentialsTheApiAnswers401AndThePagesSendToTheLoginForm() {
            HttpResponse<String> api = console.get("/api/migrations", null);
            assertThat(api.statusCode()).isEqualTo(401);
            assertThat(api.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"e4-upgrade\"");
            assertThat(console.get("/api/migrations", "operator-wrong").statusCode()).isEqualTo(401);
            HttpResponse<String> page = console.get("/", null);
            assertThat(page.statusCode()).isEqualTo(302);
            assertThat(page.headers().firstValue("Location"))
                .hasValueSatisfying(to -> assertThat(to).endsWith("/login"));
        }

        @Test
        void healthIsOpenAndTheMetricsAreTheOperatorsOnly() {
            assertThat(console.get("/actuator/health", null).body()).contains("\"status\":\"UP\"");
            assertThat(console.get("/actuator/prometheus", null).statusCode()).isEqualTo(401);
            assertThat(console.get("/actuator/prometheus", "viewer").statusCode()).isEqualTo(403);
            HttpResponse<String> metrics = console.get("/actuator/prometheus", "operator");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        }

        @Test
        void theViewerLooksButMayNotUploadStopOrResume(@TempDir Path files) {
            MigrationFiles.named("viewer").tenant(tenant -> tenant.user(user -> {
            })).writeTo(files);
            assertThat(console.get("/api/migrations", "viewer").statusCode()).isEqualTo(200);
            HttpResponse<String> upload = console.upload("viewer", both(files), Map.of());
            assertThat(upload.statusCode()).isEqualTo(403);
            assertThat(console.json(upload).path("error").asText()).startsWith("forbidden");
            assertThat(console.post("/api/migrations/1/stop", "viewer").statusCode()).isEqualTo(403);
            assertThat(console.post("/api/migrations/1/resume", "viewer").statusCode()).isEqualTo(403);
        }

        @Test
        void aFormPostWithoutItsCsrfTokenIsRefusedEvenSignedIn() throws Exception {
            SignedIn browser = SignedIn.as(console, "operator", RunningConsole.OPERATOR_PASSWORD);
            assertThat(browser.post("/migrations/999999/resume", null).statusCode()).isEqualTo(403);
            assertThat(browser.post("/migrations/999999/resume", "not-the-token").statusCode()).isEqualTo(403);
            // with the page's token the same request reaches the console (which answers
            // with the migration's page)
            assertThat(browser.post("/migrations/999999/resume", browser.token()).statusCode()).isEqualTo(302);
        }

        @Test
        void securityHeadersAreSentWithEveryPage() {
            HttpResponse<String> login = console.get("/login", null);
            assertThat(login.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(login.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(login.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        }

    }

    @Test
    void withoutAnOperatorPasswordServeExits2WithOneLine(@TempDir Path work) {
        // an empty variable is no password, whatever the machine running the tests has
        // set
        ChildJvm.Finished refused = ChildJvm.in(work)
            .arguments("serve")
            .environment(Map.of("E4_CONSOLE_OPERATOR_PASSWORD", ""))
            .run();
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.stderrLines()).containsExactly("e4-upgrade: no operator password: set"
                + " E4_CONSOLE_OPERATOR_PASSWORD or give --console.operator-password-file=PATH (a file holding it);"
                + " the console does not start without one");
        assertThat(work.resolve("data")).doesNotExist();
    }

    @Nested
    class WhatTheUploadRefuses {

        @Test
        void aFileTheCommandLineRefusesIsRefusedWithTheSameLineAndNothingIsKept(@TempDir Path files)
                throws IOException {
            MigrationFiles.named("no target column").tenant(tenant -> tenant.user(user -> {
            })).writeTo(files);
            Path tenants = files.resolve("tenants.csv");
            List<String> lines = new java.util.ArrayList<>(Files.readAllLines(tenants));
            lines.set(0, lines.get(0).replace("target_sku", "target_plan"));
            Files.write(tenants, lines);
            ChildJvm.Finished commandLine = ChildJvm.in(files).arguments(MigrationFiles.THE_COMMAND).run();
            assertThat(commandLine.exitCode()).isEqualTo(2);
            List<Path> keptBefore = kept();

            HttpResponse<String> refused = console.upload("operator", both(files), Map.of());

            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(console.json(refused).path("error").asText()).isEqualTo(commandLine.stderrLines().get(0))
                .contains("tenants.csv: line 1, column target_sku");
            assertThat(kept()).isEqualTo(keptBefore);
        }

        @Test
        void anOptionTheCommandLineRefusesIsRefusedInItsWords(@TempDir Path files) {
            MigrationFiles.named("bad option").tenant(tenant -> tenant.user(user -> {
            })).writeTo(files);
            HttpResponse<String> refused = console.upload("operator", both(files), Map.of("locale", "de"));
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(console.json(refused).path("error").asText())
                .isEqualTo("e4-upgrade: option --locale=de: expected en or fr");
        }

        @Test
        void aFileOverTheUploadLimitIs413AndNothingIsKept(@TempDir Path files) throws IOException {
            MigrationFiles.named("too large").tenant(tenant -> tenant.user(user -> {
            })).writeTo(files);
            Path users = files.resolve("users.csv");
            String padding = "x".repeat(1000);
            try (var out = Files.newBufferedWriter(users, StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND)) {
                for (int i = 0; i < RunningConsole.MAX_UPLOAD / 1000 + 10; i++) {
                    out.write("# " + padding + "\n");
                }
            }
            List<Path> keptBefore = kept();
            HttpResponse<String> refused = console.upload("operator", both(files), Map.of());
            assertThat(refused.statusCode()).isEqualTo(413);
            assertThat(console.json(refused).path("error").asText()).contains("--console.max-upload");
            assertThat(kept()).isEqualTo(keptBefore);
        }

    }

    @Nested
    class AMigrationOfDataTheConsoleHasNeverSeen {

        @Test
        void givesTheReportsOfTheCommandLineAndTheSameFilesAgainAreTheSameMigration(@TempDir Path files) {
            MigrationFiles.sixtyTenantsOfTwentyFiveUsers().writeTo(files);
            ChildJvm.Finished commandLine = ChildJvm.in(files).arguments(MigrationFiles.THE_COMMAND).run();
            assertThat(commandLine.exitCode()).as(commandLine.toString()).isZero();

            HttpResponse<String> started = console.upload("operator", both(files), Map.of());
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            long id = console.json(started).path("id").asLong();
            assertThat(console.json(started).path("executionId").asLong()).isPositive();
            JsonNode done = console.awaitMigration(id, RunningConsole.status("COMPLETED"), Duration.ofSeconds(60));

            for (String report : List.of("eligibility.csv", "reassignments.csv", "cancellations.csv", "rejects.csv")) {
                HttpResponse<byte[]> download = console.download("/api/migrations/" + id + "/reports/" + report,
                        "viewer");
                assertThat(download.statusCode()).isEqualTo(200);
                assertThat(new String(download.body(), StandardCharsets.UTF_8)).as(report)
                    .isEqualTo(ChildJvm.read(files.resolve("out").resolve(report)));
            }
            HttpResponse<byte[]> summary = console.download("/api/migrations/" + id + "/reports/summary.json",
                    "viewer");
            assertThat(countsOf(new String(summary.body(), StandardCharsets.UTF_8)))
                .isEqualTo(countsOf(ChildJvm.read(files.resolve("out").resolve("summary.json"))));
            assertThat(done.path("summary").path("usersByStatus").path("REASSIGNED").asLong())
                .isEqualTo(MigrationFiles.sixtyTenantsOfTwentyFiveUsers().expected().reassigned());
            assertThat(done.path("migration").path("percent").asInt()).isEqualTo(100);
            assertThat(done.path("steps").findValuesAsString("status")).containsOnly("COMPLETED");

            HttpResponse<String> again = console.upload("operator", both(files), Map.of());
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(console.json(again).path("id").asLong()).isEqualTo(id);
            assertThat(console.json(again).path("status").asText()).isEqualTo("COMPLETED");

            assertThat(console.get("/api/migrations/" + id + "/reports/summary.csv", "viewer").statusCode())
                .isEqualTo(404);
            assertThat(console.get("/api/migrations/" + id + "/reports/..%2F..%2Fdata%2Fe4-upgrade.mv.db", "viewer")
                .statusCode()).isIn(400, 404);
            assertThat(console.get("/api/migrations/999999/reports/eligibility.csv", "viewer").statusCode())
                .isEqualTo(404);
        }

        @Test
        void aPreviewShowsEachTenantsUsersAsItsReportPlansThemAndTheUsersToMove(@TempDir Path files) {
            MigrationFiles migration = MigrationFiles.sixtyTenantsOfTwentyFiveUsers();
            migration.writeTo(files);
            HttpResponse<String> started = console.upload("operator", both(files), Map.of("dryRun", "true"));
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            long id = console.json(started).path("id").asLong();
            JsonNode done = console.awaitMigration(id, RunningConsole.status("COMPLETED"), Duration.ofSeconds(60));

            // a preview stores no moves: what it shows comes from the users, planned
            assertThat(done.path("steps").findValuesAsString("name")).doesNotContain("plan", "reassign");
            assertThat(done.path("steps").findValuesAsString("status")).containsOnly("COMPLETED");
            assertThat(done.path("migration").path("usersToMove").asLong())
                .isEqualTo(migration.expected().reassigned());
            assertThat(done.path("summary").path("usersByStatus").path("PLANNED").asLong())
                .isEqualTo(migration.expected().reassigned());
            List<String[]> plan = new String(
                    console.download("/api/migrations/" + id + "/reports/reassignments.csv", "viewer").body(),
                    StandardCharsets.UTF_8)
                .lines()
                .skip(1)
                .map(line -> line.split(",", -1))
                .toList();
            String tenant = plan.stream().filter(row -> row[6].equals("SKIPPED")).findFirst().orElse(plan.get(0))[0];
            JsonNode shown = console
                .json(console.get("/api/migrations/" + id + "/tenants/" + tenant + "/users", "viewer"));
            assertThat(shown.findValuesAsString("userId").stream().toList()).containsExactlyElementsOf(
                    plan.stream().filter(row -> row[0].equals(tenant)).map(row -> row[1]).toList());
            List<String> statuses = new ArrayList<>();
            shown.forEach(user -> statuses.add(user.path("status").asText() + "/"
                    + (user.path("detail").isNull() ? "" : user.path("detail").asText())));
            assertThat(statuses).containsExactlyElementsOf(
                    plan.stream().filter(row -> row[0].equals(tenant)).map(row -> row[6] + "/" + row[7]).toList());
        }

        @Test
        void stopsAtAChunkBoundaryAndResumesToTheEndWithAnAuditTrail(@TempDir Path files) {
            MigrationFiles migration = MigrationFiles.tenantsOfUsers(200, 30);
            migration.writeTo(files);
            HttpResponse<String> started = console.upload("operator", both(files), Map.of());
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            long id = console.json(started).path("id").asLong();

            HttpResponse<String> stop = console.post("/api/migrations/" + id + "/stop", "operator");
            assertThat(stop.statusCode()).as(stop.body()).isEqualTo(202);
            console.awaitMigration(id, RunningConsole.status("STOPPED"), Duration.ofSeconds(60));
            assertThat(console.get("/api/migrations/" + id + "/reports/reassignments.csv", "viewer").statusCode())
                .isEqualTo(404);

            HttpResponse<String> resumed = console.post("/api/migrations/" + id + "/resume", "operator");
            assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(202);
            assertThat(console.json(resumed).path("id").asLong()).isEqualTo(id);
            JsonNode done = console.awaitMigration(id, RunningConsole.status("COMPLETED"), Duration.ofSeconds(90));

            assertThat(done.path("summary").path("usersByStatus").path("REASSIGNED").asLong())
                .isEqualTo(migration.expected().reassigned());
            String moves = new String(
                    console.download("/api/migrations/" + id + "/reports/reassignments.csv", "viewer").body(),
                    StandardCharsets.UTF_8);
            assertThat(moves.lines().skip(1).distinct().count())
                .isEqualTo(migration.expected().reassigned() + migration.expected().skipped());
            assertThat(done.path("audit").findValuesAsString("action")).containsExactly("UPLOADED", "STARTED",
                    "STOPPED", "RESUMED");
            assertThat(done.path("audit").findValuesAsString("actor")).containsOnly("operator");
            assertThat(console.post("/api/migrations/" + id + "/resume", "operator").statusCode()).isEqualTo(409);
        }

    }

    private static Map<String, Path> both(Path files) {
        return new java.util.LinkedHashMap<>(
                Map.of("tenants", files.resolve("tenants.csv"), "users", files.resolve("users.csv")));
    }

    private static List<Path> kept() throws IOException {
        Path uploads = console.workDir.resolve("data/console/uploads");
        if (!Files.isDirectory(uploads)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(uploads)) {
            return files.sorted().toList();
        }
    }

    /** summary.json less what differs between any two runs: ids and times. */
    private static JsonNode countsOf(String summary) {
        ObjectNode counts = (ObjectNode) JsonMapper.builder().build().readTree(summary);
        counts.remove(List.of("jobExecutionId", "migrationId", "timings"));
        return counts;
    }

}
