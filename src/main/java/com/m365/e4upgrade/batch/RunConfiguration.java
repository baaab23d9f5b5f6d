package com.m365.e4upgrade.batch;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * When a run stops: at --stop-at, or on SIGTERM, at a chunk boundary; how often it says
 * how far it got (--progress-interval); and when a step's context is written
 * ({@link ContextWrittenWhenChanged}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RunSettings.class)
public class RunConfiguration {

    /** Static: a post-processor is made before the beans it processes. */
    @Bean
    public static ContextWrittenWhenChanged contextWrittenWhenChanged() {
        return new ContextWrittenWhenChanged();
    }

    @Bean
    public RunControl runControl(RunSettings settings) {
        return new RunControl(Clock.systemDefaultZone(), settings.stopAt());
    }

    @Bean
    public ProgressReporter progressReporter(RunSettings settings) {
        return new ProgressReporter(settings.progressInterval());
    }

}
