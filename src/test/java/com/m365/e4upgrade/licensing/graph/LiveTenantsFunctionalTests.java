package com.m365.e4upgrade.licensing.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.m365.e4upgrade.job.MigrationRun;
import com.m365.e4upgrade.licensing.ServicePlan;
import com.m365.e4upgrade.licensing.Sku;
import com.m365.e4upgrade.licensing.SkuCatalog;
import com.m365.e4upgrade.rollback.RollbackParameters;
import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180ParserBuilder;

import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 14 against a fake Microsoft that holds the samples' users as live tenants: the
 * migration moves them, the live check keeps E4 where the tenant still shows a holder the
 * files did not, and a rollback gives E4 back to every moved user of the named tenants,
 * with their own disabled plans, exactly once.
 */
@SpringBootTest(properties = { "spring.datasource.url=jdbc:h2:mem:livetenants;DB_CLOSE_DELAY=-1", "gateway=graph",
        "graph.client-id=e4-upgrade-test", "graph.initial-backoff=2ms", "graph.max-backoff=20ms" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Live tenants: the live check before cancelling, and rollback through Graph")
class LiveTenantsFunctionalTests {

    static final String E4 = "ENTERPRISEWITHSCAL";

    static final String CONTOSO = "46fcd802-f9c7-4094-b452-4517b84b2606";

    static final String TROIS_RIVIERES = "9a1fcab7-83d6-465c-81c4-cd23c2b1cfea";

    static final String TREY = "8ec52cd4-d81c-42a0-88cc-02e863f44d20";

    static final String OUTSIDE_THE_FILES = "7e1d2c3b-0a9f-4e8d-b7c6-5a4b3c2d1e0f";

    private static final FakeMicrosoft MICROSOFT = new FakeMicrosoft();

    private static final MockWebServer SERVER = new MockWebServer();

    @DynamicPropertySource
    static void graphOnLocalhost(DynamicPropertyRegistry properties) throws IOException {
        SERVER.setDispatcher(MICROSOFT);
        SERVER.start(InetAddress.getByName("127.0.0.1"), 0);
        Path secret = Files.createTempFile("graph-secret", ".txt");
        Files.writeString(secret, "live-tenants-secret\n");
        String local = "http://127.0.0.1:" + SERVER.getPort();
        properties.add("graph.base-url", () -> local + "/v1.0");
        properties.add("graph.authority", () -> local);
        properties.add("graph.client-secret-file", secret::toString);
    }

    @AfterAll
    static void stopServer() {
        SERVER.close();
    }

    @Autowired
    private JobOperator jobOperator;

    @Autowired
    private Job e4UpgradeJob;

    @Autowired
    @Qualifier("e4RollbackJob")
    private Job rollbackJob;

    @Autowired
    private SkuCatalog catalog;

    @Autowired
    private JdbcTemplate jdbc;

    @TempDir
    private Path output;

    private long migrationId;

    @BeforeAll
    void theSamplesAreLiveTenants() throws Exception {
        Directory directory = MICROSOFT.directory();
        List<String> tenants = new ArrayList<>();
        for (Map<String, String> row : rows(MigrationRun.SAMPLES.resolve("tenants.csv"))) {
            String tenant = row.get("tenant_id").toLowerCase(Locale.ROOT);
            if (!tenants.contains(tenant)) {
                tenants.add(tenant);
            }
        }
        for (String tenant : tenants) {
            for (String sku : List.of(E4, "SPE_E5", "SPE_E3", "ENTERPRISEPACK", "ENTERPRISEPREMIUM")) {
                directory.subscribedSku(tenant, sku, sku(sku).guid(), 1000,
                        tenant.equals(TREY) && sku.equals(E4) ? "Suspended" : "Enabled");
            }
        }
        for (Map<String, String> row : rows(MigrationRun.SAMPLES.resolve("users.csv"))) {
            if (row.get("tenant_id").isBlank() || row.get("user_id").isBlank() || directory.has(row.get("user_id"))) {
                continue;
            }
            Directory.User user = directory
                .user(row.get("tenant_id"), row.get("user_id"), row.get("user_principal_name"))
                .displayName(row.get("display_name"))
                .usageLocation(row.get("usage_location").isBlank() ? null : row.get("usage_location"));
            for (String license : row.get("licenses").split("\\|")) {
                if (license.isBlank() || catalog.find(license).isEmpty()) {
                    continue;
                }
                String[] disabled = license.equalsIgnoreCase(E4) ? disabledPlanIds(row.get("disabled_plans"))
                        : new String[0];
                if (license.equalsIgnoreCase(E4) && "GROUP".equalsIgnoreCase(row.get("license_assignment"))) {
                    user.groupLicense(sku(E4).guid(), "0b5c7e9a-1111-4222-8333-944455556666", disabled);
                }
                else {
                    user.license(sku(license).guid(), disabled);
                }
            }
        }
        // a user the export missed still holds E4 in Trois-Rivières
        directory.user(TROIS_RIVIERES, OUTSIDE_THE_FILES, "nouvelle.recrue@v3r.net")
            .usageLocation("CA")
            .license(sku(E4).guid());
    }

    @Test
    @Order(1)
    void aTenantThatStillShowsAHolderLiveIsKeptSayingHowMany() throws Exception {
        // when
        JobExecution migration = jobOperator.start(e4UpgradeJob, MigrationRun.samples(output));
        migrationId = migration.getJobInstanceId();

        // then
        assertThat(migration.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        List<String> cancellations = MigrationRun.lines(output.resolve("cancellations.csv"));
        assertThat(cancellations).filteredOn(line -> line.startsWith(TROIS_RIVIERES + ","))
            .singleElement()
            .asString()
            .contains(",KEPT,1 user still holds ENTERPRISEWITHSCAL live");
        // and: where nobody holds it live, the admin may cancel
        assertThat(cancellations).filteredOn(line -> line.startsWith(CONTOSO + ","))
            .singleElement()
            .asString()
            .contains(",READY_TO_CANCEL,");
    }

    @Test
    @Order(2)
    void aRollbackGivesEveryMovedUserTheSourceBackWithTheirOwnDisabledPlansInBatchesOfAtMost20() throws Exception {
        int batchesBefore = MICROSOFT.batches().size();
        Map<String, String> before = movedUsers(CONTOSO);
        assertThat(before).hasSize(23);

        // when
        JobExecution rollback = jobOperator.start(rollbackJob, rollbackOf(CONTOSO, TROIS_RIVIERES, TREY));

        // then
        assertThat(rollback.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        for (String userId : before.keySet()) {
            Directory.User user = MICROSOFT.directory().user(userId);
            assertThat(user.directLicenses()).as(userId)
                .containsKey(sku(E4).guid())
                .doesNotContainKey(sku("SPE_E5").guid());
            assertThat(user.assignments()).as("moved once, back once: " + userId).isEqualTo(2);
        }
        // alex.wilber had SWAY and FORMS_PLAN_E3 off in E4: off again
        assertThat(
                MICROSOFT.directory().user("b7d7f5c3-24a1-4300-96ff-6efdddb5ac7d").directLicenses().get(sku(E4).guid()))
            .containsExactlyInAnyOrder(disabledPlanIds("SWAY|FORMS_PLAN_E3"));
        // and: 23 + 3 users, one tenant per $batch, at most 20
        List<tools.jackson.databind.JsonNode> batches = MICROSOFT.batches()
            .subList(batchesBefore, MICROSOFT.batches().size());
        assertThat(batches).hasSize(3);
        assertThat(batches).allSatisfy(batch -> assertThat(FakeMicrosoft.ids(batch)).hasSizeBetween(1, 20));
        // and: Trey Research's E4 is no longer active: nobody is moved there
        List<String> report = MigrationRun.lines(output.resolve("rollback.csv"));
        assertThat(report.get(0))
            .isEqualTo("tenant_id,user_id,user_principal_name,from_sku,to_sku,status,detail,batch");
        assertThat(report).filteredOn(line -> line.startsWith(TREY + ","))
            .isNotEmpty()
            .allMatch(line -> line.contains(",SKIPPED,SOURCE_NOT_ACTIVE,"));
        assertThat(report).filteredOn(line -> line.startsWith(CONTOSO + ",") || line.startsWith(TROIS_RIVIERES + ","))
            .hasSize(26)
            .allMatch(line -> line.contains(",SPE_E") && line.contains(",ENTERPRISEWITHSCAL,ROLLED_BACK,,"));
        assertThat(MigrationRun.lines(output.resolve("cancellations.csv")))
            .filteredOn(line -> line.startsWith(CONTOSO + ",") || line.startsWith(TROIS_RIVIERES + ","))
            .hasSize(2)
            .allMatch(line -> line.contains(",ROLLED_BACK,"));
        // and: where nobody could go back, the row stays as the migration left it
        assertThat(MigrationRun.lines(output.resolve("cancellations.csv")))
            .filteredOn(line -> line.startsWith(TREY + ","))
            .noneMatch(line -> line.contains(",ROLLED_BACK,"));
    }

    @Test
    @Order(3)
    void aRollbackBatchSentAgainAfterACrashCountsTheUserOnceAndChangesNothing() throws Exception {
        // given: as if the process died after Graph moved this user but before the commit
        String alex = "b7d7f5c3-24a1-4300-96ff-6efdddb5ac7d";
        jdbc.update("UPDATE e4_rollback SET status = 'PLANNED', detail = NULL WHERE user_id = ?", alex);

        // when: the rollback of that tenant runs again
        JobExecution replay = jobOperator.start(rollbackJob, rollbackOf(CONTOSO));

        // then: Graph refused the second assignLicense, the replay check found E4 held
        assertThat(replay.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(MICROSOFT.directory().user(alex).assignments()).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT status FROM e4_rollback WHERE user_id = ?", String.class, alex))
            .isEqualTo("ROLLED_BACK");
    }

    private JobParameters rollbackOf(String... tenants) {
        return new JobParametersBuilder().addLong(RollbackParameters.MIGRATION_ID, migrationId, true)
            .addString(RollbackParameters.TENANTS, RollbackParameters.tenants(List.of(tenants)), true)
            .addString(RollbackParameters.DRY_RUN, "false", true)
            .addString(RollbackParameters.OUTPUT, output.toString(), false)
            .addLong(RollbackParameters.CHUNK_SIZE, 20L, false)
            .toJobParameters();
    }

    /** The users the migration moved in the tenant, with their target. */
    private Map<String, String> movedUsers(String tenant) {
        Map<String, String> moved = new java.util.LinkedHashMap<>();
        jdbc.query("SELECT user_id, to_sku FROM e4_reassignment WHERE tenant_id = ? AND status = 'REASSIGNED'", rs -> {
            moved.put(rs.getString(1), rs.getString(2));
        }, tenant);
        return moved;
    }

    private Sku sku(String partNumber) {
        return catalog.find(partNumber).orElseThrow();
    }

    private String[] disabledPlanIds(String names) {
        return java.util.Arrays.stream(names.split("\\|"))
            .filter(name -> !name.isBlank())
            .map(name -> sku(E4).servicePlans()
                .stream()
                .filter(plan -> plan.name().equalsIgnoreCase(name))
                .map(ServicePlan::id)
                .findFirst()
                .orElseThrow())
            .map(id -> id.toLowerCase(Locale.ROOT))
            .toArray(String[]::new);
    }

    /**
     * The rows of a sample file by column name; the samples' broken rows come out as they
     * may.
     */
    private static List<Map<String, String>> rows(Path file) throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVReader csv = new CSVReaderBuilder(reader).withCSVParser(new RFC4180ParserBuilder().build())
                    .build()) {
            String[] header = csv.readNext();
            String[] cells;
            while ((cells = csv.readNext()) != null) {
                Map<String, String> row = new java.util.HashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i].replace("\uFEFF", "").strip(), i < cells.length ? cells[i].strip() : "");
                }
                rows.add(row);
            }
        }
        return rows;
    }

}
