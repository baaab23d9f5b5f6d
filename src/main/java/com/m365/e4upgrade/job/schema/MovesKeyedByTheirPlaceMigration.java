package com.m365.e4upgrade.job.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.api.migration.Context;

import org.springframework.stereotype.Component;

/**
 * Version 8 of the schema (issue 15): a move ({@code e4_reassignment}) is keyed by its
 * user's place in the files, {@code (migration_id, tenant_line, user_line)}, instead of
 * its ids.
 *
 * <p>
 * Why: the ids are random GUIDs, so each planned move went into that key's index at a
 * random place, and the plan touched and stored pages all over it (about 6.5 of the
 * plan's 22 s at a million users on H2). The plan writes moves in file order, so the new
 * key only grows at its end; it is the order reassignments.csv is written in, so it also
 * replaces the index kept for that; and it is as unique as the ids, since each user has
 * one line.
 *
 * <p>
 * Why Java and not SQL: the key is changed in place, so the table keeps the privileges a
 * DBA granted the job's role on it (a rebuilt table would not), and H2 and PostgreSQL
 * name a primary key differently: its name is read from the database. Each step checks
 * whether it is done, because H2 commits each DDL statement: a start killed halfway
 * through this version finishes it at the next start.
 */
@Component
public class MovesKeyedByTheirPlaceMigration extends JobSchemaMigration {

    private static final String TABLE = "e4_reassignment";

    private static final String KEY = "migration_id,tenant_line,user_line";

    public MovesKeyedByTheirPlaceMigration() {
        super("8", "moves keyed by their place in the files");
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        PrimaryKey.change(connection, TABLE, "e4_reassignment_in_the_files", KEY);
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP INDEX IF EXISTS e4_reassignment_in_file_order");
        }
    }

}
