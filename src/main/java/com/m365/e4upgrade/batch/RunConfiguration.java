package com.m365.e4upgrade.batch;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;

import com.m365.e4upgrade.licensing.TransientGatewayException;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.retry.RetryPolicy;

/** How a run behaves over time: when it stops, and how it retries a gateway that falters. */
@Configuration(proxyBeanMethods = false)
public class RunConfiguration {

    @Bean
    public RunControl runControl(@Value("${stop-at:}") String stopAt) {
        return new RunControl(Clock.systemDefaultZone(), stopAt.isBlank() ? null : LocalTime.parse(stopAt));
    }

    /**
     * Transient gateway failures (timeouts, throttling) are retried with exponential backoff and
     * jitter, a bounded number of times; past that the chunk fails and the run ends with exit 1, to
     * be resumed later. Nothing else is retried, and a retried chunk is the same chunk: its moves
     * are idempotent and only PLANNED rows change.
     */
    @Bean
    public RetryPolicy gatewayRetryPolicy(@Value("${gateway.retries:5}") long retries,
            @Value("${gateway.retry-delay:1s}") Duration delay,
            @Value("${gateway.retry-max-delay:60s}") Duration maxDelay) {
        return RetryPolicy.builder()
                .includes(TransientGatewayException.class)
                .maxRetries(retries)
                .delay(delay)
                .multiplier(2)
                .jitter(delay.dividedBy(2))
                .maxDelay(maxDelay)
                .build();
    }
}
