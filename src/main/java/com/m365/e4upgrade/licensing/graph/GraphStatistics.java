package com.m365.e4upgrade.licensing.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What the Graph gateway did over the run, for summary.json. Shared by every call in
 * flight, hence atomic counters rather than a lock.
 */
final class GraphStatistics {

    private static final long NO_WRITE_YET = Long.MIN_VALUE;

    private final LongSupplier nanoTime;

    private final AtomicLong requestsSent = new AtomicLong();

    private final AtomicLong retries = new AtomicLong();

    private final AtomicLong throttled = new AtomicLong();

    private final AtomicLong tokenRequests = new AtomicLong();

    private final AtomicLong warnings = new AtomicLong();

    private final AtomicLong quotaWaitNanos = new AtomicLong();

    private final AtomicLong writesAccepted = new AtomicLong();

    private final AtomicLong firstWriteSent = new AtomicLong(NO_WRITE_YET);

    private final AtomicLong lastWriteAnswered = new AtomicLong(NO_WRITE_YET);

    GraphStatistics() {
        this(System::nanoTime);
    }

    GraphStatistics(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * HTTP requests sent to Microsoft Graph, first sends and resends alike
     * ({@code $batch} counts as one).
     */
    long requestsSent() {
        return requestsSent.get();
    }

    /**
     * Resends after a throttled, unavailable or failed call (a whole call or some items
     * of a {@code $batch}).
     */
    long retries() {
        return retries.get();
    }

    /** 429 answers: on a whole call, or on one item of a {@code $batch}. */
    long throttled() {
        return throttled.get();
    }

    /** Access tokens requested from Entra ID (one per tenant, plus refreshes). */
    long tokenRequests() {
        return tokenRequests.get();
    }

    /** The counters by name, in the order summary.json shows them. */
    Map<String, Long> counters() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("requestsSent", requestsSent());
        counters.put("retries", retries());
        counters.put("throttled", throttled());
        counters.put("tokenRequests", tokenRequests());
        counters.put("writesAccepted", writesAccepted.get());
        counters.put("limitWarnings", warnings.get());
        counters.put("quotaWaitMillis", quotaWaitNanos.get() / 1_000_000);
        return Collections.unmodifiableMap(counters);
    }

    /**
     * Accepted writes per second from the first {@code $batch} sent to the last answered
     * in this process, or 0 before any.
     */
    double writesPerSecond() {
        long first = firstWriteSent.get();
        long last = lastWriteAnswered.get();
        if (first == NO_WRITE_YET || last == NO_WRITE_YET || last <= first) {
            return 0;
        }
        return writesAccepted.get() * 1e9 / (last - first);
    }

    void requestSent() {
        requestsSent.incrementAndGet();
    }

    void retried() {
        retries.incrementAndGet();
    }

    void throttledOnce() {
        throttled.incrementAndGet();
    }

    void tokenRequested() {
        tokenRequests.incrementAndGet();
    }

    /** An answer said that a limit is 80 % used or more. */
    void warnedOnce() {
        warnings.incrementAndGet();
    }

    /**
     * A call waited for its quota; summed over the calls in flight, so it may exceed the
     * run's time.
     */
    void waitedForQuota(long nanos) {
        quotaWaitNanos.addAndGet(nanos);
    }

    /** A {@code $batch} of writes leaves. */
    void writesSent() {
        firstWriteSent.compareAndSet(NO_WRITE_YET, nanoTime.getAsLong());
    }

    /** A {@code $batch} answered, {@code accepted} of its items with 2xx. */
    void writesAnswered(int accepted) {
        writesAccepted.addAndGet(accepted);
        lastWriteAnswered.accumulateAndGet(nanoTime.getAsLong(), Math::max);
    }

}
