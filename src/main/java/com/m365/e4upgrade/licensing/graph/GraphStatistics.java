package com.m365.e4upgrade.licensing.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the Graph gateway did over the run, for summary.json. Shared by every reassign
 * partition, hence atomic counters rather than a lock.
 */
final class GraphStatistics {

    private final AtomicLong requestsSent = new AtomicLong();

    private final AtomicLong retries = new AtomicLong();

    private final AtomicLong throttled = new AtomicLong();

    private final AtomicLong tokenRequests = new AtomicLong();

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

    /** The counters at one moment, as plain values. */
    Snapshot snapshot() {
        return new Snapshot(requestsSent(), retries(), throttled(), tokenRequests());
    }

    /** The counters at one moment by name, in the order summary.json shows them. */
    Map<String, Long> counters() {
        Snapshot now = snapshot();
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("requestsSent", now.requestsSent());
        counters.put("retries", now.retries());
        counters.put("throttled", now.throttled());
        counters.put("tokenRequests", now.tokenRequests());
        return Collections.unmodifiableMap(counters);
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

    record Snapshot(long requestsSent, long retries, long throttled, long tokenRequests) {
    }

}
