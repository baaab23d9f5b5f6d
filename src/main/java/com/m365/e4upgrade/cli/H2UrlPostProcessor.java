package com.m365.e4upgrade.cli;

import java.util.Objects;
import java.util.function.Consumer;

import com.zaxxer.hikari.HikariDataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.stereotype.Component;

/**
 * Applies {@link H2UrlSettings} where Spring Boot builds the job's DataSource, so the URL
 * is safe whichever source gave it: command line, environment, properties file or Boot's
 * own embedded default. Two hooks, both after initialization (the
 * {@code @ConfigurationProperties} binding is done by then, and the pool has not opened a
 * connection yet):
 * <ul>
 * <li>{@link DataSourceProperties}, {@code spring.datasource.*}: the URL every pool type
 * is built from;</li>
 * <li>the {@link HikariDataSource} itself: {@code spring.datasource.hikari.jdbc-url} is
 * bound straight onto the pool, after it was built from DataSourceProperties, and a URL
 * Boot chose itself (no URL configured: an embedded database) only shows here.</li>
 * </ul>
 * The rewriting gives the same URL back when it is already safe, so the second hook
 * changes nothing after the first, and warns nothing twice.
 */
@Component
class H2UrlPostProcessor implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(H2UrlPostProcessor.class);

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSourceProperties properties) {
            makeSafe(properties.getUrl(), properties::setUrl);
        }
        else if (bean instanceof HikariDataSource pool) {
            makeSafe(pool.getJdbcUrl(), pool::setJdbcUrl);
        }
        return bean;
    }

    private static void makeSafe(String url, Consumer<String> setUrl) {
        H2UrlSettings.SafeUrl safe = H2UrlSettings.forTheJob(url);
        // only the replaced settings are logged, never the URL: it may carry a PASSWORD
        // setting
        safe.overridden()
            .forEach(replaced -> log.warn("The H2 URL's {} is replaced by {}: {}", replaced.given(), replaced.applied(),
                    replaced.why()));
        if (!Objects.equals(safe.url(), url)) {
            setUrl.accept(safe.url());
        }
    }

}
