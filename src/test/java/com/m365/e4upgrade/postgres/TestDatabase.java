package com.m365.e4upgrade.postgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.m365.e4upgrade.testsupport.ChildJvm;
import com.m365.e4upgrade.testsupport.JobDatabase;

/**
 * The database a test points the job at, the way an operator does: options of the command
 * line (and, for PostgreSQL, the password in the environment, as jobs/e4-upgrade.sh hands
 * it over).
 */
public sealed interface TestDatabase extends JobDatabase permits TestDatabase.H2File, TestDatabase.Postgres {

    /** The options that name the database; the password is not among them. */
    List<String> options();

    /**
     * What a child JVM gets in its environment besides (the password, as the launcher
     * passes it).
     */
    Map<String, String> environment();

    /**
     * The options with the password too, for a run inside the test JVM (which has no such
     * environment).
     */
    List<String> optionsWithPassword();

    /**
     * The job's command in a child JVM in this working directory, on this database as an
     * operator points it there.
     */
    default ChildJvm.Launch launch(Path workDir, List<String> command) {
        return ChildJvm.in(workDir).arguments(command).arguments(options()).environment(environment());
    }

    /** Users whose move has committed so far. */
    default long moved() {
        return use(db -> JobDatabase.single(db, "SELECT COUNT(*) FROM e4_reassignment WHERE status = 'REASSIGNED'"));
    }

    /**
     * Waits while a run moves users (on PostgreSQL, which others may read while a run
     * goes on).
     */
    default void awaitMoved(long users) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (moved() < users) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + users + " users moved within a minute");
            }
            ChildJvm.pause(Duration.ofMillis(50));
        }
    }

    /**
     * The two databases the job runs on; the PostgreSQL server starts only for a test
     * that uses it.
     */
    enum Kind {

        H2_FILE("H2 file"), POSTGRESQL("PostgreSQL");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /**
         * A new, empty database: an H2 file under the test's directory, or a database of
         * the shared server.
         */
        TestDatabase create(Path work, String hint) {
            return this == H2_FILE ? new H2File(work) : PostgresServer.shared().createDatabase(hint);
        }

        @Override
        public String toString() {
            return label;
        }

    }

    /** The embedded default: an H2 file, here under the test's own directory. */
    record H2File(Path directory) implements TestDatabase {

        public String url() {
            // the shipped default's settings, in the test's directory
            return "jdbc:h2:file:" + directory.resolve("data/e4-upgrade").toAbsolutePath()
                    + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        }

        @Override
        public List<String> options() {
            return List.of("--spring.datasource.url=" + url());
        }

        @Override
        public Map<String, String> environment() {
            return Map.of();
        }

        @Override
        public List<String> optionsWithPassword() {
            return options();
        }

        @Override
        public Connection connect() throws SQLException {
            // IFEXISTS: a wrong path fails instead of creating an empty database
            return DriverManager.getConnection(url() + ";IFEXISTS=TRUE", "sa", "");
        }

        @Override
        public String toString() {
            return "H2 file";
        }
    }

    /** A database of a real PostgreSQL server, owned by the job's role. */
    record Postgres(PostgresServer server, String name) implements TestDatabase {

        public String url() {
            return server.jdbcUrl(name);
        }

        @Override
        public List<String> options() {
            return List.of("--spring.datasource.url=" + url(),
                    "--spring.datasource.username=" + PostgresServer.JOB_ROLE);
        }

        @Override
        public Map<String, String> environment() {
            return Map.of("SPRING_DATASOURCE_PASSWORD", PostgresServer.JOB_PASSWORD);
        }

        @Override
        public List<String> optionsWithPassword() {
            return List.of("--spring.datasource.url=" + url(),
                    "--spring.datasource.username=" + PostgresServer.JOB_ROLE,
                    "--spring.datasource.password=" + PostgresServer.JOB_PASSWORD);
        }

        @Override
        public Connection connect() throws SQLException {
            return server.superuser(name).getConnection();
        }

        @Override
        public String toString() {
            return "PostgreSQL";
        }
    }

}
