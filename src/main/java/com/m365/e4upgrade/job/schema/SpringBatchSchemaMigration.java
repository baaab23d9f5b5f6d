package com.m365.e4upgrade.job.schema;

import java.sql.Connection;
import java.util.Locale;

import org.flywaydb.core.api.migration.Context;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.stereotype.Component;

/**
 * Version 1 of the schema: the Spring Batch job repository, created from the DDL script
 * that spring-batch-core ships for the database at hand, so H2 and PostgreSQL share one
 * history of versioned migrations and the job's own tables follow it as version 2.
 */
@Component
public class SpringBatchSchemaMigration extends JobSchemaMigration {

    public SpringBatchSchemaMigration() {
        super("1", "Spring Batch job repository");
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        String platform = platformOf(connection.getMetaData().getDatabaseProductName());
        new ResourceDatabasePopulator(
                new ClassPathResource("org/springframework/batch/core/schema-" + platform + ".sql"))
            .populate(connection);
    }

    private static String platformOf(String productName) {
        String name = productName.toLowerCase(Locale.ROOT);
        if (name.contains("h2")) {
            return "h2";
        }
        if (name.contains("postgres")) {
            return "postgresql";
        }
        throw new IllegalStateException("Unsupported database for the job repository: " + productName);
    }

}
