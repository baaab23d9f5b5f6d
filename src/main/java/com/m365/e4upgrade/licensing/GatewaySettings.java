package com.m365.e4upgrade.licensing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How every gateway's transient failures are retried ({@code --gateway.retries},
 * {@code --gateway.retry-delay}, {@code --gateway.retry-max-delay}); which gateway runs is
 * {@code --gateway} itself, read by each gateway's own conditional configuration.
 */
@ConfigurationProperties("gateway")
public record GatewaySettings(@DefaultValue("5") int retries, @DefaultValue("1s") Duration retryDelay,
        @DefaultValue("60s") Duration retryMaxDelay) {

    public GatewaySettings {
        if (retries < 0) {
            throw new IllegalArgumentException("--gateway.retries=" + retries + ": expected 0 or more");
        }
        if (retryDelay.isNegative() || retryDelay.isZero()) {
            throw new IllegalArgumentException("--gateway.retry-delay=" + retryDelay + ": expected a positive duration");
        }
        if (retryMaxDelay.compareTo(retryDelay) < 0) {
            throw new IllegalArgumentException("--gateway.retry-max-delay=" + retryMaxDelay
                    + ": expected at least --gateway.retry-delay (" + retryDelay + ")");
        }
    }
}
