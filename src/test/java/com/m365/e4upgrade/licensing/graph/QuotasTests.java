package com.m365.e4upgrade.licensing.graph;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QuotasTests {

    private static final String TENANT = "tenant-a";

    private static final String OTHER = "tenant-b";

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong();

    /** Notes each wait and lets the time pass. */
    private final List<Duration> waits = new ArrayList<>();

    private final Pause pause = duration -> {
        waits.add(duration);
        now.addAndGet(duration.toNanos());
    };

    private final GraphStatistics statistics = new GraphStatistics(now::get);

    /** 20 writes/s per tenant, 30 per app: two tenants would exceed the app's. */
    private final Quotas quotas = new Quotas(settings(30, 20), now::get, pause, statistics);

    @Test
    void aTenantWaitsForItsOwnQuota() throws InterruptedException {
        quotas.awaitWrites(TENANT, 20);
        quotas.awaitWrites(TENANT, 20);
        // 20/s: each batch of 20 a second after the one before
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(statistics.counters()).containsEntry("quotaWaitMillis", 2000L);
    }

    @Test
    void tenantsTogetherWaitForTheAppsQuota() throws InterruptedException {
        for (int second = 0; second < 10; second++) {
            quotas.awaitWrites(TENANT, 20);
            quotas.awaitWrites(OTHER, 20);
        }
        // each tenant alone would send its 200 in 10 s; together the app's 30/s makes it
        // 13.3 s
        // (and a little more: the second tenant's bucket starts empty a second later)
        assertThat(now.get()).isBetween(400 * SECOND / 30, 14 * SECOND);
    }

    @Test
    void aThrottledTenantHoldsOnlyItsOwnCalls() throws InterruptedException {
        now.set(10 * SECOND);
        quotas.throttledWrite(TENANT, "Tenant_Application/ReadWrite/app/tenant-a", Duration.ofSeconds(7));

        quotas.awaitWrites(OTHER, 20);
        assertThat(now.get()).isEqualTo(11 * SECOND);
        quotas.awaitWrites(TENANT, 20);
        assertThat(now.get()).isEqualTo(17 * SECOND);
    }

    @Test
    void anApplicationScopeHoldsEveryTenant() throws InterruptedException {
        now.set(10 * SECOND);
        quotas.throttledWrite(TENANT, "Application/ReadWrite/app", Duration.ofSeconds(4));

        quotas.awaitWrites(OTHER, 20);
        assertThat(now.get()).isEqualTo(14 * SECOND);
    }

    @Test
    void readsCostTheirResourceUnits() {
        assertThat(GraphHttp.readUnits(URI.create("https://graph/v1.0/subscribedSkus"))).isEqualTo(3);
        assertThat(GraphHttp.readUnits(URI.create("https://graph/v1.0/users?$filter=x"))).isEqualTo(2);
        assertThat(GraphHttp.readUnits(URI.create("https://graph/v1.0/users?$select=id"))).isEqualTo(1);
    }

    @Test
    void aWarningSlowsTheTenantAndIsCounted() throws InterruptedException {
        quotas.warnedWrite(TENANT, null);
        quotas.awaitWrites(TENANT, 18);
        // 18/s now
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
        assertThat(statistics.counters()).containsEntry("limitWarnings", 1L);
    }

    private static GraphProperties settings(double appWrites, double tenantWrites) {
        return new GraphProperties(URI.create("https://graph.example/v1.0"), URI.create("https://login.example"), "app",
                Secret.of("s"), null, 3, Duration.ofMillis(2), Duration.ofMillis(20), 4, Duration.ofSeconds(5), 8, 16,
                appWrites, tenantWrites, 7500, 350);
    }

}
