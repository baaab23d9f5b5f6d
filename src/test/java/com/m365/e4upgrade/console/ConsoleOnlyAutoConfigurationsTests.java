package com.m365.e4upgrade.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.mock.env.MockEnvironment;

/**
 * The auto-configurations of this very classpath (the jar's dependencies) that a batch
 * command starts, and those only the console starts.
 */
class ConsoleOnlyAutoConfigurationsTests {

    private static final List<String> CANDIDATES = ImportCandidates
        .load(AutoConfiguration.class, ConsoleOnlyAutoConfigurationsTests.class.getClassLoader())
        .getCandidates();

    @Nested
    class ForTheMigrationRollbackAndInventoryCommands {

        private final List<String> started = startedWith(new MockEnvironment());

        @Test
        void theDatabaseFlywayBatchAndTransactionsStart() {
            assertThat(started).contains("org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                    "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
                    "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
                    "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
                    "org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration",
                    "org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration",
                    "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
                    "org.springframework.boot.autoconfigure.context.MessageSourceAutoConfiguration");
        }

        @Test
        void nothingOfTheWebServerSecurityPagesActuatorMetricsOrObservationStarts() {
            assertThat(started).noneMatch(name -> name.matches(
                    ".*\\.(tomcat|servlet|webmvc|security|thymeleaf|actuate|health|micrometer|metrics|observation|jackson)\\..*"));
            assertThat(CANDIDATES).contains("org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration",
                    "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
                    "org.springframework.boot.batch.autoconfigure.observation.BatchObservationAutoConfiguration",
                    "org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration");
        }

        @Test
        void aThirdOfTheCandidatesAtLeastIsLeftOut() {
            assertThat(started.size()).isLessThan(CANDIDATES.size() * 2 / 3);
        }

    }

    @Nested
    class ForTheConsole {

        @Test
        void everyCandidateStarts() {
            assertThat(startedWith(new MockEnvironment().withProperty("console.enabled", "true")))
                .containsExactlyElementsOf(CANDIDATES);
        }

    }

    @Test
    void isTheFilterBootLoadsAndRunsBeforeItsOwnClassChecks() {
        List<AutoConfigurationImportFilter> filters = SpringFactoriesLoader
            .loadFactories(AutoConfigurationImportFilter.class, getClass().getClassLoader());
        assertThat(filters.get(0)).isInstanceOf(ConsoleOnlyAutoConfigurations.class);
    }

    private static List<String> startedWith(MockEnvironment environment) {
        ConsoleOnlyAutoConfigurations filter = new ConsoleOnlyAutoConfigurations();
        filter.setEnvironment(environment);
        boolean[] match = filter.match(CANDIDATES.toArray(String[]::new), null);
        List<String> started = new ArrayList<>();
        for (int i = 0; i < match.length; i++) {
            if (match[i]) {
                started.add(CANDIDATES.get(i));
            }
        }
        return started;
    }

}
