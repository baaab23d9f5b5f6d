package com.m365.e4upgrade.batch;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.Retryable;
import org.springframework.stereotype.Component;

/**
 * Every meter of the job in one place, beside Spring Batch's own, for an operator to
 * graph: users moved and skipped, write batches, gateway calls and their latency, retried
 * calls, and the gateway's own counters (throttled items, requests...). They go to the
 * application's {@link MeterRegistry} when there is one (the console's Actuator),
 * otherwise to Micrometer's global registry, which any registry added later also feeds.
 */
@Component
public class JobMetrics {

    public static final String USERS = "e4.users";

    public static final String WRITE_BATCHES = "e4.write.batches";

    public static final String GATEWAY_CALLS = "e4.gateway.calls";

    public static final String GATEWAY_RETRIES = "e4.gateway.retries";

    public static final String GATEWAY_COUNTER = "e4.gateway.counter";

    private final MeterRegistry registry;

    public JobMetrics(ObjectProvider<MeterRegistry> registry) {
        this.registry = registry.getIfAvailable(() -> Metrics.globalRegistry);
    }

    /** Users whose move ended with that status (REASSIGNED, SKIPPED). */
    public void users(String status, long count) {
        Counter.builder(USERS)
            .description("Users whose license move ended, by status")
            .tag("status", status)
            .register(this.registry)
            .increment(count);
    }

    public void writeBatch() {
        Counter.builder(WRITE_BATCHES)
            .description("Write batches sent through the gateway")
            .register(this.registry)
            .increment();
    }

    /** One gateway call (move, cancel, check) and how long it took, failed or not. */
    public void gatewayCall(String operation, Duration took, boolean failed) {
        Timer.builder(GATEWAY_CALLS)
            .description("Gateway calls and their latency")
            .tag("operation", operation)
            .tag("outcome", failed ? "failure" : "success")
            .register(this.registry)
            .record(took);
    }

    /**
     * Publishes a gateway's own counters (for Microsoft Graph: requests sent, throttled
     * items, retried items, token requests), read from it whenever the registry is
     * scraped.
     */
    public void gatewayCounters(Supplier<Map<String, Long>> counters) {
        for (String name : counters.get().keySet()) {
            FunctionCounter.builder(GATEWAY_COUNTER, counters, source -> source.get().getOrDefault(name, 0L))
                .description("The gateway's own counters")
                .tag("name", name)
                .register(this.registry);
        }
    }

    /**
     * Counts the write batches and cancellations a step sends again after a transient
     * failure.
     */
    public RetryListener retries(String step) {
        Counter retried = Counter.builder(GATEWAY_RETRIES)
            .description("Gateway calls retried after a transient failure")
            .tag("step", step)
            .register(this.registry);
        return new RetryListener() {
            @Override
            public void beforeRetry(RetryPolicy retryPolicy, Retryable<?> retryable) {
                retried.increment();
            }
        };
    }

}
