package com.m365.e4upgrade.console.runs;

import javax.sql.DataSource;

import com.m365.e4upgrade.batch.ProgressReporter;
import com.m365.e4upgrade.batch.RunControl;
import com.m365.e4upgrade.licensing.SkuCatalog;
import com.m365.e4upgrade.reassignment.PlanRepository;
import com.m365.e4upgrade.reports.SummaryQueries;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The console's runs and reads, present only when {@code serve} starts it. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("console.enabled")
@EnableConfigurationProperties(ConsoleSettings.class)
public class ConsoleRunsConfiguration {

    @Bean
    public ConsoleRepository consoleRepository(NamedParameterJdbcTemplate jdbc) {
        return new ConsoleRepository(jdbc);
    }

    @Bean
    public MigrationQueries migrationQueries(NamedParameterJdbcTemplate jdbc, MessageSource messages,
            SkuCatalog catalog, PlanRepository plan) {
        return new MigrationQueries(jdbc, messages, catalog, plan);
    }

    @Bean
    public UploadStore uploadStore(ConsoleSettings settings) {
        return new UploadStore(settings.uploads());
    }

    @Bean
    public MigrationRuns migrationRuns(JobRepository repository, Job job, RunControl runControl, DataSource dataSource,
            ConsoleRepository console, ConsoleSettings settings) throws Exception {
        return new MigrationRuns(repository, job, runControl, dataSource, console, settings);
    }

    @Bean
    public MigrationViews migrationViews(JobRepository repository, Job job, ProgressReporter progress,
            NamedParameterJdbcTemplate jdbc, MigrationQueries queries, ConsoleRepository console, MigrationRuns runs) {
        return new MigrationViews(repository, job, progress, new SummaryQueries(jdbc), queries, console, runs);
    }

    @Bean
    public ProgressSampler progressSampler(MigrationRuns runs, MigrationQueries queries, ConsoleRepository console) {
        return new ProgressSampler(runs, queries, console);
    }

}
