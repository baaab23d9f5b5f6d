package com.m365.e4upgrade.licensing;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.retry.RetryPolicy;

/** How the steps that call a gateway retry it when it falters, whichever gateway runs. */
@Configuration(proxyBeanMethods = false)
public class GatewayRetryConfiguration {

    @Bean
    public GatewaySettings gatewaySettings(Environment environment) {
        return GatewaySettings.bind(Binder.get(environment));
    }

    /**
     * Transient gateway failures (timeouts, throttling) are retried with exponential
     * backoff and jitter, a bounded number of times; past that the chunk fails and the
     * run ends with exit 1, to be resumed later. Nothing else is retried, and a retried
     * chunk is the same chunk: its moves are idempotent and stored only when it commits.
     */
    @Bean
    public RetryPolicy gatewayRetryPolicy(GatewaySettings settings) {
        return RetryPolicy.builder()
            .includes(TransientGatewayException.class)
            .maxRetries(settings.retries())
            .delay(settings.retryDelay())
            .multiplier(2)
            .jitter(settings.retryDelay().dividedBy(2))
            .maxDelay(settings.retryMaxDelay())
            .build();
    }

}
