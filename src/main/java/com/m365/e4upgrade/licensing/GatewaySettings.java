package com.m365.e4upgrade.licensing;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.Binder;

/**
 * How every gateway's transient failures are retried ({@code --gateway.retries},
 * {@code --gateway.retry-delay}, {@code --gateway.retry-max-delay}).
 *
 * <p>
 * Not a {@code @ConfigurationProperties} record: {@code --gateway} itself names the
 * gateway, and Spring Boot cannot bind an object under a name that also holds a plain
 * value. Each setting is bound on its own instead, by {@link #bind}, the one place they
 * are read (by the command line before the run starts, then by Spring).
 */
public record GatewaySettings(int retries, Duration retryDelay, Duration retryMaxDelay) {

    public GatewaySettings {
        if (retries < 0) {
            throw new IllegalArgumentException("--gateway.retries=" + retries + ": expected 0 or more");
        }
        if (retryDelay.isNegative() || retryDelay.isZero()) {
            throw new IllegalArgumentException(
                    "--gateway.retry-delay=" + retryDelay + ": expected a positive duration");
        }
        if (retryMaxDelay.compareTo(retryDelay) < 0) {
            throw new IllegalArgumentException("--gateway.retry-max-delay=" + retryMaxDelay
                    + ": expected at least --gateway.retry-delay (" + retryDelay + ")");
        }
    }

    /**
     * @throws org.springframework.boot.context.properties.bind.BindException naming a
     * value of the wrong type
     */
    public static GatewaySettings bind(Binder binder) {
        return new GatewaySettings(binder.bind("gateway.retries", Integer.class).orElse(5),
                binder.bind("gateway.retry-delay", Duration.class).orElse(Duration.ofSeconds(1)),
                binder.bind("gateway.retry-max-delay", Duration.class).orElse(Duration.ofSeconds(60)));
    }
}
