package com.m365.e4upgrade.licensing.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.m365.e4upgrade.cli.ExitCode;
import com.m365.e4upgrade.licensing.SkuCatalog;
import com.m365.e4upgrade.restart.Hooks;
import com.m365.e4upgrade.testsupport.ChildJvm;

import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.ClassPathResource;

/**
 * The inventory command as shipped, in a child JVM against the fake Microsoft: halted
 * right after its first chunk of tenants committed, the same command finishes it, reading
 * each remaining tenant once and writing every tenant once; once complete, the same
 * command is a new reading.
 */
class InventoryKillAndResumeFunctionalTests {

    private static final int TENANTS = 45;

    @Test
    void aKilledInventoryIsFinishedByTheSameCommandReadingNoTenantTwice(@TempDir Path dir) throws Exception {
        SkuCatalog catalog = SkuCatalog
            .load(new ClassPathResource("catalog/product-names-and-service-plan-identifiers.csv"));
        String e4 = catalog.find("ENTERPRISEWITHSCAL").orElseThrow().guid();
        FakeMicrosoft microsoft = new FakeMicrosoft();
        List<String> rows = new ArrayList<>(List.of("tenant_id,source_sku,target_sku"));
        for (int i = 1; i <= TENANTS; i++) {
            String tenant = "%08d-0000-4000-8000-000000000000".formatted(i);
            rows.add(tenant + ",ENTERPRISEWITHSCAL,SPE_E5");
            microsoft.directory()
                .user(tenant, "%08d-1111-4000-8000-000000000000".formatted(i), "user" + i + "@tenant" + i + ".example")
                .usageLocation("FR")
                .license(e4);
            microsoft.directory().subscribedSku(tenant, "ENTERPRISEWITHSCAL", e4, 5, "Enabled");
        }
        Files.write(dir.resolve("tenants.csv"), rows);
        Path secret = Files.writeString(dir.resolve("secret.txt"), "kill-and-resume-secret\n");
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(microsoft);
            server.start(InetAddress.getByName("127.0.0.1"), 0);
            String local = "http://127.0.0.1:" + server.getPort();
            List<String> command = List.of("inventory", "--tenants=tenants.csv", "--output=live", "--gateway=graph",
                    "--graph.client-id=e4-upgrade-test", "--graph.base-url=" + local + "/v1.0",
                    "--graph.authority=" + local, "--graph.client-secret-file=" + secret);

            // when: halted (as by kill -9) right after its first chunk committed, then
            // run again
            ChildJvm.Finished halted = ChildJvm.in(dir)
                .with(Hooks.haltingAfterCommitOf("inventoryRead", 1))
                .arguments(command)
                .run();
            int readBeforeTheResume = microsoft.directory().userQueries().size();
            ChildJvm.Finished resumed = ChildJvm.in(dir).arguments(command).run();

            // then
            assertThat(halted.exitCode()).as("%s", halted).isEqualTo(ChildJvm.KILLED);
            assertThat(readBeforeTheResume).isEqualTo(32);
            assertThat(resumed.exitCode()).as("%s", resumed).isEqualTo(ExitCode.COMPLETED.code());
            assertThat(resumed.stdout()).contains(": COMPLETED").contains("Users          " + TENANTS + " holding");
            assertThat(microsoft.directory().userQueries()).as("each tenant read once").hasSize(TENANTS);
            List<String> users = Files.readAllLines(dir.resolve("live/users.csv"));
            assertThat(users.subList(1, users.size())).hasSize(TENANTS).doesNotHaveDuplicates();
            List<String> tenants = Files.readAllLines(dir.resolve("live/tenants.csv"));
            assertThat(tenants.get(0)).isEqualTo("tenant_id,source_sku,target_sku,subscription_id,licenses,"
                    + "plans_for_product,target_subscription_id,target_licenses,target_status");
            assertThat(tenants.subList(1, tenants.size())).hasSize(TENANTS)
                .doesNotHaveDuplicates()
                .allMatch(line -> line.endsWith(",ENTERPRISEWITHSCAL,SPE_E5,,5,1,,0,PENDING"));
            assertThat(Files.readString(dir.resolve("live/users.csv")).toLowerCase(Locale.ROOT))
                .doesNotContain("kill-and-resume-secret");

            // and: the same command after a completed inventory reads the tenants again
            ChildJvm.Finished again = ChildJvm.in(dir).arguments(command).run();
            assertThat(again.exitCode()).isZero();
            assertThat(microsoft.directory().userQueries()).hasSize(2 * TENANTS);
        }
    }

    @Test
    void withoutGraphTheInventoryCannotStart(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("tenants.csv"), List.of("tenant_id", "00000001-0000-4000-8000-000000000000"));
        ChildJvm.Finished run = ChildJvm.in(dir).arguments("inventory", "--tenants=tenants.csv", "--output=live").run();
        assertThat(run.exitCode()).isEqualTo(ExitCode.CANNOT_START.code());
        assertThat(run.stderrLines()).singleElement().asString().contains("--gateway=graph");
    }

}
