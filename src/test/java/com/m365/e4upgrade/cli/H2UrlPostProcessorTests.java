package com.m365.e4upgrade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Spring Boot's own DataSource auto-configuration with the post-processor: the pool gets
 * the safe URL whichever way the URL was given. The pool is only built, never connected.
 */
class H2UrlPostProcessorTests {

    private static final String OPERATORS_FILE = "jdbc:h2:file:/srv/e4/operator";

    private final ApplicationContextRunner boot = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
        .withBean(H2UrlPostProcessor.class);

    @Test
    void aUrlFromTheCommandLineOrAPropertiesFile() {
        boot.withPropertyValues("spring.datasource.url=" + OPERATORS_FILE)
            .run(context -> assertThat(context.getBean(HikariDataSource.class).getJdbcUrl())
                .isEqualTo(OPERATORS_FILE + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"));
    }

    @Test
    void aUrlFromTheEnvironment() {
        boot.withInitializer(context -> context.getEnvironment()
            .getPropertySources()
            .addFirst(new SystemEnvironmentPropertySource("environment",
                    Map.of("SPRING_DATASOURCE_URL", OPERATORS_FILE))))
            .run(context -> assertThat(context.getBean(HikariDataSource.class).getJdbcUrl())
                .isEqualTo(OPERATORS_FILE + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"));
    }

    @Test
    void aUrlGivenToThePoolDirectly() {
        boot.withPropertyValues("spring.datasource.hikari.jdbc-url=" + OPERATORS_FILE + ";WRITE_DELAY=250")
            .run(context -> assertThat(context.getBean(HikariDataSource.class).getJdbcUrl())
                .isEqualTo(OPERATORS_FILE + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE"));
    }

    @Test
    void noUrlAtAll() {
        // Boot picks an embedded in-memory H2 database of its own
        boot.run(context -> assertThat(context.getBean(HikariDataSource.class).getJdbcUrl()).startsWith("jdbc:h2:mem:")
            .contains(";DB_CLOSE_ON_EXIT=FALSE")
            .endsWith(";WRITE_DELAY=0"));
    }

    @Test
    void aContrarySettingIsReplacedWithAWarning() {
        // the logger itself is listened to: what reaches the console depends on who set
        // up logging before
        Logger logger = (Logger) LoggerFactory.getLogger(H2UrlPostProcessor.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            boot.withPropertyValues("spring.datasource.url=" + OPERATORS_FILE + ";DB_CLOSE_ON_EXIT=TRUE")
                .run(context -> assertThat(context.getBean(HikariDataSource.class).getJdbcUrl())
                    .isEqualTo(OPERATORS_FILE + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"));
        }
        finally {
            logger.detachAppender(logged);
        }

        assertThat(logged.list).as("the warnings").singleElement().satisfies(warning -> {
            assertThat(warning.getLevel()).isEqualTo(Level.WARN);
            assertThat(warning.getFormattedMessage())
                .contains("DB_CLOSE_ON_EXIT=TRUE is replaced by DB_CLOSE_ON_EXIT=FALSE")
                .doesNotContain(OPERATORS_FILE);
        });
    }

    @Test
    void aPostgresqlUrlIsLeftAlone() {
        String postgres = "jdbc:postgresql://db.example.internal:5432/e4upgrade?ApplicationName=e4-upgrade";
        boot.withPropertyValues("spring.datasource.url=" + postgres)
            .run(context -> assertThat(context.getBean(HikariDataSource.class).getJdbcUrl()).isEqualTo(postgres));
    }

}
