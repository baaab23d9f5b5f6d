package com.m365.e4upgrade.console;

import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Spring Boot's auto-configurations that only the console uses (web server, Spring MVC,
 * Spring Security, Thymeleaf, Actuator with its health and metrics, the JSON of the API)
 * are left out of every other command's context, unless {@code console.enabled} is set,
 * as {@code serve} sets it. The migration, rollback and inventory commands serve no
 * request, yet they parsed, conditioned and partly started 92 of the 120
 * auto-configurations of the jar before their first step (README, "Start-up and
 * shutdown"). Without a {@code MeterRegistry} the job's meters go to Micrometer's global
 * registry (before, to a Prometheus registry nothing could scrape), and Spring Batch's
 * observation of every item read, processed and written becomes a no-op.
 * <p>
 * Filtered by package name, before Boot's own filter loads the classes its conditions
 * name: a module of the console (whole), or the health, metrics and observation part of a
 * module the batch commands use (the pool's metrics, the database's health, the Batch
 * observation).
 */
public final class ConsoleOnlyAutoConfigurations implements AutoConfigurationImportFilter, EnvironmentAware, Ordered {

    static final String CONSOLE_ENABLED = "console.enabled";

    private static final List<String> CONSOLE_MODULES = List.of("org.springframework.boot.actuate.",
            "org.springframework.boot.health.", "org.springframework.boot.micrometer.",
            "org.springframework.boot.security.", "org.springframework.boot.servlet.",
            "org.springframework.boot.tomcat.", "org.springframework.boot.webmvc.",
            "org.springframework.boot.thymeleaf.", "org.springframework.boot.http.converter.",
            "org.springframework.boot.jackson.");

    private static final List<String> CONSOLE_PARTS = List.of(".health.", ".metrics.", ".observation.");

    private boolean console;

    @Override
    public void setEnvironment(Environment environment) {
        this.console = environment.getProperty(CONSOLE_ENABLED, Boolean.class, false);
    }

    /**
     * First, so that Boot's own filter does not load the classes its conditions name for
     * auto-configurations that are left out anyway.
     */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean[] match = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < match.length; i++) {
            String name = autoConfigurationClasses[i];
            match[i] = this.console || name == null || !isConsoleOnly(name);
        }
        return match;
    }

    static boolean isConsoleOnly(String autoConfiguration) {
        return CONSOLE_MODULES.stream().anyMatch(autoConfiguration::startsWith)
                || (autoConfiguration.startsWith("org.springframework.boot.")
                        && CONSOLE_PARTS.stream().anyMatch(autoConfiguration::contains));
    }

}
