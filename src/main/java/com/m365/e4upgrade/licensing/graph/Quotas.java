package com.m365.e4upgrade.licensing.graph;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Microsoft Graph's throttling limits, spent by the job before Microsoft has to enforce
 * them: every call waits here for its share of the app's quota and of its tenant's.
 *
 * <ul>
 * <li>Writes: each {@code assignLicense}, also inside a {@code $batch}, costs one token
 * of the tenant's bucket ({@code --graph.tenant-writes-per-second}, Microsoft's 3,000 per
 * 150 s per app and tenant) and one of the app's ({@code --graph.app-writes-per-second},
 * its 35,000 per 300 s across tenants). The tenant's is paid first, so the app's tokens
 * go to calls that can leave.</li>
 * <li>Reads: resource units, the tenant's ({@code --graph.tenant-read-units-per-second},
 * the smallest tenant's 3,500 per 10 s) and the app's
 * ({@code --graph.app-read-units-per-second}, 150,000 per 20 s).</li>
 * <li>A 429 holds the bucket its {@code x-ms-throttle-scope} names (the tenant's when it
 * names none) until its {@code Retry-After}; an {@code x-ms-throttle-limit-percentage} of
 * 0.8 or more slows that bucket down ({@link QuotaBucket}). Both say that something else
 * spends the quota too: the tenant's limit across apps is shared with the admins' other
 * tools.</li>
 * </ul>
 *
 * Thread-safe: every call of the run goes through one instance.
 */
final class Quotas {

    /**
     * A tenant's bucket holds 3 s of its rate: two or three batches, enough to make up
     * for the pause between two chunks of a tenant (the slowest call, then the commit).
     */
    static final double TENANT_BURST_SECONDS = 3;

    /**
     * The app's bucket holds 1 s of its rate: the app's quota is spent evenly over all
     * tenants.
     */
    static final double APP_BURST_SECONDS = 1;

    private static final long MILLISECOND = 1_000_000;

    private final GraphProperties settings;

    private final LongSupplier nanoTime;

    private final Pause pause;

    private final GraphStatistics statistics;

    private final QuotaBucket appWrites;

    private final QuotaBucket appReads;

    private final ConcurrentMap<String, QuotaBucket> tenantWrites = new ConcurrentHashMap<>();

    private final ConcurrentMap<String, QuotaBucket> tenantReads = new ConcurrentHashMap<>();

    Quotas(GraphProperties settings, LongSupplier nanoTime, Pause pause, GraphStatistics statistics) {
        this.settings = settings;
        this.nanoTime = nanoTime;
        this.pause = pause;
        this.statistics = statistics;
        long now = nanoTime.getAsLong();
        this.appWrites = new QuotaBucket(settings.appWritesPerSecond(), APP_BURST_SECONDS, now);
        this.appReads = new QuotaBucket(settings.appReadUnitsPerSecond(), APP_BURST_SECONDS, now);
    }

    /** Waits until {@code items} writes in the tenant may leave. */
    void awaitWrites(String tenantId, int items) throws InterruptedException {
        await(tenantWrites(tenantId), items);
        await(appWrites, items);
    }

    /** Waits until a read costing {@code units} resource units may leave. */
    void awaitReads(String tenantId, int units) throws InterruptedException {
        await(tenantReads(tenantId), units);
        await(appReads, units);
    }

    /**
     * A 429 on a write: the bucket of the scope Microsoft named waits its Retry-After.
     */
    void throttledWrite(String tenantId, String scope, Duration retryAfter) {
        bucketOfScope(scope, appWrites, tenantWrites(tenantId)).holdUntil(nanoTime.getAsLong() + retryAfter.toNanos());
    }

    /** A 429 on a read. */
    void throttledRead(String tenantId, String scope, Duration retryAfter) {
        bucketOfScope(scope, appReads, tenantReads(tenantId)).holdUntil(nanoTime.getAsLong() + retryAfter.toNanos());
    }

    /** A write's answer said a limit is at least 80 % used. */
    void warnedWrite(String tenantId, String scope) {
        bucketOfScope(scope, appWrites, tenantWrites(tenantId)).warned(nanoTime.getAsLong());
        statistics.warnedOnce();
    }

    /** A read's answer said a limit is at least 80 % used. */
    void warnedRead(String tenantId, String scope) {
        bucketOfScope(scope, appReads, tenantReads(tenantId)).warned(nanoTime.getAsLong());
        statistics.warnedOnce();
    }

    /**
     * {@code Application/...} is the app's limit across tenants; {@code Tenant/...} and
     * {@code Tenant_Application/...} are limits within the tenant, which the job meets
     * through the tenant's bucket.
     */
    private static QuotaBucket bucketOfScope(String scope, QuotaBucket app, QuotaBucket tenant) {
        String name = scope == null ? "" : scope.strip().toLowerCase(Locale.ROOT);
        return name.startsWith("application") ? app : tenant;
    }

    private QuotaBucket tenantWrites(String tenantId) {
        return tenantWrites.computeIfAbsent(tenantId, tenant -> new QuotaBucket(settings.tenantWritesPerSecond(),
                TENANT_BURST_SECONDS, nanoTime.getAsLong()));
    }

    private QuotaBucket tenantReads(String tenantId) {
        return tenantReads.computeIfAbsent(tenantId, tenant -> new QuotaBucket(settings.tenantReadUnitsPerSecond(),
                TENANT_BURST_SECONDS, nanoTime.getAsLong()));
    }

    private void await(QuotaBucket bucket, double amount) throws InterruptedException {
        long now = nanoTime.getAsLong();
        long wait = bucket.reserve(amount, now) - now;
        // under a millisecond the schedule is kept as well by sending at once
        if (wait >= MILLISECOND) {
            statistics.waitedForQuota(wait);
            pause.pause(Duration.ofNanos(wait));
        }
    }

}
