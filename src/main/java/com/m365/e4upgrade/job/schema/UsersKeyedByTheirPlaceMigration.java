package com.m365.e4upgrade.job.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.api.migration.Context;

import org.springframework.stereotype.Component;

/**
 * Version 11 of the schema (issue 15): a user ({@code e4_user}) is keyed by its place in
 * the files, {@code (migration_id, tenant_line, line_number)}, and is unique by
 * {@code (migration_id, tenant_line, user_id)} instead of its ids.
 *
 * <p>
 * Why: the ids are random GUIDs, so the import put each user into the key's index at a
 * random place, and each move found its user there again, touching pages all over the
 * index. A user's tenant line is as unique as its tenant id (one accepted tenant per
 * line), so the new unique index still finds a user_id stored twice in a tenant; it puts
 * a tenant's users side by side, where the import and the moves, which go tenant by
 * tenant, find them in the pages they have just used. The new key is the order the users
 * are read in, so it replaces the index kept for that. As in version 8
 * ({@link PrimaryKey}), the key is changed in place and each step checks whether it is
 * done.
 */
@Component
public class UsersKeyedByTheirPlaceMigration extends JobSchemaMigration {

    public UsersKeyedByTheirPlaceMigration() {
        super("11", "users keyed by their place in the files");
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            // first, so that no moment is without a check of a user stored twice
            statement.execute("CREATE UNIQUE INDEX IF NOT EXISTS e4_user_in_its_tenant "
                    + "ON e4_user (migration_id, tenant_line, user_id)");
        }
        PrimaryKey.change(connection, "e4_user", "e4_user_in_the_files", "migration_id,tenant_line,line_number");
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP INDEX IF EXISTS e4_user_in_file_order");
        }
    }

}
