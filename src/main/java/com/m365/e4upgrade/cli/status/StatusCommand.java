package com.m365.e4upgrade.cli.status;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.m365.e4upgrade.batch.H2Files;
import com.m365.e4upgrade.job.RunSnapshot;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.DefaultApplicationArguments;

import tools.jackson.databind.json.JsonMapper;

/**
 * {@code e4-upgrade status [--migration=ID] [--spring.datasource.url=...]}: the
 * migrations of a database, one line each, and with {@code --migration} the steps of its
 * runs. It never takes the run lock, starts no Spring context, runs no schema migration
 * and creates nothing (H2 is opened with IFEXISTS=TRUE).
 *
 * <p>
 * While a run holds an embedded H2 file, H2's file lock keeps every other process out,
 * this one too: the command then says a run holds the database and shows what that run
 * published beside the file ({@link RunSnapshot}, {@code <database>.status.json}). On
 * PostgreSQL it reads the tables while the run goes, and a run holds the database when a
 * session holds the job's advisory lock.
 */
public final class StatusCommand {

    /** How the command ended, for the launcher to turn into the contract's exit code. */
    public enum Outcome {

        /** Shown (exit 0). */
        SHOWN,
        /** A bad option, no such database or migration (exit 2): nothing shown. */
        CANNOT_START,
        /** The database could not be read (exit 1). */
        FAILED

    }

    public static final String NAME = "status";

    /** H2: another process holds the file. */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    /** H2: no such database, and IFEXISTS=TRUE forbids creating it. */
    private static final int H2_DATABASE_NOT_FOUND_WITH_IF_EXISTS = 90146;

    private static final int H2_DATABASE_NOT_FOUND = 90013;

    /** What a run killed outright leaves its execution marked. */
    private static final List<String> LEFT_RUNNING = List.of("STARTING", "STARTED", "STOPPING");

    private final PrintStream out;

    private final PrintStream err;

    private final long advisoryKey;

    private final Map<String, String> environment;

    /**
     * @param advisoryKey the key of the PostgreSQL advisory lock a run holds
     */
    public StatusCommand(PrintStream out, PrintStream err, long advisoryKey, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.advisoryKey = advisoryKey;
        this.environment = environment;
    }

    /** Whether the command line asks for this command: its first non-option argument. */
    public static boolean isAskedFor(String... args) {
        List<String> words = new DefaultApplicationArguments(args).getNonOptionArgs();
        return !words.isEmpty() && NAME.equals(words.get(0));
    }

    public Outcome run(String... args) {
        ApplicationArguments arguments = new DefaultApplicationArguments(args);
        Map<String, String> options = new HashMap<>();
        for (String name : arguments.getOptionNames()) {
            List<String> values = arguments.getOptionValues(name);
            boolean known = name.equals("migration") || name.startsWith("spring.") || name.startsWith("logging.");
            if (!known || values.size() != 1) {
                return cannotStart(known ? "option --" + name + " needs exactly one value"
                        : "unknown option --" + name + " (status takes --migration=ID and --spring.datasource.*)");
            }
            options.put(name, values.get(0));
        }
        if (arguments.getNonOptionArgs().size() > 1) {
            return cannotStart("unexpected argument " + arguments.getNonOptionArgs().get(1));
        }
        Long migration = null;
        if (options.containsKey("migration")) {
            try {
                migration = Long.parseLong(options.get("migration").strip());
            }
            catch (NumberFormatException e) {
                return cannotStart("option --migration=" + options.get("migration") + ": expected a migration id");
            }
        }
        DatabaseSettings database = DatabaseSettings.from(options, environment);
        try {
            DriverManager.getDriver(database.url());
        }
        catch (SQLException noDriver) {
            return cannotStart("no JDBC driver of the job accepts the URL " + database.shown());
        }
        try (Connection db = DriverManager.getConnection(database.urlToLook(), database.username(),
                database.password())) {
            return show(new StatusQueries(db), database, migration);
        }
        catch (SQLException e) {
            if (database.isH2() && e.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                return showSnapshot(database, migration);
            }
            if (database.isH2() && (e.getErrorCode() == H2_DATABASE_NOT_FOUND_WITH_IF_EXISTS
                    || e.getErrorCode() == H2_DATABASE_NOT_FOUND)) {
                return cannotStart("no database at " + database.shown() + "; nothing created");
            }
            if (isMissingTable(e)) {
                out.println("No migrations: the database holds no job tables yet.");
                return Outcome.SHOWN;
            }
            err.println("e4-upgrade: cannot read the database: " + firstLine(e.getMessage()));
            return Outcome.FAILED;
        }
    }

    private Outcome show(StatusQueries queries, DatabaseSettings database, Long migration) throws SQLException {
        out.println("Database: " + database.shown());
        boolean held = !database.isH2() && queries.runLockHeld(advisoryKey);
        List<StatusQueries.Migration> migrations = queries.migrations();
        if (migration != null && migrations.stream().noneMatch(m -> m.id() == migration)) {
            return cannotStart("no migration " + migration + " in this database");
        }
        out.println("A run holds the database now: " + (held ? "yes" : "no"));
        out.println();
        out.print(StatusTable.migrations(migrations));
        if (!held) {
            migrations.stream()
                .filter(m -> LEFT_RUNNING.contains(m.status()))
                .forEach(m -> out.println("Migration " + m.id() + ": its last run is marked " + m.status()
                        + " but no run holds the database: that process ended without closing it;"
                        + " the same command resumes the migration."));
        }
        if (migration != null) {
            out.println();
            out.println("Steps of migration " + migration + ":");
            out.print(StatusTable.steps(queries.steps(migration), LocalDateTime.now()));
        }
        return Outcome.SHOWN;
    }

    private Outcome showSnapshot(DatabaseSettings database, Long migration) {
        Path file = H2Files.database(database.url()).map(H2Files::statusFile).orElse(null);
        // a snapshot of a process that ended is an earlier run's: the run holding the
        // file
        // now has not published yet (it does as its job starts, after Spring and Flyway)
        Optional<RunSnapshot> snapshot = read(file)
            .filter(published -> ProcessHandle.of(published.pid()).map(ProcessHandle::isAlive).orElse(false));
        if (snapshot.isEmpty()) {
            out.println("Database: " + database.shown());
            out.println("A run holds the database now: yes (H2 locks its file; the run has published no progress"
                    + " yet in " + file + ")");
            return Outcome.SHOWN;
        }
        out.println("Database: " + database.shown());
        RunSnapshot run = snapshot.get();
        out.println("A run holds the database now: yes (process " + run.pid() + "; H2 locks its file, so this is what"
                + " the run published at " + StatusTable.time(time(run.updatedAt())) + " in " + file
                + "; the other migrations show once it ends)");
        out.println();
        out.print(StatusTable.migrations(List.of(new StatusQueries.Migration(run.migrationId(), run.execution(),
                run.status(), Boolean.toString(run.dryRun()), time(run.startTime()), null, null, null,
                run.tenantsFile(), run.usersFile()))));
        if (migration == null || migration == run.migrationId()) {
            out.println();
            out.println("Steps of migration " + run.migrationId() + " (this run):");
            out.print(StatusTable.steps(run.steps()
                .stream()
                .map(step -> new StatusQueries.StepLine(run.execution(), step.name(), step.status(), step.read(),
                        step.written(), time(step.startTime()), time(step.endTime())))
                .toList(), time(run.updatedAt())));
        }
        else {
            out.println();
            out.println("The steps of migration " + migration + " show once the run ends.");
        }
        return Outcome.SHOWN;
    }

    private static Optional<RunSnapshot> read(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JsonMapper.builder().build().readValue(file.toFile(), RunSnapshot.class));
        }
        catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static LocalDateTime time(String text) {
        return text == null ? null : LocalDateTime.parse(text);
    }

    private static boolean isMissingTable(SQLException e) {
        // H2: 42S02 (table not found, "42S02" or 42102); PostgreSQL: 42P01 (undefined
        // table)
        String state = e.getSQLState();
        return "42S02".equals(state) || "42S04".equals(state) || "42P01".equals(state) || e.getErrorCode() == 42102;
    }

    private Outcome cannotStart(String problem) {
        err.println("e4-upgrade: " + problem);
        return Outcome.CANNOT_START;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse(message);
    }

}
