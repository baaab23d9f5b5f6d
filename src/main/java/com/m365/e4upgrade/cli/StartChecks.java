package com.m365.e4upgrade.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;

import com.m365.e4upgrade.input.InputFileCheck;
import com.m365.e4upgrade.input.TenantRowProcessor;
import com.m365.e4upgrade.input.UserRowProcessor;
import com.m365.e4upgrade.batch.RunSettings;
import com.m365.e4upgrade.licensing.GatewaySettings;
import com.m365.e4upgrade.licensing.SkuCatalog;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

/**
 * Everything that can be known to fail before Spring starts, checked in the order an
 * operator fixes things, so that exit code 2 really means nothing was written: the input
 * files, the SKU catalog, the database URL, where the log and the default database go,
 * and the output folder (so a run never finds out after its last move that it cannot
 * report).
 */
final class StartChecks {

    /**
     * Where the log and the embedded database go when the operator says nothing
     * (application.properties).
     */
    private static final String DEFAULT_LOG_FILE = "logs/e4-upgrade.log";

    private static final Path DEFAULT_DATABASE_FOLDER = Path.of("data");

    private StartChecks() {
    }

    static void check(MigrationOptions options, String... args) throws CannotStartException {
        fail(InputFileCheck.problemWith(options.tenants(), TenantRowProcessor.REQUIRED_COLUMNS,
                TenantRowProcessor.COLUMNS));
        fail(InputFileCheck.problemWith(options.users(), UserRowProcessor.REQUIRED_COLUMNS, UserRowProcessor.COLUMNS));
        // the same sources Spring Boot reads them from: the command line first, then the
        // environment
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        RunSettings settings = BadSetting.bind(environment, RunSettings.class);
        BadSetting.check(() -> GatewaySettings.bind(Binder.get(environment)));
        if (settings.skuCatalog() != null) {
            checkCatalog(settings.skuCatalog());
        }
        String url = environment.getProperty("spring.datasource.url");
        if (url != null) {
            checkDatabaseUrl(url);
        }
        else {
            checkWritable(DEFAULT_DATABASE_FOLDER, "the embedded database (./data) cannot be created here: run from"
                    + " a writable directory or give --spring.datasource.url");
        }
        String logFile = environment.getProperty("logging.file.name", DEFAULT_LOG_FILE);
        Path log = MigrationOptions.path("logging.file.name", logFile);
        checkWritable(log.toAbsolutePath().getParent(),
                "the log file " + logFile + " cannot be written" + (logFile.equals(DEFAULT_LOG_FILE)
                        ? ": run from a writable directory or give --logging.file.name=PATH" : ""));
        checkOutput(options.output());
    }

    private static void fail(String problem) throws CannotStartException {
        if (problem != null) {
            throw new CannotStartException(problem);
        }
    }

    private static void checkCatalog(Path catalog) throws CannotStartException {
        if (!Files.isRegularFile(catalog) || !Files.isReadable(catalog)) {
            throw new CannotStartException("option --sku-catalog=" + catalog + ": not a readable file");
        }
        try {
            SkuCatalog.load(new FileSystemResource(catalog));
        }
        catch (IllegalStateException e) {
            throw new CannotStartException("option --sku-catalog=" + catalog + ": not Microsoft's table of"
                    + " product names and service plan identifiers (" + MigrationLauncher.rootMessage(e) + ")");
        }
    }

    /**
     * A URL no driver of the job accepts would otherwise be found by the connection pool,
     * after Spring has started and written its log. PostgreSQL's driver parses the whole
     * URL here.
     */
    private static void checkDatabaseUrl(String url) throws CannotStartException {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:") && !lower.startsWith("jdbc:postgresql:")) {
            throw new CannotStartException("option --spring.datasource.url=" + url
                    + ": not a database the job runs on (jdbc:h2:... or jdbc:postgresql://host[:port]/database)");
        }
        try {
            DriverManager.getDriver(url);
        }
        catch (SQLException e) {
            throw new CannotStartException(
                    "option --spring.datasource.url=" + url + ": not a valid JDBC URL (" + e.getMessage() + ")");
        }
    }

    /** The nearest existing folder on the way must be one this process may write in. */
    private static void checkWritable(Path folder, String problem) throws CannotStartException {
        Path existing = folder.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new CannotStartException(problem + " (" + folder.toAbsolutePath() + ")");
        }
    }

    /**
     * The output folder must be one this run can write in. It is not created here: a
     * launch refused with exit 4 (another run holds the database) writes nothing, so the
     * command creates it once it holds the run lock.
     */
    private static void checkOutput(Path output) throws CannotStartException {
        String option = "option --output=" + output;
        if (!Files.exists(output)) {
            Path existing = output.toAbsolutePath().getParent();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null || !Files.isDirectory(existing)) {
                throw new CannotStartException(option + ": cannot create the directory (" + existing + " is a file)");
            }
            if (!Files.isWritable(existing)) {
                throw new CannotStartException(
                        option + ": cannot create the directory (" + existing + " is not writable)");
            }
            return;
        }
        if (!Files.isDirectory(output)) {
            throw new CannotStartException(option + ": not a directory");
        }
        // a probe file, since permission bits say nothing to root nor of a read-only
        // mount
        try {
            Files.delete(Files.createTempFile(output, ".e4-upgrade-", ".probe"));
        }
        catch (IOException | SecurityException e) {
            throw new CannotStartException(option + ": cannot write in the directory (" + e.getMessage() + ")");
        }
    }

}
