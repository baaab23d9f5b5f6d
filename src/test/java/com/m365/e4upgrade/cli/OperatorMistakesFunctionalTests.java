package com.m365.e4upgrade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.m365.e4upgrade.E4UpgradeApplication;
import com.m365.e4upgrade.batch.RunSettings;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * What careless and hostile operators did to the job, and what it does now: licenses are
 * never put at risk, an option or file that cannot work is refused before anything is
 * written (exit 2, one line naming it), and every accepted value works.
 */
@ExtendWith(OutputCaptureExtension.class)
class OperatorMistakesFunctionalTests {

    private static final String TENANTS_HEADER = "tenant_id,tenant_name,subscription_id,source_sku,licenses,target_sku,"
            + "target_subscription_id,target_licenses,target_status,unpaid_balance";

    private static final String USERS_HEADER = "tenant_id,user_id,user_principal_name,licenses,usage_location";

    private static final String CONTOSO = "46fcd802-f9c7-4094-b452-4517b84b2606";

    private static final String FABRIKAM = "b495baa1-6baf-4c2d-b172-66368673d764";

    @TempDir
    private Path work;

    private Path output;

    private Path database;

    private Path tenants;

    private Path users;

    @BeforeEach
    void setUp() {
        output = work.resolve("out");
        database = work.resolve("db");
        tenants = work.resolve("tenants.csv");
        users = work.resolve("users.csv");
    }

    @Nested
    class LicensesAreNeverPutAtRisk {

        @Test
        void guidsCompareInAnyCaseAndReportsWriteThemAsTheirFileDid() throws IOException {
            // given: the tenant in capitals in tenants.csv, in lower case in users.csv
            writeTenants(tenant(CONTOSO.toUpperCase(), "SPE_E5", 3));
            writeUsers(user(CONTOSO, 1), user(CONTOSO, 2), user(CONTOSO.toUpperCase(), 3));

            // when
            int code = launch();

            // then
            assertThat(code).isZero();
            assertThat(lines("reassignments.csv")).hasSize(4)
                .filteredOn(line -> line.contains(",REASSIGNED,"))
                .hasSize(3);
            assertThat(lines("reassignments.csv").get(1)).startsWith(CONTOSO + "," + userId(1));
            assertThat(lines("reassignments.csv").get(3)).startsWith(CONTOSO.toUpperCase() + "," + userId(3));
            assertThat(lines("cancellations.csv")).containsExactly("tenant_id,subscription_id,sku,status,detail",
                    CONTOSO.toUpperCase() + ",sub-" + CONTOSO.toUpperCase() + ",ENTERPRISEWITHSCAL,CANCELLED,");
            assertThat(lines("eligibility.csv").get(1)).startsWith(CONTOSO.toUpperCase() + ",");
            assertThat(lines("rejects.csv")).hasSize(1);
        }

        @Test
        void idsDifferingOnlyInCaseAreDuplicates() throws IOException {
            // given
            writeTenants(tenant(CONTOSO, "SPE_E5", 3), tenant(CONTOSO.toUpperCase(), "SPE_E5", 3));
            writeUsers(user(CONTOSO, 1), user(CONTOSO, 2),
                    CONTOSO + "," + userId(1).toUpperCase() + ",again@contoso.com,ENTERPRISEWITHSCAL,FR");

            // when
            int code = launch();

            // then
            assertThat(code).isZero();
            assertThat(lines("rejects.csv")).containsExactly("file,line,reason,record",
                    "tenants.csv,3,tenant_id: duplicate of line 2,\"" + tenant(CONTOSO.toUpperCase(), "SPE_E5", 3)
                            + "\"",
                    "users.csv,4,user_id: duplicate of line 2 in the same tenant,\"" + CONTOSO + ","
                            + userId(1).toUpperCase() + ",again@contoso.com,ENTERPRISEWITHSCAL,FR\"");
            assertThat(lines("cancellations.csv")).hasSize(2)
                .last()
                .asString()
                .isEqualTo(CONTOSO + ",sub-" + CONTOSO + ",ENTERPRISEWITHSCAL,KEPT,"
                        + "1 row of users.csv rejected (see rejects.csv)");
        }

        @Test
        void aRejectedUserOfAnAcceptedTenantKeepsItsSubscription() throws IOException {
            // given: every valid user of Contoso can move, one row has a bad UPN;
            // Fabrikam is clean
            writeTenants(tenant(CONTOSO, "SPE_E5", 3), tenant(FABRIKAM, "SPE_E5", 3));
            writeUsers(user(CONTOSO, 1),
                    CONTOSO + "," + userId(2) + ",kenji.watanabe@@contoso.com,ENTERPRISEWITHSCAL,JP",
                    user(FABRIKAM, 3));

            // when
            int code = launch();

            // then
            assertThat(code).isZero();
            assertThat(lines("cancellations.csv")).containsExactly("tenant_id,subscription_id,sku,status,detail",
                    CONTOSO + ",sub-" + CONTOSO
                            + ",ENTERPRISEWITHSCAL,KEPT,1 row of users.csv rejected (see rejects.csv)",
                    FABRIKAM + ",sub-" + FABRIKAM + ",ENTERPRISEWITHSCAL,CANCELLED,");
        }

        @Test
        void skuPartNumbersAreWrittenAsTheCatalogSpellsThemAndATinyUnpaidBalanceStillCounts() throws IOException {
            // given
            writeTenants(tenant(CONTOSO, "spe_e5", 3), tenant(FABRIKAM, "SPE_E5", 3).replaceFirst(",$", ",1e-400"));
            writeUsers(user(CONTOSO, 1), user(FABRIKAM, 2));

            // when
            int code = launch();

            // then
            assertThat(code).isZero();
            assertThat(lines("reassignments.csv").get(1)).contains(",ENTERPRISEWITHSCAL,SPE_E5,");
            assertThat(lines("eligibility.csv").get(2)).startsWith(FABRIKAM + ",,ACTION_REQUIRED,UNPAID_BALANCE,");
        }

    }

    @Nested
    class RefusedBeforeAnythingIsWritten {

        @ParameterizedTest(name = "{0}")
        @ValueSource(
                strings = { "--parallelism=0", "--parallelism=33", "--gateway.retries=-1", "--gateway.retry-delay=soon",
                        "--stop-at=7pm", "--source-sku=", "--output=", "--sku-catalog=/etc/hostname",
                        "--spring.datasource.url=jdbc:mysql://localhost/e4", "--spring.datasource.url=not-a-url",
                        "--spring.datasource.url=jdbc:postgresql://localhost:notaport/e4" })
        void aBadOptionValueIsOneLineNamingTheOption(String option, CapturedOutput console) throws IOException {
            // given
            writeTenants(tenant(CONTOSO, "SPE_E5", 3));
            writeUsers(user(CONTOSO, 1));

            // when
            int code = launch(option);

            // then
            assertThat(code).isEqualTo(2);
            String name = option.substring(0, option.indexOf('='));
            assertThat(console.getErr().lines().toList()).singleElement()
                .asString()
                .startsWith("e4-upgrade: ")
                .contains(name);
            assertThat(output).doesNotExist();
            assertThat(database).doesNotExist();
            assertThat(work.resolve("logs")).doesNotExist();
        }

        /**
         * A gateway's own settings are known only to its configuration, bound when Spring
         * starts: the log may have begun, but no run starts and the line names the
         * option.
         */
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = { "--gateway=nosuch", "--graph.parallel-tenants=0", "--graph.parallel-tenants=1000" })
        void aBadGatewaySettingIsOneLineNamingTheOptionAndNoRunStarts(String option, CapturedOutput console)
                throws IOException {
            // given
            writeTenants(tenant(CONTOSO, "SPE_E5", 3));
            writeUsers(user(CONTOSO, 1));
            List<String> graph = option.startsWith("--graph")
                    ? List.of("--gateway=graph", "--graph.client-id=app",
                            "--graph.client-secret-file=" + Files.writeString(work.resolve("secret"), "s3cret"))
                    : List.of();

            // when
            int code = launch(java.util.stream.Stream.concat(graph.stream(), java.util.stream.Stream.of(option))
                .toArray(String[]::new));

            // then
            assertThat(code).isEqualTo(2);
            assertThat(console.getErr().lines().toList()).singleElement()
                .asString()
                .startsWith("e4-upgrade: option " + option + ": ");
            assertThat(output).doesNotExist();
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({ "a file, not a directory", "under a file, cannot create the directory" })
        void anOutputThatIsNoWritableFolderIsRefusedNamingThePath(String where, String problem, CapturedOutput console)
                throws IOException {
            // given
            writeTenants(tenant(CONTOSO, "SPE_E5", 3));
            writeUsers(user(CONTOSO, 1));
            Path file = Files.writeString(work.resolve("a-file"), "x");
            Path given = where.equals("a file") ? file : file.resolve("reports");

            // when
            int code = launch("--output=" + given);

            // then
            assertThat(code).isEqualTo(2);
            assertThat(console.getErr().lines().toList()).singleElement()
                .asString()
                .startsWith("e4-upgrade: option --output=" + given + ": " + problem);
            assertThat(database).doesNotExist();
        }

        @Test
        void aLogFileThatCannotBeWrittenIsRefused(CapturedOutput console) throws IOException {
            // given
            writeTenants(tenant(CONTOSO, "SPE_E5", 3));
            writeUsers(user(CONTOSO, 1));
            Path file = Files.writeString(work.resolve("a-file"), "x");

            // when
            int code = launch("--logging.file.name=" + file.resolve("e4-upgrade.log"));

            // then
            assertThat(code).isEqualTo(2);
            assertThat(console.getErr().lines().toList()).singleElement()
                .asString()
                .startsWith("e4-upgrade: the log file " + file.resolve("e4-upgrade.log") + " cannot be written");
            assertThat(output).doesNotExist();
        }

        @Test
        void aHeaderNamingAColumnTwiceIsRefused(CapturedOutput console) throws IOException {
            // given
            writeTenants(tenant(CONTOSO, "SPE_E5", 3));
            Files.writeString(users, USERS_HEADER + ",User_ID\n" + user(CONTOSO, 1) + "," + userId(2) + "\n");

            // when
            int code = launch();

            // then
            assertThat(code).isEqualTo(2);
            assertThat(console.getErr().lines().toList()).containsExactly("e4-upgrade: " + users
                    + ": line 1, column user_id: named more than once in the header (columns 2 and 6)");
            assertThat(output).doesNotExist();
        }

        @Test
        void aPathThisSystemsLocaleCannotEncodeIsOneLineNotAStackTrace() throws Exception {
            // given: cron's LANG=C, and a folder with an accent
            Path accented = Files.createDirectories(work.resolve("entrée"));
            Path tenantsHere = Files.writeString(accented.resolve("tenants.csv"),
                    TENANTS_HEADER + "\n" + tenant(CONTOSO, "SPE_E5", 3) + "\n");
            ProcessBuilder command = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                    E4UpgradeApplication.class.getName(), "--tenants=" + tenantsHere, "--users=" + tenantsHere)
                .directory(work.toFile())
                .redirectOutput(work.resolve("stdout").toFile())
                .redirectError(work.resolve("stderr").toFile());
            command.environment().remove("LC_ALL");
            command.environment().remove("LC_CTYPE");
            command.environment().put("LANG", "C");

            // when
            Process child = command.start();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

            // then
            assertThat(child.exitValue()).isEqualTo(2);
            List<String> errors = Files.readAllLines(work.resolve("stderr"), StandardCharsets.ISO_8859_1);
            assertThat(errors).singleElement()
                .asString()
                .startsWith("e4-upgrade: option --tenants=")
                .contains("run with LANG=C.UTF-8");
            assertThat(work.resolve("logs")).doesNotExist();
            assertThat(work.resolve("data")).doesNotExist();
        }

    }

    @Nested
    class AfterTheRunHasStarted {

        @Test
        void overTheRejectLimitTheRejectsReportIsWrittenForTheOperatorToRead(CapturedOutput console)
                throws IOException {
            // given
            writeTenants(tenant(CONTOSO, "SPE_E5", 3));
            writeUsers(user(CONTOSO, 1), "x,y,z", "x,y,z");

            // when
            int code = launch("--max-rejects=1");

            // then
            assertThat(code).isEqualTo(1);
            assertThat(console.getErr().lines().toList()).singleElement()
                .asString()
                .contains("users.csv: 2 rejected rows, more than --max-rejects=1")
                .contains("see rejects.csv");
            assertThat(lines("rejects.csv")).hasSize(3);
            assertThat(output.resolve("reassignments.csv")).doesNotExist();
            assertThat(output.resolve("summary.json")).exists();
        }

        @Test
        void anOutputFolderHoldingAnEarlierRunsReportsKeepsOnlyThisRunsOnes() throws IOException {
            // given: reports of another migration in the folder
            Files.createDirectories(output);
            for (String report : List.of("eligibility.csv", "reassignments.csv", "cancellations.csv")) {
                Files.writeString(output.resolve(report), "stale\n");
            }
            writeTenants(tenant(CONTOSO, "SPE_E5", 3));
            writeUsers(user(CONTOSO, 1), "x,y,z", "x,y,z");

            // when: this run stops at its reject limit, before any report but rejects.csv
            int code = launch("--max-rejects=1");

            // then
            assertThat(code).isEqualTo(1);
            try (var files = Files.list(output)) {
                assertThat(files.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder("rejects.csv",
                        "summary.json");
            }
        }

        @Test
        void asManyTenantsAtOnceAsTheOptionAllowsMoveEveryUser() throws IOException {
            // given: more tenants than write batches in flight
            List<String> manyTenants = IntStream.range(0, 40)
                .mapToObj(i -> tenant(String.format("%08d-0000-4000-8000-000000000000", i), "SPE_E5", 3))
                .toList();
            writeTenants(manyTenants.toArray(String[]::new));
            List<String> manyUsers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                manyUsers.add(user(String.format("%08d-0000-4000-8000-000000000000", i), 2 * i));
                manyUsers.add(user(String.format("%08d-0000-4000-8000-000000000000", i), 2 * i + 1));
            }
            writeUsers(manyUsers.toArray(String[]::new));

            // when
            int code = launch("--parallelism=" + RunSettings.MAX_PARALLELISM);

            // then
            assertThat(code).isZero();
            assertThat(lines("reassignments.csv")).hasSize(81)
                .filteredOn(line -> line.contains(",REASSIGNED,"))
                .hasSize(80);
            assertThat(lines("cancellations.csv")).hasSize(41)
                .filteredOn(line -> line.contains(",CANCELLED,"))
                .hasSize(40);
        }

    }

    private static String tenant(String tenantId, String targetSku, int licenses) {
        return tenantId + ",,sub-" + tenantId + ",ENTERPRISEWITHSCAL," + licenses + "," + targetSku + ",new-" + tenantId
                + "," + licenses + ",ACTIVE,";
    }

    private static String userId(int n) {
        return String.format("aaaaaaaa-bbbb-4ccc-8ddd-%012d", n);
    }

    private static String user(String tenantId, int n) {
        return tenantId + "," + userId(n) + ",user" + n + "@contoso.com,ENTERPRISEWITHSCAL,FR";
    }

    private void writeTenants(String... rows) throws IOException {
        Files.writeString(tenants, TENANTS_HEADER + "\n" + String.join("\n", rows) + "\n");
    }

    private void writeUsers(String... rows) throws IOException {
        Files.writeString(users, USERS_HEADER + "\n" + String.join("\n", rows) + "\n");
    }

    private int launch(String... options) {
        List<String> args = new ArrayList<>(List.of("--tenants=" + tenants, "--users=" + users, "--output=" + output,
                "--spring.datasource.url=jdbc:h2:file:" + database.resolve("e4-upgrade"),
                "--logging.file.name=" + work.resolve("logs" + File.separator + "e4-upgrade.log")));
        for (String option : options) {
            String name = option.substring(0, option.indexOf('=') + 1);
            args.removeIf(arg -> arg.startsWith(name));
            args.add(option);
        }
        return new MigrationLauncher(E4UpgradeApplication.class, System.out, System.err)
            .run(args.toArray(String[]::new));
    }

    private List<String> lines(String report) {
        try {
            return Files.readAllLines(output.resolve(report));
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
