package com.m365.e4upgrade.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.m365.e4upgrade.E4UpgradeApplication;
import com.m365.e4upgrade.cli.MigrationLauncher;
import com.m365.e4upgrade.job.MigrationRun;
import com.m365.e4upgrade.testsupport.JobDatabase;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole job on the embedded H2 file and on a real PostgreSQL alike: the same command,
 * the same migrations creating the same schema, the same report rows to the byte, on the
 * input samples and on files past the first page of every paging reader. On PostgreSQL
 * also: the reports stream through a server-side cursor, a role with nothing but DML
 * privileges runs migrations once the schema exists, and the operator's queries of the
 * README work.
 *
 * <p>
 * Each run is the real command ({@link MigrationLauncher}, a Spring context of its own)
 * inside the test JVM, on a database of the test's own.
 */
@Tag("postgres")
@ExtendWith(OutputCaptureExtension.class)
class PostgresWholeJobFunctionalTests {

    private static final List<String> REPORTS = List.of("eligibility.csv", "reassignments.csv", "cancellations.csv",
            "rejects.csv");

    @TempDir
    private Path work;

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.Kind.class)
    void theSamplesMigrateWithTheExactReportRowsAndASecondStartChangesNothing(TestDatabase.Kind kind,
            CapturedOutput console) throws Exception {
        // given
        TestDatabase database = kind.create(work, "samples");
        Path output = work.resolve("out");

        // when
        int first = launch(database, samples(output));
        String schemaAfterTheFirstStart = schemaOf(database);
        long rowsAfterTheFirstRun = businessRows(database);
        int second = launch(database, samples(work.resolve("again")));

        // then
        assertThat(first).as(console.getAll()).isZero();
        for (String report : REPORTS) {
            assertThat(MigrationRun.lines(output.resolve(report))).as(report)
                .containsExactlyElementsOf(MigrationRun.expected("input-samples", report));
        }
        JsonNode summary = JsonMapper.builder().build().readTree(output.resolve("summary.json").toFile());
        assertThat(summary.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(summary.path("usersByStatus").path("REASSIGNED").asInt()).isEqualTo(43);
        assertThat(summary.path("cancellationsByStatus").path("CANCELLED").asInt()).isEqualTo(4);
        assertThat(summary.path("rejectedRows").asInt()).isEqualTo(6);

        assertThat(flywayHistory(database)).containsExactly("1 Spring Batch job repository JDBC success",
                "2 migration tables SQL success", "3 ids compare case insensitively SQL success",
                "4 console tables SQL success", "5 rollback and inventory SQL success",
                "6 moves indexed by batch alone SQL success", "7 tenants count their users SQL success",
                "8 moves keyed by their place in the files JDBC success",
                "9 tenants count the holders the plan skips SQL success",
                "10 tenants number their write batches SQL success",
                "11 users keyed by their place in the files JDBC success");
        assertThat(tables(database)).containsExactlyInAnyOrder("flyway_schema_history", "batch_job_instance",
                "batch_job_execution", "batch_job_execution_params", "batch_job_execution_context",
                "batch_step_execution", "batch_step_execution_context", "e4_tenant", "e4_user", "e4_reassignment",
                "e4_cancellation", "e4_reject", "e4_rollback", "e4_inventory_line", "e4_console_upload",
                "e4_console_audit", "e4_console_sample");

        assertThat(second).isZero();
        assertThat(console.getOut()).contains("this migration already completed; nothing to do.");
        assertThat(schemaOf(database)).as("the second start changed nothing in the schema")
            .isEqualTo(schemaAfterTheFirstStart);
        assertThat(businessRows(database)).isEqualTo(rowsAfterTheFirstRun);
        assertThat(console.getErr()).isEmpty();
    }

    /**
     * Issue 14: the rollback's statements (its plan's INSERT ... SELECT, the batch
     * numbering, the outcomes, the cancellations marked) on both databases.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.Kind.class)
    void theSamplesRollBackOnEveryDatabase(TestDatabase.Kind kind, CapturedOutput console) throws Exception {
        // given
        TestDatabase database = kind.create(work, "rollback");
        Path output = work.resolve("out");
        assertThat(launch(database, samples(output))).as(console.getAll()).isZero();
        List<String> rollback = new ArrayList<>(List.of("rollback"));
        rollback.addAll(samples(output));
        rollback.add("--tenant=c9966a7e-7166-42c6-9cf6-81e501b54559,38F4BDB3-1f80-434c-b3d2-84d2ee149e9f,"
                + "46fcd802-f9c7-4094-b452-4517b84b2606");

        // when
        int code = launch(database, rollback);

        // then: Contoso's E4 was cancelled by the migration; the other two get it back
        assertThat(code).as(console.getAll()).isZero();
        List<String> rows = MigrationRun.lines(output.resolve("rollback.csv"));
        assertThat(rows).filteredOn(line -> line.contains(",ROLLED_BACK,")).hasSize(6);
        assertThat(rows).filteredOn(line -> line.contains(",SKIPPED,SOURCE_CANCELLED,")).hasSize(23);
        assertThat(MigrationRun.lines(output.resolve("cancellations.csv")))
            .filteredOn(line -> line.contains(",ROLLED_BACK,"))
            .hasSize(2);
        assertThat(console.getErr()).isEmpty();
    }

    /**
     * More than a page (500) of tenants to decide and to settle, and of one tenant's
     * moves, so every paging reader runs its next-page query with its sort keys, not just
     * the first one; and a user repeated in a later import chunk, found by the primary
     * key: the chunk's batch insert fails and the writer goes back to a savepoint to
     * store the chunk row by row. (On PostgreSQL a failed statement aborts the whole
     * transaction unless it is rolled back to a savepoint.)
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.Kind.class)
    void pastTheFirstPageAndChunkEveryRowIsReadOnceAndARepeatedUserIsRejectedNamingTheFirstLine(TestDatabase.Kind kind,
            CapturedOutput console) throws Exception {
        // given a tenant of 600 users, its first user again (in the second chunk of 500),
        // and 519 tenants of one user
        TestDatabase database = kind.create(work, "past_first_page");
        Path tenants = work.resolve("tenants.csv");
        Path users = work.resolve("users.csv");
        StringBuilder tenantRows = new StringBuilder("tenant_id,subscription_id,source_sku,licenses,target_sku,"
                + "target_subscription_id,target_licenses,target_status\n");
        StringBuilder userRows = new StringBuilder("tenant_id,user_id,user_principal_name,licenses,usage_location\n");
        String big = "11111111-1111-4111-8111-111111111111";
        tenantRows.append(big + ",sub-1,ENTERPRISEWITHSCAL,600,SPE_E5,new-1,600,ACTIVE\n");
        for (int i = 0; i < 600; i++) {
            userRows
                .append(big + ",22222222-2222-4222-8222-%012d,u%d@contoso.com,ENTERPRISEWITHSCAL,FR\n".formatted(i, i));
        }
        userRows.append(big + ",22222222-2222-4222-8222-000000000000,again@contoso.com,ENTERPRISEWITHSCAL,FR\n");
        for (int t = 1; t <= 519; t++) {
            String tenantId = "33333333-3333-4333-8333-%012d".formatted(t);
            tenantRows.append(tenantId + ",sub-" + t + "x,ENTERPRISEWITHSCAL,1,SPE_E3,new-" + t + "x,1,ACTIVE\n");
            userRows.append(tenantId
                    + ",44444444-4444-4444-8444-%012d,v%d@fabrikam.com,ENTERPRISEWITHSCAL,DE\n".formatted(t, t));
        }
        java.nio.file.Files.writeString(tenants, tenantRows);
        java.nio.file.Files.writeString(users, userRows);

        // when
        int code = launch(database,
                List.of("--tenants=" + tenants, "--users=" + users, "--output=" + work.resolve("out")));

        // then
        assertThat(code).as(console.getAll()).isZero();
        assertThat(MigrationRun.lines(work.resolve("out/rejects.csv"))).hasSize(2)
            .last()
            .asString()
            .startsWith("users.csv,602,user_id: duplicate of line 2 in the same tenant,");
        assertThat(MigrationRun.lines(work.resolve("out/eligibility.csv"))).hasSize(1 + 520)
            .filteredOn(line -> line.contains(",MIGRATE,"))
            .hasSize(520);
        assertThat(MigrationRun.lines(work.resolve("out/reassignments.csv"))).hasSize(1 + 600 + 519)
            .filteredOn(line -> line.contains(",REASSIGNED,"))
            .hasSize(600 + 519);
        // the repeated row names the big tenant: its subscription is kept for the
        // operator to check
        assertThat(MigrationRun.lines(work.resolve("out/cancellations.csv"))).hasSize(1 + 520)
            .filteredOn(line -> line.contains(",CANCELLED,"))
            .hasSize(519);
        assertThat(MigrationRun.lines(work.resolve("out/cancellations.csv")).get(1))
            .isEqualTo(big + ",sub-1,ENTERPRISEWITHSCAL,KEPT,1 row of users.csv rejected (see rejects.csv)");
        try (Connection db = database.connect()) {
            assertThat(JobDatabase.single(db, "SELECT COUNT(*) FROM e4_user")).isEqualTo(600 + 519);
            assertThat(JobDatabase.single(db, "SELECT COUNT(DISTINCT batch) FROM e4_reassignment")).isEqualTo(30 + 519);
        }
    }

    // --- PostgreSQL only
    // -----------------------------------------------------------------------------

    /**
     * The four report readers (and the plan's reader) ask PostgreSQL for their rows a
     * fetch size at a time, through a named portal (a server-side cursor), instead of the
     * driver reading the whole result into memory first: that is what fetchSize and
     * connectionAutoCommit(false) of a JdbcCursorItemReader buy on PostgreSQL. The
     * driver's protocol trace shows it.
     */
    @Test
    void theReportsStreamTheirRowsFromAServerSideCursor(CapturedOutput console) throws Exception {
        // given
        TestDatabase database = PostgresServer.shared().createDatabase("streaming");
        ProtocolTrace trace = ProtocolTrace.start();

        // when
        int code;
        try {
            code = launch(database, samples(work.resolve("out")));
        }
        finally {
            trace.stop();
        }

        // then
        assertThat(code).as(console.getAll()).isZero();
        for (String reportQuery : List.of(
                "FROM e4_tenant WHERE migration_id = $1 AND verdict IS NOT NULL ORDER BY line_number",
                "ORDER BY migration_id, tenant_line, user_line",
                "SELECT t.written_tenant_id, c.subscription_id, c.sku, c.status, c.detail",
                "SELECT file_name, line_number, reason, record FROM e4_reject")) {
            assertThat(trace.portalOf(reportQuery)).as("how the report query \"%s\" was executed", reportQuery)
                .matches("Execute\\(portal=C_\\d+,limit=1000\\)");
        }
        // the plan step reads the migrating tenants in file order the same way, 500 at a
        // time (it plans their users in the database, a chunk of tenants per statement)
        assertThat(trace.portalOf("SELECT line_number FROM e4_tenant")).as("how the plan's query was executed")
            .matches("Execute\\(portal=C_\\d+,limit=500\\)");
    }

    @Test
    void afterTheOwnersFirstStartARoleWithOnlyDmlPrivilegesRunsMigrations(CapturedOutput console) throws Exception {
        // given the schema made by the first start, as the database owner (or a DBA)
        PostgresServer server = PostgresServer.shared();
        TestDatabase.Postgres database = server.createDatabase("dml_only");
        assertThat(launch(database, samples(work.resolve("owner"), "--dry-run"))).as(console.getAll()).isZero();
        server.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'e4_runner') THEN "
                + "CREATE ROLE e4_runner LOGIN PASSWORD 'runner-secret'; END IF; END $$");
        server.executeIn(database.name(), """
                GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO e4_runner;
                GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO e4_runner""");
        assertThatThrownBy(() -> {
            try (Connection runner = server.as("e4_runner", "runner-secret", database.name()).getConnection();
                    Statement statement = runner.createStatement()) {
                statement.execute("CREATE TABLE probe (id INTEGER)");
            }
        }).as("e4_runner may not create anything")
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("permission denied");

        // when that role runs another migration, then the same one again
        List<String> asRunner = List.of("--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=e4_runner", "--spring.datasource.password=runner-secret");
        int real = launch(asRunner, samples(work.resolve("runner")));

        // then
        assertThat(real).as(console.getAll()).isZero();
        assertThat(MigrationRun.lines(work.resolve("runner/reassignments.csv")))
            .containsExactlyElementsOf(MigrationRun.expected("input-samples", "reassignments.csv"));
    }

    /**
     * A dry run and the real run of the samples: two migrations side by side in one
     * database, each with its exact rows, told apart by the queries the README gives
     * operators.
     */
    @Test
    void aDryRunAndTheRealRunSideBySideAndTheOperatorsQueriesShowWhatIsDoneAndWhatIsLeft(CapturedOutput console)
            throws Exception {
        // given
        TestDatabase.Postgres database = PostgresServer.shared().createDatabase("operator_queries");

        // when
        int dryRun = launch(database, samples(work.resolve("dry"), "--dry-run"));
        int realRun = launch(database, samples(work.resolve("real")));

        // then
        assertThat(dryRun).as(console.getAll()).isZero();
        assertThat(realRun).as(console.getAll()).isZero();
        for (String report : List.of("reassignments.csv", "cancellations.csv")) {
            assertThat(MigrationRun.lines(work.resolve("dry").resolve(report))).as("dry run " + report)
                .containsExactlyElementsOf(MigrationRun.expected("input-samples-dry-run", report));
            assertThat(MigrationRun.lines(work.resolve("real").resolve(report))).as("real run " + report)
                .containsExactlyElementsOf(MigrationRun.expected("input-samples", report));
        }
        try (Connection db = database.connect()) {
            // which migration is which
            List<String> migrations = rows(db, OperatorQueries.MIGRATIONS);
            assertThat(migrations).hasSize(2);
            assertThat(migrations.get(0)).startsWith("1 1 COMPLETED true ENTERPRISEWITHSCAL ");
            assertThat(migrations.get(1)).startsWith("2 2 COMPLETED false ENTERPRISEWITHSCAL ");

            // per tenant of the real migration: its verdict and whether its E4
            // subscription is done
            List<String> tenants = rows(db, OperatorQueries.TENANTS.replace(":migration_id", "2"));
            assertThat(tenants).hasSize(24);
            assertThat(tenants.stream().filter(row -> row.contains(" CANCELLED "))).hasSize(4);
            assertThat(tenants.stream().filter(row -> row.contains(" KEPT "))).hasSize(4);
            assertThat(tenants.stream().filter(row -> row.endsWith(" null null 0 0 0"))).hasSize(16);

            // users still to move: none in the finished one; the dry run stores no
            // moves (its plan is its report)
            assertThat(rows(db, OperatorQueries.USERS_LEFT.replace(":migration_id", "1"))).isEmpty();
            assertThat(rows(db, OperatorQueries.USERS_LEFT.replace(":migration_id", "2"))).isEmpty();
            assertThat(rows(db, OperatorQueries.PROGRESS.replace(":migration_id", "2")))
                .containsExactlyInAnyOrder("REASSIGNED 43", "SKIPPED 4");
        }
    }

    // --- helpers
    // ----------------------------------------------------------------------------------------

    private List<String> samples(Path output, String... options) {
        List<String> args = new ArrayList<>(List.of("--tenants=" + MigrationRun.SAMPLES.resolve("tenants.csv"),
                "--users=" + MigrationRun.SAMPLES.resolve("users.csv"), "--output=" + output));
        args.addAll(List.of(options));
        return args;
    }

    private int launch(TestDatabase database, List<String> command) {
        return launch(database.optionsWithPassword(), command);
    }

    private int launch(List<String> databaseOptions, List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.addAll(databaseOptions);
        args.add("--logging.file.name=" + work.resolve("logs/e4-upgrade.log"));
        return new MigrationLauncher(E4UpgradeApplication.class, System.out, System.err)
            .run(args.toArray(String[]::new));
    }

    private static List<String> flywayHistory(TestDatabase database) throws SQLException {
        try (Connection db = database.connect()) {
            return rows(db,
                    "SELECT \"version\", \"description\", \"type\", CASE WHEN \"success\" THEN 'success' ELSE 'failed' END"
                            + " FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"");
        }
    }

    private static List<String> tables(TestDatabase database) throws SQLException {
        try (Connection db = database.connect()) {
            return rows(db,
                    "SELECT table_name FROM information_schema.tables WHERE LOWER(table_schema) = 'public'"
                            + " AND table_type IN ('BASE TABLE', 'TABLE')")
                .stream()
                .map(name -> name.toLowerCase(Locale.ROOT))
                .toList();
        }
    }

    /**
     * Tables, columns, types and sequences of the schema, and Flyway's record of how it
     * got there.
     */
    private static String schemaOf(TestDatabase database) throws SQLException {
        try (Connection db = database.connect()) {
            List<String> schema = new ArrayList<>(rows(db, """
                    SELECT table_name, column_name, data_type, is_nullable, character_maximum_length
                    FROM information_schema.columns WHERE LOWER(table_schema) = 'public'
                    ORDER BY table_name, ordinal_position"""));
            schema.addAll(rows(db, "SELECT sequence_name FROM information_schema.sequences"
                    + " WHERE LOWER(sequence_schema) = 'public' ORDER BY sequence_name"));
            schema.addAll(rows(db, "SELECT * FROM \"flyway_schema_history\" ORDER BY \"installed_rank\""));
            return String.join("\n", schema);
        }
    }

    private static long businessRows(TestDatabase database) throws SQLException {
        try (Connection db = database.connect()) {
            long rows = 0;
            for (String table : List.of("e4_tenant", "e4_user", "e4_reassignment", "e4_cancellation", "e4_reject",
                    "batch_job_execution", "batch_step_execution")) {
                rows += JobDatabase.single(db, "SELECT COUNT(*) FROM " + table);
            }
            return rows;
        }
    }

    /** Every row of a query, its columns joined by single spaces. */
    static List<String> rows(Connection db, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    cells.add(String.valueOf(rs.getObject(i)));
                }
                rows.add(String.join(" ", cells));
            }
        }
        return rows;
    }

    /**
     * The PostgreSQL driver's protocol messages (java.util.logging, FINEST), for as long
     * as it is on: which statement was parsed, and how it was then executed.
     */
    private static final class ProtocolTrace extends Handler {

        private static final Logger DRIVER = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");

        private final List<String> messages = new ArrayList<>();

        private Level previousLevel;

        static ProtocolTrace start() {
            ProtocolTrace trace = new ProtocolTrace();
            trace.setLevel(Level.FINEST);
            trace.previousLevel = DRIVER.getLevel();
            DRIVER.setLevel(Level.FINEST);
            DRIVER.addHandler(trace);
            return trace;
        }

        void stop() {
            DRIVER.removeHandler(this);
            DRIVER.setLevel(previousLevel);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            String message = record.getMessage();
            if (message != null && (message.contains("FE=> Parse(") || message.contains("FE=> Execute("))) {
                Object[] parameters = record.getParameters() == null ? new Object[0] : record.getParameters();
                for (int i = 0; i < parameters.length; i++) {
                    message = message.replace("{" + i + "}", String.valueOf(parameters[i]));
                }
                messages.add(message);
            }
        }

        /**
         * The Execute message that followed the first Parse of a statement containing the
         * text.
         */
        synchronized String portalOf(String statementText) {
            for (int i = 0; i < messages.size(); i++) {
                if (messages.get(i).contains("FE=> Parse(") && messages.get(i).contains(statementText)) {
                    for (int j = i + 1; j < messages.size(); j++) {
                        if (messages.get(j).contains("FE=> Execute(")) {
                            return messages.get(j).strip().replace("FE=> ", "");
                        }
                    }
                }
            }
            return "no statement containing \"" + statementText + "\" among " + messages.size() + " traced messages";
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

    }

}
