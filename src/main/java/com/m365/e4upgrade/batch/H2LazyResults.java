package com.m365.e4upgrade.batch;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Connections on which H2 produces a query's rows as the cursor fetches them
 * ({@code LAZY_QUERY_EXECUTION}), for the reports, which walk up to a million rows once
 * while nothing else writes. By default H2 collects a whole result when the query opens
 * (in memory up to a limit, then in a temporary file): the moves' report took 8.4 s at a
 * million users, 5.7 s with this. The setting is H2's session's: each connection gets it
 * when it is taken and loses it before it goes back to the pool, where the plan's
 * {@code INSERT ... SELECT} is slower with it (25.1 against 22.1 s at a million users).
 * Any other database's connections are returned as they are.
 */
public final class H2LazyResults {

    private H2LazyResults() {
    }

    public static DataSource of(DataSource dataSource) {
        return new DelegatingDataSource(dataSource) {

            @Override
            public Connection getConnection() throws SQLException {
                return lazy(super.getConnection());
            }

        };
    }

    static Connection lazy(Connection connection) throws SQLException {
        try {
            if (!"H2".equals(connection.getMetaData().getDatabaseProductName())) {
                return connection;
            }
            set(connection, true);
        }
        catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return (Connection) Proxy.newProxyInstance(H2LazyResults.class.getClassLoader(),
                new Class<?>[] { Connection.class }, (proxy, method, arguments) -> {
                    switch (method.getName()) {
                        case "close" -> {
                            // a second close does nothing, as Connection.close says
                            if (!connection.isClosed()) {
                                try {
                                    set(connection, false);
                                }
                                finally {
                                    connection.close();
                                }
                            }
                            return null;
                        }
                        case "equals" -> {
                            return proxy == arguments[0];
                        }
                        case "hashCode" -> {
                            return System.identityHashCode(proxy);
                        }
                        default -> {
                            try {
                                return method.invoke(connection, arguments);
                            }
                            catch (InvocationTargetException e) {
                                throw e.getTargetException();
                            }
                        }
                    }
                });
    }

    private static void set(Connection connection, boolean lazy) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LAZY_QUERY_EXECUTION " + (lazy ? "TRUE" : "FALSE"));
        }
    }

}
