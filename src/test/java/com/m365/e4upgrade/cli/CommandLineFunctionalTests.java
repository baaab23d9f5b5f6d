package com.m365.e4upgrade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.m365.e4upgrade.job.MigrationRun;
import com.m365.e4upgrade.E4UpgradeApplication;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The command as an operator types it: options, input files that cannot be used, and the
 * exit codes and single error line of the contract. Each run gets its own H2 file and
 * output folder.
 */
@ExtendWith(OutputCaptureExtension.class)
class CommandLineFunctionalTests {

    private static final String TENANTS_HEADER = "tenant_id,tenant_name,subscription_id,source_sku,licenses,target_sku,"
            + "target_subscription_id,target_licenses,target_status";

    private static final String TENANT = "11111111-1111-4111-8111-111111111111,Contoso,sub-1,ENTERPRISEWITHSCAL,3,SPE_E5,"
            + "new-1,3,ACTIVE";

    private static final String USERS_HEADER = "tenant_id,user_id,user_principal_name,display_name,licenses,usage_location";

    @TempDir
    private Path work;

    private Path output;

    private Path database;

    @BeforeEach
    void setUp() {
        output = work.resolve("out");
        database = work.resolve("db");
    }

    @Test
    void theSamplesRunToCompletionAndASecondRunHasNothingToDo(CapturedOutput console) {
        // when
        int first = launch(MigrationRun.SAMPLES.resolve("tenants.csv"), MigrationRun.SAMPLES.resolve("users.csv"));
        int second = launch(MigrationRun.SAMPLES.resolve("tenants.csv"), MigrationRun.SAMPLES.resolve("users.csv"));

        // then
        assertThat(first).isZero();
        assertThat(second).isZero();
        assertThat(console.getOut()).contains("COMPLETED")
            .contains("REASSIGNED 43")
            .contains("already completed; nothing to do");
        assertThat(output).isDirectoryContaining(path -> path.endsWith("summary.json"))
            .isDirectoryContaining(path -> path.endsWith("eligibility.csv"))
            .isDirectoryContaining(path -> path.endsWith("reassignments.csv"))
            .isDirectoryContaining(path -> path.endsWith("cancellations.csv"))
            .isDirectoryContaining(path -> path.endsWith("rejects.csv"));
        assertThat(console.getErr()).isEmpty();
    }

    @Test
    void aTenantsFileWithoutARequiredColumnCannotStartAndWritesNothing(CapturedOutput console) {
        // given
        Path tenants = MigrationRun.SAMPLES.resolve("variants/tenants-missing-column.csv");

        // when
        int code = launch(tenants, MigrationRun.SAMPLES.resolve("users.csv"));

        // then
        assertThat(code).isEqualTo(2);
        assertThat(errorLines(console)).containsExactly("e4-upgrade: " + tenants
                + ": line 1, column target_sku: required column missing from the header (delimiter ',')");
        assertNothingWritten();
    }

    @Test
    void aMissingFileCannotStart(CapturedOutput console) {
        // when
        int code = launch(work.resolve("nowhere.csv"), MigrationRun.SAMPLES.resolve("users.csv"));

        // then
        assertThat(code).isEqualTo(2);
        assertThat(errorLines(console)).singleElement()
            .asString()
            .isEqualTo("e4-upgrade: " + work.resolve("nowhere.csv") + ": no such file");
        assertNothingWritten();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "empty", "binary", "latin-1", "tab-delimited", "header-only-in-users" })
    void anUnusableFileCannotStartAndNamesTheFileAndLine(String kind, CapturedOutput console) throws IOException {
        // given
        Path tenants = work.resolve("tenants.csv");
        Path users = work.resolve("users.csv");
        Files.writeString(tenants, TENANTS_HEADER + "\n" + TENANT + "\n");
        Files.writeString(users, USERS_HEADER + "\n");
        String expected = switch (kind) {
            case "empty" -> {
                Files.write(tenants, new byte[0]);
                yield tenants + ": the file is empty";
            }
            case "binary" -> {
                Files.write(tenants, new byte[] { 'P', 'K', 3, 4, 0, 0, 0, 1, 2 });
                yield tenants + ": line 1: contains a NUL byte";
            }
            case "latin-1" -> {
                Files.write(users,
                        (USERS_HEADER + "\n11111111-1111-4111-8111-111111111111,"
                                + "22222222-2222-4222-8222-222222222222,zoe@contoso.com,Zoë,ENTERPRISEWITHSCAL,FR\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                yield users + ": line 2: not valid UTF-8 text";
            }
            case "tab-delimited" -> {
                Files.writeString(tenants, TENANTS_HEADER.replace(',', '\t') + "\n" + TENANT.replace(',', '\t') + "\n");
                yield tenants
                        + ": line 1, column tenant_id, subscription_id, source_sku, licenses, target_sku: required column";
            }
            default -> {
                Files.writeString(users, "display_name\n");
                yield users + ": line 1, column tenant_id, user_id, user_principal_name: required column";
            }
        };

        // when
        int code = launch(tenants, users);

        // then
        assertThat(code).isEqualTo(2);
        assertThat(errorLines(console)).singleElement().asString().startsWith("e4-upgrade: ").contains(expected);
        assertNothingWritten();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "--max-rejects=-1", "--locale=de", "--stop-at=25:00", "--chunk-size=21", "--frobnicate=1",
            "--progress-interval=0s", "--progress-interval=-1s", "--progress-interval=soon" })
    void aBadOptionCannotStart(String option, CapturedOutput console) {
        // when
        int code = launch(MigrationRun.SAMPLES.resolve("tenants.csv"), MigrationRun.SAMPLES.resolve("users.csv"),
                option);

        // then
        assertThat(code).isEqualTo(2);
        assertThat(errorLines(console)).singleElement().asString().contains(option.substring(2, option.indexOf('=')));
        assertNothingWritten();
    }

    @Test
    void badRowsAreRejectedWithTheirLineAndTheRestMigrates(CapturedOutput console) throws IOException {
        // given: a short row, a 1 MB cell, and a quoted cell over two lines before them
        Path tenants = work.resolve("tenants.csv");
        Path users = work.resolve("users.csv");
        Files.writeString(tenants, TENANTS_HEADER + "\n" + TENANT + "\n");
        Files.writeString(users, USERS_HEADER + "\n"
                + "11111111-1111-4111-8111-111111111111,22222222-2222-4222-8222-222222222221,a@contoso.com,\"Ann\nSmith\",ENTERPRISEWITHSCAL,FR\n"
                + "11111111-1111-4111-8111-111111111111,22222222-2222-4222-8222-222222222222,b@contoso.com\n"
                + "11111111-1111-4111-8111-111111111111,22222222-2222-4222-8222-222222222223,c@contoso.com,"
                + "x".repeat(1 << 20) + ",ENTERPRISEWITHSCAL,FR\n"
                + "11111111-1111-4111-8111-111111111111,22222222-2222-4222-8222-222222222224,d@contoso.com,Dan,ENTERPRISEWITHSCAL,FR\n");

        // when
        int code = launch(tenants, users);

        // then
        assertThat(code).isZero();
        List<String> rejects = readLines(output.resolve("rejects.csv"));
        assertThat(rejects).hasSize(3);
        assertThat(rejects.get(1)).startsWith("users.csv,4,\"row: has 3 fields, the header has 6\"");
        assertThat(rejects.get(2)).startsWith("users.csv,5,\"column 4: cell of 1048576 characters, more than 4096\"");
        assertThat(readLines(output.resolve("reassignments.csv"))).hasSize(3)
            .allSatisfy(line -> assertThat(line).doesNotContain("22222222-2222-4222-8222-222222222223"));
    }

    @Test
    void anUnterminatedQuoteRejectsItsLineAndTheOtherUsersMigrate(CapturedOutput console) throws IOException {
        // given: the user on line 3 opens a quote that no later line closes
        Path tenants = work.resolve("tenants.csv");
        Path users = work.resolve("users.csv");
        Files.writeString(tenants, TENANTS_HEADER + "\n" + TENANT + "\n");
        String broken = "11111111-1111-4111-8111-111111111111,22222222-2222-4222-8222-222222222222,b@contoso.com,"
                + "\"Bob Smith,ENTERPRISEWITHSCAL,FR";
        Files.writeString(users, USERS_HEADER + "\n"
                + "11111111-1111-4111-8111-111111111111,22222222-2222-4222-8222-222222222221,a@contoso.com,Ann,ENTERPRISEWITHSCAL,FR\n"
                + broken + "\n"
                + "11111111-1111-4111-8111-111111111111,22222222-2222-4222-8222-222222222223,c@contoso.com,Cy,ENTERPRISEWITHSCAL,FR\n"
                + "11111111-1111-4111-8111-111111111111,22222222-2222-4222-8222-222222222224,d@contoso.com,Dan,ENTERPRISEWITHSCAL,FR\n");

        // when
        int code = launch(tenants, users);

        // then: the line is rejected as written, and the users after it are not swallowed
        assertThat(code).isZero();
        List<String> rejects = readLines(output.resolve("rejects.csv"));
        assertThat(rejects).hasSize(2);
        assertThat(rejects.get(1))
            .isEqualTo("users.csv,3," + "row: a quoted cell opened on this line is never closed (unterminated quote),"
                    + "\"" + broken.replace("\"", "\"\"") + "\"");
        assertThat(readLines(output.resolve("reassignments.csv"))).hasSize(4)
            .anySatisfy(line -> assertThat(line).contains("22222222-2222-4222-8222-222222222223"))
            .anySatisfy(line -> assertThat(line).contains("22222222-2222-4222-8222-222222222224"))
            .allSatisfy(line -> assertThat(line).doesNotContain("22222222-2222-4222-8222-222222222222"));
        assertThat(readLines(output.resolve("cancellations.csv"))).last()
            .asString()
            .endsWith(",KEPT,1 row of users.csv rejected (see rejects.csv)");
        assertThat(console.getErr()).isEmpty();
    }

    @Test
    void moreRejectsThanTheLimitFailsWithOneLineNamingTheFileAndTheLimitAndWritesTheRejects(CapturedOutput console) {
        // when
        int code = launch(MigrationRun.SAMPLES.resolve("tenants.csv"), MigrationRun.SAMPLES.resolve("users.csv"),
                "--max-rejects=1");

        // then
        assertThat(code).isEqualTo(1);
        assertThat(errorLines(console)).singleElement()
            .asString()
            .contains("tenants.csv: 3 rejected rows, more than --max-rejects=1")
            .doesNotContain("Exception");
        assertThat(readLines(output.resolve("rejects.csv"))).hasSize(7);
    }

    private int launch(Path tenants, Path users, String... options) {
        List<String> args = new ArrayList<>(List.of("--tenants=" + tenants, "--users=" + users, "--output=" + output,
                "--spring.datasource.url=jdbc:h2:file:" + database.resolve("e4-upgrade"),
                "--logging.file.name=" + work.resolve("logs/e4-upgrade.log")));
        args.addAll(List.of(options));
        return new MigrationLauncher(E4UpgradeApplication.class, System.out, System.err)
            .run(args.toArray(String[]::new));
    }

    private void assertNothingWritten() {
        assertThat(output).doesNotExist();
        assertThat(database).doesNotExist();
    }

    private static List<String> errorLines(CapturedOutput console) {
        return console.getErr().lines().toList();
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
