package com.m365.e4upgrade.licensing.graph;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QuotasTests {

    private static final String TENANT = "tenant-a";

    private static final String OTHER = "tenant-b";

    private final AtomicLong now = new AtomicLong();

    private final RecordingPause pause = new RecordingPause();

    private final GraphStatistics statistics = new GraphStatistics(now::get);

    /** 20 writes/s per tenant, 30 per app: three tenants would exceed the app's. */
    private final Quotas quotas = new Quotas(settings(30, 20), now::get, pause, statistics);

    @Test
    void aTenantWaitsForItsOwnQuota() throws InterruptedException {
        for (int batch = 0; batch < 4; batch++) {
            quotas.awaitWrites(TENANT, 20);
        }
        // 3 s of 20/s leave at once, the 4th batch a second later
        assertThat(pause.waits()).containsExactly(Duration.ofSeconds(1));
        assertThat(statistics.counters()).containsEntry("quotaWaitMillis", 1000L);
    }

    @Test
    void tenantsTogetherWaitForTheAppsQuota() throws InterruptedException {
        quotas.awaitWrites(TENANT, 60);
        quotas.awaitWrites(OTHER, 60);
        // the app holds 90 (3 s of 30/s): the other tenant's 60 wait for 30 more
        assertThat(pause.waits()).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void aThrottledTenantHoldsOnlyItsOwnCalls() throws InterruptedException {
        quotas.throttledWrite(TENANT, "Tenant_Application/ReadWrite/app/tenant-a", Duration.ofSeconds(7));

        quotas.awaitWrites(OTHER, 1);
        assertThat(pause.waits()).isEmpty();
        quotas.awaitWrites(TENANT, 1);
        assertThat(pause.waits()).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void anApplicationScopeHoldsEveryTenant() throws InterruptedException {
        quotas.throttledWrite(TENANT, "Application/ReadWrite/app", Duration.ofSeconds(4));

        quotas.awaitWrites(OTHER, 1);
        assertThat(pause.waits()).containsExactly(Duration.ofSeconds(4));
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
        for (int batch = 0; batch < 4; batch++) {
            quotas.awaitWrites(TENANT, 18);
        }
        // the bucket's 60 leave at once; the 12 more of the 4th batch take 12/18 s, not
        // 12/20
        assertThat(pause.waits()).containsExactly(Duration.ofNanos(666_666_667));
        assertThat(statistics.counters()).containsEntry("limitWarnings", 1L);
    }

    private static GraphProperties settings(double appWrites, double tenantWrites) {
        return new GraphProperties(URI.create("https://graph.example/v1.0"), URI.create("https://login.example"), "app",
                Secret.of("s"), null, 3, Duration.ofMillis(2), Duration.ofMillis(20), 4, Duration.ofSeconds(5), 8, 16,
                appWrites, tenantWrites, 7500, 350);
    }

}
