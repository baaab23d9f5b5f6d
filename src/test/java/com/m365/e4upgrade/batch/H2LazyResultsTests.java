package com.m365.e4upgrade.batch;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pool of one connection, so that the connection a reader gives back is the one the
 * next user of the pool takes.
 */
class H2LazyResultsTests {

    private HikariDataSource pool;

    @BeforeEach
    void aPoolOfOneConnection() throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:lazy-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        config.setUsername("sa");
        config.setMaximumPoolSize(1);
        this.pool = new HikariDataSource(config);
        try (Connection connection = this.pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE numbers (n INT PRIMARY KEY) AS SELECT X FROM SYSTEM_RANGE(1, 5000)");
        }
    }

    @AfterEach
    void closePool() {
        this.pool.close();
    }

    @Test
    void aReadersConnectionStreamsItsRowsAndGoesBackToThePoolAsItCame() throws SQLException {
        DataSource readers = H2LazyResults.of(this.pool);
        List<Integer> read = new ArrayList<>();
        try (Connection connection = readers.getConnection()) {
            assertThat(lazy(connection)).as("while the reader holds it").isTrue();
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT n FROM numbers ORDER BY n")) {
                while (rows.next()) {
                    read.add(rows.getInt(1));
                }
            }
        }
        assertThat(read).hasSize(5000).isSorted().startsWith(1).endsWith(5000);
        try (Connection next = this.pool.getConnection()) {
            assertThat(lazy(next)).as("the pool's next user").isFalse();
        }
    }

    @Test
    void closingTwiceDoesNothingTheSecondTime() throws SQLException {
        Connection connection = H2LazyResults.of(this.pool).getConnection();
        connection.close();
        connection.close();
        assertThat(connection.isClosed()).isTrue();
        try (Connection next = this.pool.getConnection()) {
            assertThat(lazy(next)).isFalse();
        }
    }

    private static boolean lazy(Connection connection) throws SQLException {
        return ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession()).isLazyQueryExecution();
    }

}
