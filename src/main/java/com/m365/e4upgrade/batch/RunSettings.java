package com.m365.e4upgrade.batch;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The options that shape a run without naming its migration (those are job parameters),
 * bound once from the command line and the environment: {@code --parallelism},
 * {@code --stop-at}, {@code --sku-catalog}. The command line binds the same record before
 * anything starts, so a bad value is refused with exit 2.
 *
 * @param parallelism write batches in flight at once with a gateway bound by the CPU (the
 * cores by default); each holds two connections, so at most {@link #MAX_PARALLELISM}
 * @param stopAt the local time after which the run stops at the next chunk boundary, or
 * null
 * @param skuCatalog a newer download of Microsoft's SKU table, or null for the bundled
 * one
 * @param progressInterval how often, at least, a running step prints its progress line
 * ({@code --progress-interval}, 10 seconds by default)
 */
@ConfigurationProperties
public record RunSettings(Integer parallelism, LocalTime stopAt, Path skuCatalog, Duration progressInterval) {

    /**
     * PostgreSQL allows 100 connections by default; 32 batches in flight take 2 × 32 + 4.
     */
    public static final int MAX_PARALLELISM = 32;

    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(10);

    public RunSettings {
        if (progressInterval == null) {
            progressInterval = DEFAULT_PROGRESS_INTERVAL;
        }
        if (progressInterval.isNegative() || progressInterval.isZero()) {
            throw new IllegalArgumentException(
                    "--progress-interval=" + progressInterval + ": expected a duration above zero (10s, 500ms)");
        }
        if (parallelism == null) {
            parallelism = Math.min(MAX_PARALLELISM, Runtime.getRuntime().availableProcessors());
        }
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException(
                    "--parallelism=" + parallelism + ": expected a whole number from 1 to " + MAX_PARALLELISM);
        }
    }
}
