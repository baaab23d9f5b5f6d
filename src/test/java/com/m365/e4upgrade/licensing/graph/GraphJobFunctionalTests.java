package com.m365.e4upgrade.licensing.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.m365.e4upgrade.job.MigrationRun;

import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole job with {@code --gateway=graph} against a local server playing Entra ID and
 * Graph: every eligible user of the samples moves once, through $batch calls of at most
 * 20 users of one tenant, and E4 is left for the admin to cancel.
 */
@SpringBatchTest
@SpringBootTest(properties = { "spring.datasource.url=jdbc:h2:mem:graphjob;DB_CLOSE_DELAY=-1", "gateway=graph",
        "graph.client-id=e4-upgrade-test", "graph.initial-backoff=2ms", "graph.max-backoff=20ms" })
@ExtendWith(OutputCaptureExtension.class)
class GraphJobFunctionalTests {

    private static final String SECRET = "graph-job-secret-value";

    private static final FakeMicrosoft MICROSOFT = new FakeMicrosoft();

    private static final MockWebServer SERVER = new MockWebServer();

    @DynamicPropertySource
    static void graphOnLocalhost(DynamicPropertyRegistry properties) throws IOException {
        SERVER.setDispatcher(MICROSOFT);
        SERVER.start(InetAddress.getByName("127.0.0.1"), 0);
        Path secret = Files.createTempFile("graph-secret", ".txt");
        Files.writeString(secret, SECRET + "\n");
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
    private JobOperatorTestUtils jobOperator;

    @TempDir
    private Path output;

    @Test
    void movesEveryEligibleUserOnceIn$batchCallsOfAtMost20UsersOfOneTenant(CapturedOutput log) throws Exception {
        // given: every target plan of the samples is active with licenses to spare
        MICROSOFT.subscribedSkus(sku("SPE_E5", "06ebc4ee-1bb5-47dd-8120-11324bc54e06"),
                sku("SPE_E3", "05e9a617-0261-4cee-bb44-138d3ef5d965"),
                sku("ENTERPRISEPACK", "6fd2c87f-b296-42f0-b197-1e91e994b900"),
                sku("ENTERPRISEPREMIUM", "c7df2760-2c81-4ef7-b578-5b5392b571df"));

        // when
        JobExecution execution = jobOperator.startJob(MigrationRun.samples(output));

        // then: the same moves as the embedded gateway makes
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(MigrationRun.lines(output.resolve("reassignments.csv")))
            .containsExactlyElementsOf(MigrationRun.expected("input-samples", "reassignments.csv"));

        // and: nine $batch calls, each of one tenant's users, at most 20, every user
        // exactly once
        Map<String, String> tenantOfUser = Files.readAllLines(MigrationRun.SAMPLES.resolve("users.csv"))
            .stream()
            .map(line -> line.split(","))
            .filter(cells -> cells.length > 1)
            .collect(Collectors.toMap(cells -> cells[1], cells -> cells[0], (first, second) -> first));
        List<RecordedRequest> calls = MICROSOFT.requestsTo("/v1.0/$batch");
        assertThat(calls).hasSize(9);
        Set<String> moved = new HashSet<>();
        for (RecordedRequest call : calls) {
            JsonNode batch = JsonMapper.builder().build().readTree(FakeMicrosoft.bodyOf(call));
            List<String> users = batch.get("requests")
                .valueStream()
                .map(request -> request.get("url").asString())
                .map(url -> url.replaceAll("^/users/([^/]+)/assignLicense$", "$1"))
                .toList();
            assertThat(users).hasSizeBetween(1, 20);
            assertThat(users).extracting(tenantOfUser::get)
                .as("users of the token's tenant only")
                .containsOnly(MICROSOFT.tenantOf(call));
            users.forEach(user -> assertThat(moved.add(user)).as("moved once: " + user).isTrue());
        }
        assertThat(moved).hasSize(43);

        // and: Graph cannot cancel a direct subscription: the admin does it
        assertThat(MigrationRun.lines(output.resolve("cancellations.csv")))
            .filteredOn(line -> line.contains(",CANCELLED,"))
            .isEmpty();
        assertThat(MigrationRun.lines(output.resolve("cancellations.csv")))
            .filteredOn(line -> line.contains(",READY_TO_CANCEL,"))
            .hasSize(4);
        // and: a tenant with a rejected users.csv row (Sakura's duplicate on line 40) is
        // not offered for cancelling
        assertThat(MigrationRun.lines(output.resolve("cancellations.csv")))
            .filteredOn(line -> line.startsWith("cfc3b844-daba-4d6f-ad01-a223d4aebb9e,"))
            .singleElement()
            .asString()
            .contains(",KEPT,1 row of users.csv rejected");

        // and: the secret is nowhere
        String summary = Files.readString(output.resolve("summary.json"));
        assertThat(summary).contains("\"graphRequests\"").contains("\"requestsSent\"").doesNotContain(SECRET);
        assertThat(log.getAll()).doesNotContain(SECRET);
        try (var reports = Files.list(output)) {
            reports.forEach(report -> assertThat(read(report)).doesNotContain(SECRET));
        }
    }

    @Test
    void aTargetGraphShowsInactiveOrTooSmallKeepsTheTenantFromMoving() throws Exception {
        // given: SPE_E3 is not there, ENTERPRISEPACK has 4 free licenses (Sakura needs 5,
        // Trey Research 2)
        MICROSOFT.subscribedSkus(sku("SPE_E5", "06ebc4ee-1bb5-47dd-8120-11324bc54e06"),
                sku("ENTERPRISEPACK", "6fd2c87f-b296-42f0-b197-1e91e994b900", 10, 6),
                sku("ENTERPRISEPREMIUM", "c7df2760-2c81-4ef7-b578-5b5392b571df"));

        // when (a dry run: a migration of its own, deciding with the live answers)
        JobExecution execution = jobOperator.startJob(MigrationRun.samples(output, "--dry-run"));

        // then
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        List<String> eligibility = MigrationRun.lines(output.resolve("eligibility.csv"));
        assertThat(eligibility).filteredOn(line -> line.contains("Société Générale") || line.contains("Trois-Rivières"))
            .hasSize(2)
            .allMatch(line -> line.contains(",RETRY_LATER,TARGET_NOT_ACTIVE"));
        assertThat(eligibility).filteredOn(line -> line.contains("さくら"))
            .singleElement()
            .asString()
            .contains(",ACTION_REQUIRED,TARGET_SEATS_INSUFFICIENT,");
        assertThat(eligibility).filteredOn(line -> line.contains("Trey Research,"))
            .singleElement()
            .asString()
            .contains(",MIGRATE_MANUAL,NOT_ELIGIBLE_FOR_UPGRADE_TAB,");
        assertThat(MigrationRun.lines(output.resolve("cancellations.csv"))).hasSize(1 + 5);
    }

    private static String sku(String partNumber, String skuId) {
        return sku(partNumber, skuId, 1000, 0);
    }

    private static String sku(String partNumber, String skuId, int enabled, int consumed) {
        return """
                {"capabilityStatus":"Enabled","consumedUnits":%d,"skuId":"%s","skuPartNumber":"%s","appliesTo":"User",
                 "prepaidUnits":{"enabled":%d,"suspended":0,"warning":0,"lockedOut":0}}""".formatted(consumed, skuId,
                partNumber, enabled);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
