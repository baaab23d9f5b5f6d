package com.m365.e4upgrade.job.schema;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A table's primary key as the database reports it: H2 and PostgreSQL name it
 * differently, so a version that changes a key reads its name rather than guessing it.
 *
 * @param name the constraint's name
 * @param columns its columns in order and in lower case, separated by commas
 */
record PrimaryKey(String name, String columns) {

    /** The table's primary key; null if it has none. */
    static PrimaryKey of(Connection connection, String table) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        String stored = metadata.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
        String name = null;
        Map<Short, String> columns = new TreeMap<>();
        try (ResultSet keys = metadata.getPrimaryKeys(connection.getCatalog(), connection.getSchema(), stored)) {
            while (keys.next()) {
                name = keys.getString("PK_NAME");
                columns.put(keys.getShort("KEY_SEQ"), keys.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return name == null ? null : new PrimaryKey(name, String.join(",", columns.values()));
    }

    /**
     * Keys the table by those columns, in place (the table keeps the privileges granted
     * on it), unless it is keyed so already. Each statement checks whether it is done,
     * since H2 commits each DDL statement: a start killed between the two finishes at the
     * next.
     * @param columns the new key's columns, separated by commas without spaces
     */
    static void change(Connection connection, String table, String constraint, String columns) throws SQLException {
        PrimaryKey key = of(connection, table);
        if (key != null && key.columns().equals(columns)) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            if (key != null) {
                String quote = connection.getMetaData().getIdentifierQuoteString();
                statement.execute("ALTER TABLE " + table + " DROP CONSTRAINT " + quote + key.name() + quote);
            }
            statement.execute("ALTER TABLE " + table + " ADD CONSTRAINT " + constraint + " PRIMARY KEY ("
                    + columns.replace(",", ", ") + ")");
        }
    }

}
