package com.m365.e4upgrade.cli;

import java.io.PrintStream;
import java.sql.SQLException;

import com.m365.e4upgrade.cli.status.StatusCommand;
import com.m365.e4upgrade.console.ConsoleServer;
import com.m365.e4upgrade.job.DatabaseRunLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs one invocation of the command: checks the options and input files before anything
 * is written (exit 2), starts Spring and the job, and turns every outcome into the
 * contract's exit code with one line on standard error; stack traces go to the log only.
 */
public class MigrationLauncher {

    private static final Logger log = LoggerFactory.getLogger(MigrationLauncher.class);

    /**
     * Which command the Spring context runs: the migration by default, or
     * {@code rollback}, {@code inventory}.
     */
    static final String COMMAND_PROPERTY = "e4.command";

    /** Boot's switch for its background pre-initialization (a system property only). */
    static final String NO_BACKGROUND_PREINITIALIZER = "spring.backgroundpreinitializer.ignore";

    /** H2's "database may be already in use": another process holds the file. */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    private final Class<?> application;

    private final PrintStream out;

    private final PrintStream err;

    public MigrationLauncher(Class<?> application, PrintStream out, PrintStream err) {
        this.application = application;
        this.out = out;
        this.err = err;
    }

    public int run(String... args) {
        if (StatusCommand.isAskedFor(args)) {
            return status(args);
        }
        if (ConsoleServer.isAskedFor(args)) {
            // the operator console: a web server on the same job and database
            return new ConsoleServer(application, out, err, System.getenv()).run(args);
        }
        if (RollbackOptions.isAskedFor(args)) {
            return rollback(args);
        }
        if (InventoryOptions.isAskedFor(args)) {
            return inventory(args);
        }
        MigrationOptions options;
        InputDigests digests;
        try {
            options = MigrationOptions.parse(args);
            digests = InputDigests.startedFor(options.tenants(), options.users());
            StartChecks.check(options, args);
        }
        catch (CannotStartException e) {
            err.println("e4-upgrade: " + e.getMessage());
            return ExitCode.CANNOT_START.code();
        }
        catch (RuntimeException unexpected) {
            // nothing is written yet, not even the log: the line is all the operator gets
            err.println("e4-upgrade: cannot start: " + rootMessage(unexpected));
            return ExitCode.CANNOT_START.code();
        }
        ConfigurableApplicationContext context;
        try {
            MigrationOptions checked = options;
            InputDigests computing = digests;
            // the command runs on the options checked here: parsed once
            context = batchCommand().initializers(started -> {
                started.getBeanFactory().registerSingleton("migrationOptions", checked);
                started.getBeanFactory().registerSingleton("inputDigests", computing);
            }).run(args);
        }
        catch (RuntimeException startupFailure) {
            return startupFailed(startupFailure, args);
        }
        int code = SpringApplication.exit(context);
        out.flush();
        return code;
    }

    /**
     * {@code rollback}: the same checks as the migration's before anything is written,
     * then the rollback command in its own context.
     */
    private int rollback(String... args) {
        RollbackOptions options;
        try {
            options = RollbackOptions.parse(args);
            StartChecks.check(options.migration(), args);
        }
        catch (CannotStartException e) {
            err.println("e4-upgrade: " + e.getMessage());
            return ExitCode.CANNOT_START.code();
        }
        return runCommand(RollbackOptions.COMMAND, "rollbackOptions", options, args);
    }

    /** {@code inventory}: its options checked before anything is written. */
    private int inventory(String... args) {
        InventoryOptions options;
        try {
            options = InventoryOptions.parse(args);
        }
        catch (CannotStartException e) {
            err.println("e4-upgrade: " + e.getMessage());
            return ExitCode.CANNOT_START.code();
        }
        return runCommand(InventoryOptions.COMMAND, "inventoryOptions", options, args);
    }

    /** A command other than the migration, on its options checked here. */
    private int runCommand(String command, String optionsBean, Object options, String... args) {
        ConfigurableApplicationContext context;
        try {
            context = batchCommand().properties(COMMAND_PROPERTY + "=" + command)
                .initializers(started -> started.getBeanFactory().registerSingleton(optionsBean, options))
                .run(args);
        }
        catch (RuntimeException startupFailure) {
            return startupFailed(startupFailure, args);
        }
        int code = SpringApplication.exit(context);
        out.flush();
        return code;
    }

    /**
     * Spring for a command that runs a job and ends. Boot warms up, on a thread of its
     * own, what a web server needs (Tomcat, the HTTP message converters, two Jackson
     * mappers): the console's, never a job's, and on two cores that thread takes CPU from
     * the start-up. Its switch is a system property; one given on the command line is
     * kept.
     */
    private SpringApplicationBuilder batchCommand() {
        if (System.getProperty(NO_BACKGROUND_PREINITIALIZER) == null) {
            System.setProperty(NO_BACKGROUND_PREINITIALIZER, "true");
        }
        return new SpringApplicationBuilder(application).properties("spring.main.register-shutdown-hook=false");
    }

    /** {@code status}: reads the database, never takes the run lock, starts no job. */
    private int status(String... args) {
        StatusCommand.Outcome outcome = new StatusCommand(out, err, DatabaseRunLock.ADVISORY_KEY, System.getenv())
            .run(args);
        out.flush();
        return switch (outcome) {
            case SHOWN -> ExitCode.COMPLETED.code();
            case CANNOT_START -> ExitCode.CANNOT_START.code();
            case FAILED -> ExitCode.FAILED.code();
        };
    }

    private int startupFailed(Throwable failure, String... args) {
        log.error("The job could not start", failure);
        String badSetting = BadSetting.in(failure, args);
        if (badSetting != null) {
            // a gateway's own settings, known only once its configuration starts
            err.println("e4-upgrade: " + badSetting);
            return ExitCode.CANNOT_START.code();
        }
        if (databaseInUse(failure)) {
            err.println("e4-upgrade: the database is in use by another run; nothing done");
            return ExitCode.IN_USE.code();
        }
        String problem = ConnectionLoss.in(failure)
            .map(lost -> "cannot connect to the database (" + lost + ")")
            .orElseGet(() -> rootMessage(failure));
        err.println("e4-upgrade: cannot start: " + problem + " (details in logs/e4-upgrade.log)");
        return ExitCode.FAILED.code();
    }

    static boolean databaseInUse(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                return true;
            }
        }
        return false;
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }

}
