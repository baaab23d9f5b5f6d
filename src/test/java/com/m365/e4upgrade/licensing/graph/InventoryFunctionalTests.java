package com.m365.e4upgrade.licensing.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.m365.e4upgrade.inventory.InventoryJobConfiguration;
import com.m365.e4upgrade.inventory.InventoryParameters;
import com.m365.e4upgrade.job.MigrationRun;
import com.m365.e4upgrade.testsupport.MigrationFiles;
import com.m365.e4upgrade.licensing.ServicePlan;
import com.m365.e4upgrade.licensing.Sku;
import com.m365.e4upgrade.licensing.SkuCatalog;

import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 14, the inventory: the live tenants, read through Graph (users page by page,
 * licenses direct or from a group, subscribed SKUs, directory subscriptions), become
 * users.csv and tenants.csv in the contract's format, from which the migration runs as
 * from true exports; what changed is listed, and a tenant that refuses the app is left
 * out and named.
 */
@SpringBootTest(properties = { "spring.datasource.url=jdbc:h2:mem:inventory;DB_CLOSE_DELAY=-1", "gateway=graph",
        "graph.client-id=e4-upgrade-test", "graph.initial-backoff=2ms", "graph.max-backoff=20ms" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Inventory from Microsoft Graph")
class InventoryFunctionalTests {

    static final String CONTOSO = "46fcd802-f9c7-4094-b452-4517b84b2606";

    static final String FABRIKAM = "5d0f7c3e-81b4-4a9e-b2c6-0e9a4f1d7c21";

    static final String NORTHWIND = "38f4bdb3-1f80-434c-b3d2-84d2ee149e9f";

    static final String NO_CONSENT = "c9966a7e-7166-42c6-9cf6-81e501b54559";

    static final String UNKNOWN_SKU = "11111111-2222-4333-8444-555555555555";

    private static final FakeMicrosoft MICROSOFT = new FakeMicrosoft();

    private static final MockWebServer SERVER = new MockWebServer();

    @DynamicPropertySource
    static void graphOnLocalhost(DynamicPropertyRegistry properties) throws IOException {
        SERVER.setDispatcher(MICROSOFT);
        SERVER.start(InetAddress.getByName("127.0.0.1"), 0);
        Path secret = Files.createTempFile("graph-secret", ".txt");
        Files.writeString(secret, "inventory-secret\n");
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
    @Qualifier(InventoryJobConfiguration.JOB_NAME)
    private Job inventoryJob;

    @Autowired
    private Job e4UpgradeJob;

    @Autowired
    private SkuCatalog catalog;

    @TempDir
    private Path work;

    @BeforeAll
    void liveTenants() {
        Directory directory = MICROSOFT.directory();
        directory.pageSize(2);
        String e4 = sku("ENTERPRISEWITHSCAL").guid();
        String e5 = sku("SPE_E5").guid();
        // Contoso: 3 holders of E4 (one through a group, one with a SKU the catalog
        // lacks), one already on E5; 25 E4 licenses and an active E5 subscription
        directory.user(CONTOSO, "b7d7f5c3-24a1-4300-96ff-6efdddb5ac7d", "alex.wilber@contoso.com")
            .displayName("Alex Wilber")
            .usageLocation("US")
            .license(e4, plan("ENTERPRISEWITHSCAL", "SWAY"), plan("ENTERPRISEWITHSCAL", "FORMS_PLAN_E3"))
            .license(sku("EMS").guid());
        directory.user(CONTOSO, "c6dc6759-8ec7-471b-9472-2a442e720996", "lynne.robbins@contoso.com")
            .displayName("=Lynne Robbins")
            .usageLocation("US")
            .groupLicense(e4, "0b5c7e9a-1111-4222-8333-944455556666");
        directory.user(CONTOSO, "d59c86fb-544a-4b08-b3af-cdbe783d62d3", "zoe.muller@contoso.com")
            .displayName("Zoë Müller")
            .usageLocation("DE")
            .accountDisabled()
            .license(e4)
            .license(UNKNOWN_SKU);
        directory.user(CONTOSO, "e66d4c2c-722a-424d-ae7c-d9391f0bd193", "lidia.holloway@contoso.com")
            .usageLocation("US")
            .license(e5);
        directory.subscribedSku(CONTOSO, "ENTERPRISEWITHSCAL", e4, 25, "Enabled");
        directory.subscribedSku(CONTOSO, "SPE_E5", e5, 30, "Enabled");
        directory.subscription(CONTOSO, "0f8a1d3c-6b2e-4c9d-8e7f-1a2b3c4d5e6f", "8acc20ac-82f7-42de-8532-14468beddf91",
                "ENTERPRISEWITHSCAL", e4, "Enabled", 25);
        directory.subscription(CONTOSO, "9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b", "d0d0d0d0-0000-4000-8000-000000000001",
                "ENTERPRISEWITHSCAL", e4, "Deleted", 5);
        directory.subscription(CONTOSO, "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "f91be2ed-da15-46f3-8bd0-989a0b09659a",
                "SPE_E5", e5, "Enabled", 30);
        // Fabrikam: one holder, no target bought yet
        directory.user(FABRIKAM, "0e581d7a-e4b7-4882-ac0f-91bb88bd9dbb", "isaiah.langer@fabrikam.com")
            .usageLocation("FR")
            .license(e4);
        directory.subscribedSku(FABRIKAM, "ENTERPRISEWITHSCAL", e4, 10, "Enabled");
        directory.subscription(FABRIKAM, "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e", "", "ENTERPRISEWITHSCAL", e4,
                "Enabled", 10);
        // Northwind: two E4 subscriptions; its E3 is bought but suspended
        String e3 = sku("SPE_E3").guid();
        directory.subscribedSku(NORTHWIND, "ENTERPRISEWITHSCAL", e4, 12, "Enabled");
        directory.subscribedSku(NORTHWIND, "SPE_E3", e3, 8, "Suspended");
        directory.subscription(NORTHWIND, "3c4d5e6f-7a8b-4c9d-8e0f-2a3b4c5d6e7f",
                "848bfdf1-a67a-4cd1-a45a-2ca0b8931b4d", "ENTERPRISEWITHSCAL", e4, "Enabled", 7);
        directory.subscription(NORTHWIND, "4d5e6f7a-8b9c-4d0e-9f1a-3b4c5d6e7f8a",
                "5e6f7a8b-9c0d-4e1f-8a2b-4c5d6e7f8a9b", "ENTERPRISEWITHSCAL", e4, "Enabled", 5);
        directory.subscription(NORTHWIND, "6f7a8b9c-0d1e-4f2a-9b3c-5d6e7f8a9b0c",
                "7a8b9c0d-1e2f-4a3b-8c4d-6e7f8a9b0c1d", "SPE_E3", e3, "Suspended", 8);
        // a tenant that never consented to the app
        directory.refuseTokens(NO_CONSENT);
    }

    @Test
    void writesTheContractsFilesFromTheLiveTenantsAndTheMigrationRunsOnThem() throws Exception {
        // given: the operator's tenants.csv, stale, with a column of their own
        Path tenants = work.resolve("exports/tenants.csv");
        Files.createDirectories(tenants.getParent());
        Files.writeString(tenants, """
                tenant_id,tenant_name,subscription_id,source_sku,licenses,target_sku,target_licenses,owner_team
                %s,Contoso Ltd,,ENTERPRISEWITHSCAL,20,SPE_E5,,EMEA ops
                %s,Fabrikam,,ENTERPRISEWITHSCAL,10,spe_e5,5,"Paris, 2nd floor"
                %s,No consent,03b38379-4d5b-4a19-9ee4-fbc37509a07f,ENTERPRISEWITHSCAL,4,SPE_E3,,
                %s,Northwind,5e6f7a8b-9c0d-4e1f-8a2b-4c5d6e7f8a9b,ENTERPRISEWITHSCAL,12,SPE_E3,8,
                """.formatted(CONTOSO.toUpperCase(), FABRIKAM, NO_CONSENT, NORTHWIND));
        Path output = work.resolve("live");

        // when
        JobExecution inventory = jobOperator.start(inventoryJob,
                new JobParametersBuilder().addString(InventoryParameters.TENANTS_DIGEST, "test", true)
                    .addString(InventoryParameters.SOURCE_SKU, "ENTERPRISEWITHSCAL", true)
                    .addString(InventoryParameters.OUTPUT, output.toString(), true)
                    .addLong(InventoryParameters.RUN, 1L, true)
                    .addString(InventoryParameters.TENANTS_FILE, tenants.toString(), false)
                    .toJobParameters());

        // then
        assertThat(inventory.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(lines(output.resolve("users.csv"))).containsExactly(
                "tenant_id,user_id,user_principal_name,display_name,licenses,usage_location,license_assignment,"
                        + "disabled_plans,account_enabled",
                CONTOSO.toUpperCase() + ",b7d7f5c3-24a1-4300-96ff-6efdddb5ac7d,alex.wilber@contoso.com,Alex Wilber,"
                        + "ENTERPRISEWITHSCAL|EMS,US,DIRECT,SWAY|FORMS_PLAN_E3,true",
                CONTOSO.toUpperCase()
                        + ",c6dc6759-8ec7-471b-9472-2a442e720996,lynne.robbins@contoso.com,'=Lynne Robbins,"
                        + "ENTERPRISEWITHSCAL,US,GROUP,,true",
                CONTOSO.toUpperCase() + ",d59c86fb-544a-4b08-b3af-cdbe783d62d3,zoe.muller@contoso.com,Zoë Müller,"
                        + "ENTERPRISEWITHSCAL|" + UNKNOWN_SKU + ",DE,DIRECT,,false",
                FABRIKAM + ",0e581d7a-e4b7-4882-ac0f-91bb88bd9dbb,isaiah.langer@fabrikam.com,,ENTERPRISEWITHSCAL,FR,"
                        + "DIRECT,,true");
        assertThat(lines(output.resolve("tenants.csv"))).containsExactly(
                "tenant_id,tenant_name,subscription_id,source_sku,licenses,target_sku,target_licenses,owner_team,"
                        + "plans_for_product,target_subscription_id,target_status",
                CONTOSO.toUpperCase()
                        + ",Contoso Ltd,8acc20ac-82f7-42de-8532-14468beddf91,ENTERPRISEWITHSCAL,25,SPE_E5,"
                        + "30,EMEA ops,1,f91be2ed-da15-46f3-8bd0-989a0b09659a,ACTIVE",
                FABRIKAM + ",Fabrikam,2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e,ENTERPRISEWITHSCAL,10,spe_e5,0,"
                        + "\"Paris, 2nd floor\",1,,PENDING",
                // the named E4 subscription is kept; a suspended target is bought, not
                // active
                NORTHWIND + ",Northwind,5e6f7a8b-9c0d-4e1f-8a2b-4c5d6e7f8a9b,ENTERPRISEWITHSCAL,12,SPE_E3,8,,2,"
                        + "7a8b9c0d-1e2f-4a3b-8c4d-6e7f8a9b0c1d,PENDING");
        assertThat(lines(output.resolve("inventory-changes.csv"))).containsExactly("tenant_id,column,was,now",
                CONTOSO.toUpperCase() + ",subscription_id,,8acc20ac-82f7-42de-8532-14468beddf91",
                CONTOSO.toUpperCase() + ",licenses,20,25",
                CONTOSO.toUpperCase() + ",target_subscription_id,," + "f91be2ed-da15-46f3-8bd0-989a0b09659a",
                CONTOSO.toUpperCase() + ",target_licenses,,30", CONTOSO.toUpperCase() + ",target_status,,ACTIVE",
                FABRIKAM + ",subscription_id,,2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e", FABRIKAM + ",target_licenses,5,0",
                NORTHWIND + ",plans_for_product,,2",
                NORTHWIND + ",target_subscription_id,,7a8b9c0d-1e2f-4a3b-8c4d-6e7f8a9b0c1d");
        assertThat(lines(output.resolve("inventory-errors.csv"))).hasSize(2)
            .last()
            .asString()
            .startsWith(NO_CONSENT + ",4,")
            .contains("unauthorized_client");
        // and: Contoso's 3 holders came in two pages of GET /users, filtered on E4
        assertThat(MICROSOFT.directory().userQueries()).filteredOn(query -> query.contains("skiptoken")).hasSize(1);
        assertThat(MICROSOFT.directory().userQueries()).allMatch(
                query -> query.contains(sku("ENTERPRISEWITHSCAL").guid()) && query.contains("licenseAssignmentStates"));

        // and: the migration takes them as they are (a dry run: nothing moves)
        JobExecution migration = jobOperator.start(e4UpgradeJob, MigrationRun.parameters(output.resolve("tenants.csv"),
                output.resolve("users.csv"), work.resolve("out"), "--dry-run"));
        assertThat(migration.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(lines(work.resolve("out/rejects.csv"))).containsExactly("file,line,reason,record");
        assertThat(lines(work.resolve("out/reassignments.csv"))).filteredOn(line -> line.contains(",PLANNED,"))
            .hasSize(2);
    }

    /**
     * The acceptance: pointed at tenants that hold what true exports say, the
     * inventory's files make the migration decide, plan and settle exactly as the true
     * files do (users may come in another order, so the write batches may number
     * differently).
     */
    @Test
    void theMigrationDecidesPlansAndSettlesFromTheInventoryAsFromTheTrueFiles() throws Exception {
        // given: true exports, and live tenants holding just that
        Path truth = work.resolve("truth");
        MigrationFiles.sixtyTenantsOfTwentyFiveUsers().writeTo(Files.createDirectories(truth));
        Directory directory = MICROSOFT.directory();
        String e4 = sku("ENTERPRISEWITHSCAL").guid();
        for (java.util.Map<String, String> tenant : rows(truth.resolve("tenants.csv"))) {
            String id = tenant.get("tenant_id");
            int licenses = Integer.parseInt(tenant.get("licenses"));
            directory.subscribedSku(id, "ENTERPRISEWITHSCAL", e4, licenses, "Enabled");
            directory.subscription(id, java.util.UUID.randomUUID().toString(), tenant.get("subscription_id"),
                    "ENTERPRISEWITHSCAL", e4, "Enabled", licenses);
            String target = tenant.get("target_subscription_id");
            if (target != null && !target.isBlank()) {
                boolean active = "ACTIVE".equalsIgnoreCase(tenant.get("target_status"));
                Sku targetSku = sku(tenant.get("target_sku"));
                int seats = Integer.parseInt(tenant.get("target_licenses"));
                directory.subscribedSku(id, targetSku.partNumber(), targetSku.guid(), seats,
                        active ? "Enabled" : "Suspended");
                directory.subscription(id, java.util.UUID.randomUUID().toString(), target, targetSku.partNumber(),
                        targetSku.guid(), active ? "Enabled" : "Suspended", seats);
            }
        }
        for (java.util.Map<String, String> row : rows(truth.resolve("users.csv"))) {
            Directory.User user = directory
                .user(row.get("tenant_id"), row.get("user_id"), row.get("user_principal_name"))
                .displayName(row.get("display_name"))
                .usageLocation(row.get("usage_location").isBlank() ? null : row.get("usage_location"));
            for (String license : row.get("licenses").split("\\|")) {
                String[] disabled = license.equals("ENTERPRISEWITHSCAL")
                        ? java.util.Arrays.stream(row.get("disabled_plans").split("\\|"))
                            .filter(name -> !name.isBlank())
                            .map(name -> plan("ENTERPRISEWITHSCAL", name))
                            .toArray(String[]::new)
                        : new String[0];
                if (license.equals("ENTERPRISEWITHSCAL") && "GROUP".equals(row.get("license_assignment"))) {
                    user.groupLicense(sku(license).guid(), "0b5c7e9a-1111-4222-8333-944455556666", disabled);
                }
                else if (!license.isBlank()) {
                    user.license(sku(license).guid(), disabled);
                }
            }
            if ("false".equals(row.get("account_enabled"))) {
                user.accountDisabled();
            }
        }
        Path live = work.resolve("live");

        // when: the inventory, then a dry run of each pair of files
        JobExecution inventory = jobOperator.start(inventoryJob,
                new JobParametersBuilder().addString(InventoryParameters.TENANTS_DIGEST, "acceptance", true)
                    .addString(InventoryParameters.SOURCE_SKU, "ENTERPRISEWITHSCAL", true)
                    .addString(InventoryParameters.OUTPUT, live.toString(), true)
                    .addLong(InventoryParameters.RUN, 1L, true)
                    .addString(InventoryParameters.TENANTS_FILE, truth.resolve("tenants.csv").toString(), false)
                    .toJobParameters());
        JobExecution fromTruth = jobOperator.start(e4UpgradeJob, MigrationRun.parameters(truth.resolve("tenants.csv"),
                truth.resolve("users.csv"), work.resolve("out-truth"), "--dry-run"));
        JobExecution fromLive = jobOperator.start(e4UpgradeJob, MigrationRun.parameters(live.resolve("tenants.csv"),
                live.resolve("users.csv"), work.resolve("out-live"), "--dry-run"));

        // then
        assertThat(inventory.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(fromTruth.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(fromLive.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(lines(live.resolve("inventory-errors.csv"))).containsExactly("tenant_id,line,error");
        assertThat(lines(work.resolve("out-live/rejects.csv"))).containsExactly("file,line,reason,record");
        assertThat(lines(work.resolve("out-live/eligibility.csv")))
            .containsExactlyElementsOf(lines(work.resolve("out-truth/eligibility.csv")));
        assertThat(lines(work.resolve("out-live/cancellations.csv")))
            .containsExactlyElementsOf(lines(work.resolve("out-truth/cancellations.csv")));
        assertThat(withoutBatch(work.resolve("out-live/reassignments.csv")))
            .containsExactlyInAnyOrderElementsOf(withoutBatch(work.resolve("out-truth/reassignments.csv")));
        assertThat(lines(work.resolve("out-truth/reassignments.csv"))).hasSizeGreaterThan(1000);
    }

    private static List<String> withoutBatch(Path reassignments) throws IOException {
        return lines(reassignments).stream().map(line -> line.substring(0, line.lastIndexOf(','))).toList();
    }

    /** The rows of a CSV file the tests wrote, by column name. */
    private static List<java.util.Map<String, String>> rows(Path file) throws Exception {
        List<java.util.Map<String, String>> rows = new java.util.ArrayList<>();
        try (var reader = Files.newBufferedReader(file);
                var csv = new com.opencsv.CSVReaderBuilder(reader)
                    .withCSVParser(new com.opencsv.RFC4180ParserBuilder().build())
                    .build()) {
            String[] header = csv.readNext();
            String[] cells;
            while ((cells = csv.readNext()) != null) {
                java.util.Map<String, String> row = new java.util.HashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i].strip(), i < cells.length ? cells[i].strip() : "");
                }
                // columns a file leaves out are empty
                for (String column : List.of("disabled_plans", "account_enabled", "display_name", "usage_location")) {
                    row.putIfAbsent(column, "");
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private Sku sku(String partNumber) {
        return catalog.find(partNumber).orElseThrow();
    }

    private String plan(String sku, String plan) {
        return sku(sku).servicePlans()
            .stream()
            .filter(servicePlan -> servicePlan.name().equals(plan))
            .map(ServicePlan::id)
            .findFirst()
            .orElseThrow();
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file);
    }

}
