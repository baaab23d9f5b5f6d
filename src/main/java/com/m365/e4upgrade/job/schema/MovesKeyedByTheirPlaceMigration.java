package com.m365.e4upgrade.job.schema;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

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
        PrimaryKey key = primaryKey(connection);
        try (Statement statement = connection.createStatement()) {
            if (key != null && !key.columns().equals(KEY)) {
                String quote = connection.getMetaData().getIdentifierQuoteString();
                statement.execute("ALTER TABLE " + TABLE + " DROP CONSTRAINT " + quote + key.name() + quote);
            }
            if (key == null || !key.columns().equals(KEY)) {
                statement.execute("ALTER TABLE " + TABLE + " ADD CONSTRAINT e4_reassignment_in_the_files "
                        + "PRIMARY KEY (migration_id, tenant_line, user_line)");
            }
            statement.execute("DROP INDEX IF EXISTS e4_reassignment_in_file_order");
        }
    }

    /** The table's primary key, its columns in order and in lower case; null if none. */
    private static PrimaryKey primaryKey(Connection connection) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        String table = metadata.storesUpperCaseIdentifiers() ? TABLE.toUpperCase(Locale.ROOT) : TABLE;
        String name = null;
        Map<Short, String> columns = new TreeMap<>();
        try (ResultSet keys = metadata.getPrimaryKeys(connection.getCatalog(), connection.getSchema(), table)) {
            while (keys.next()) {
                name = keys.getString("PK_NAME");
                columns.put(keys.getShort("KEY_SEQ"), keys.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return name == null ? null : new PrimaryKey(name, String.join(",", columns.values()));
    }

    private record PrimaryKey(String name, String columns) {
    }

}
