package com.m365.e4upgrade.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.m365.e4upgrade.bench.GraphDataSet;
import com.m365.e4upgrade.bench.QuotaSimulator;
import com.m365.e4upgrade.cli.ExitCode;
import com.m365.e4upgrade.testsupport.ChildJvm;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 11: the quota-aware engine keeps many {@code $batch} calls in flight, several per
 * tenant and several per transaction; killed with SIGKILL while they fly, twice, then run
 * again with the same command, the migration still moves every user exactly once, on the
 * H2 file and on PostgreSQL.
 *
 * <p>
 * Microsoft is the benchmark's quota simulator in this JVM: it keeps each user's licenses
 * across the runs, so a move sent again after a kill is refused there (the user no longer
 * holds E4) and must be settled by the job as the earlier success it is.
 */
@Tag("postgres")
class GraphKillAndResumeFunctionalTests {

    private static final int TENANTS = 12;

    private static final int USERS_PER_TENANT = 100;

    private static final int USERS = TENANTS * USERS_PER_TENANT;

    @TempDir
    private Path work;

    private QuotaSimulator microsoft;

    @AfterEach
    void stopMicrosoft() {
        if (microsoft != null) {
            microsoft.close();
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDatabase.Kind.class)
    void killedTwiceWhileBatchesAreInFlightEveryUserStillMovesExactlyOnce(TestDatabase.Kind kind) throws Exception {
        Path data = work.resolve("data-set");
        GraphDataSet.main(new String[] { "--tenants=" + TENANTS, "--users-per-tenant=" + USERS_PER_TENANT, "--seed=11",
                "--out=" + data });
        // 150 writes/s for the app, 40 per tenant: the moves take about 8 s, long enough
        // to kill them twice with dozens of items in flight
        microsoft = new QuotaSimulator(Map.of("users", data.resolve("users.csv").toString(), "report-dir",
                work.resolve("simulator").toString(), "latency-ms", "250", "per-item-ms", "5", "get-ms", "20",
                "app-tenant-quota", "6000/150", "app-quota", "45000/300", "tenant-quota", "18000/300"));
        int port = microsoft.start(64);
        TestDatabase database = kind.create(work, "graph_kill");
        Path run = work.resolve("run");
        Files.createDirectories(run);
        List<String> command = List.of("--tenants=" + data.resolve("tenants.csv"),
                "--users=" + data.resolve("users.csv"), "--output=out", "--gateway=graph",
                "--graph.client-id=kill-test", "--graph.base-url=http://127.0.0.1:" + port + "/v1.0",
                "--graph.authority=http://127.0.0.1:" + port, "--graph.app-writes-per-second=150",
                "--graph.tenant-writes-per-second=40");
        Map<String, String> secret = Map.of("GRAPH_CLIENT_SECRET", "kill-test-secret");

        for (long movedAtLeast : new long[] { USERS / 4, USERS * 3 / 5 }) {
            ChildJvm child = database.launch(run, command).environment(secret).start();
            awaitAccepted(movedAtLeast, child);
            child.kill();
            assertThat(child.awaitExit().exitCode()).isEqualTo(ChildJvm.KILLED);
        }
        ChildJvm.Finished last = database.launch(run, command).environment(secret).run();

        assertThat(last.exitCode()).as(last.toString()).isEqualTo(ExitCode.COMPLETED.code());
        String source = microsoft.skuId(GraphDataSet.SOURCE);
        String target = microsoft.skuId(GraphDataSet.TARGET);
        Map<String, Set<String>> licenses = microsoft.licensesNow();
        assertThat(licenses).hasSize(USERS);
        assertThat(licenses.values()).allSatisfy(held -> assertThat(held).contains(target).doesNotContain(source));
        Map<String, String> statusOfUser = reassignments(run.resolve("out/reassignments.csv"));
        assertThat(statusOfUser).hasSize(USERS).containsOnlyKeys(licenses.keySet());
        assertThat(statusOfUser.values()).containsOnly("REASSIGNED");
        assertThat(ChildJvm.read(run.resolve("out/summary.json"))).containsPattern("\"REASSIGNED\"\\s*:\\s*" + USERS);
    }

    private void awaitAccepted(long items, ChildJvm child) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (microsoft.accepted() < items) {
            assertThat(child.isAlive()).as("the run ended before " + items + " writes").isTrue();
            assertThat(System.nanoTime()).as("fewer than " + items + " writes in 90 s").isLessThan(deadline);
            ChildJvm.pause(Duration.ofMillis(20));
        }
    }

    /** user_id to status, each user's row once: a second row fails the collection. */
    private static Map<String, String> reassignments(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> rows = lines.subList(1, lines.size());
        Map<String, String> statusOfUser = new HashMap<>();
        for (String row : rows) {
            String[] cells = row.split(",", -1);
            assertThat(statusOfUser.put(cells[1], cells[6])).as("user %s reported twice", cells[1]).isNull();
        }
        return statusOfUser;
    }

}
