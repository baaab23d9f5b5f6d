package com.m365.e4upgrade.cli;

import java.io.IOException;

import com.m365.e4upgrade.batch.MigrationParameters;

import org.springframework.batch.core.job.parameters.JobParameters;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.DefaultApplicationArguments;

import com.m365.e4upgrade.licensing.WriteBatch;

/**
 * The options of the contract that become the migration's job parameters, checked before
 * anything starts; the identifying ones name the migration. The options that shape a run
 * without naming it ({@code --parallelism}, {@code --stop-at}, {@code --sku-catalog},
 * {@code --gateway.*}) are bound into their settings records; those of Spring Boot itself
 * ({@code --spring.*}, {@code --logging.*}) and of the gateways ({@code --graph.*}) pass
 * through.
 */
public record MigrationOptions(Path tenants, Path users, Path output, boolean dryRun, int maxRejects, Locale locale,
        String sourceSku, int chunkSize) {

    public static final String DEFAULT_SOURCE_SKU = "ENTERPRISEWITHSCAL";

    private static final Set<String> OPTIONS = Set.of("tenants", "users", "output", "dry-run", "max-rejects", "locale",
            "source-sku", "chunk-size", "stop-at", "sku-catalog", "parallelism", "gateway", "progress-interval");

    private static final List<String> PASSED_THROUGH = List.of("spring.", "logging.", "graph.", "gateway.");

    public static MigrationOptions parse(String... args) throws CannotStartException {
        ApplicationArguments arguments = new DefaultApplicationArguments(args);
        for (String name : arguments.getOptionNames()) {
            if (!OPTIONS.contains(name) && PASSED_THROUGH.stream().noneMatch(name::startsWith)) {
                throw new CannotStartException("unknown option --" + name);
            }
        }
        if (!arguments.getNonOptionArgs().isEmpty()) {
            throw new CannotStartException("unexpected argument " + arguments.getNonOptionArgs().get(0)
                    + " (options are written --name=value)");
        }
        return new MigrationOptions(path("tenants", required(arguments, "tenants")),
                path("users", required(arguments, "users")), path("output", nonBlank(arguments, "output", "out")),
                flag(arguments, "dry-run"), number(arguments, "max-rejects", 100, 0, Integer.MAX_VALUE),
                locale(single(arguments, "locale", "en")), nonBlank(arguments, "source-sku", DEFAULT_SOURCE_SKU),
                number(arguments, "chunk-size", WriteBatch.MAX_USERS, 1, WriteBatch.MAX_USERS));
    }

    /**
     * A path the JVM can represent. Under LANG=C (cron's default) Java decodes a
     * non-ASCII argument into characters the file system encoding cannot write back, and
     * Path.of refuses it.
     */
    static Path path(String name, String value) throws CannotStartException {
        try {
            return Path.of(value);
        }
        catch (InvalidPathException e) {
            String encoding = System.getProperty("sun.jnu.encoding", "");
            boolean localeCannotEncode = !encoding.toUpperCase(Locale.ROOT).contains("UTF");
            throw new CannotStartException("option --"
                    + name + "=" + value + ": not a usable path (" + (localeCannotEncode ? "this system's locale ("
                            + encoding + ") cannot encode its characters;" + " run with LANG=C.UTF-8" : e.getReason())
                    + ")");
        }
    }

    private static String nonBlank(ApplicationArguments arguments, String name, String defaultValue)
            throws CannotStartException {
        String value = single(arguments, name, defaultValue);
        if (value.isEmpty()) {
            throw new CannotStartException("option --" + name + " needs a value");
        }
        return value;
    }

    private static String required(ApplicationArguments arguments, String name) throws CannotStartException {
        String value = single(arguments, name, null);
        if (value == null || value.isBlank()) {
            throw new CannotStartException("missing option --" + name + "=PATH");
        }
        return value;
    }

    private static String single(ApplicationArguments arguments, String name, String defaultValue)
            throws CannotStartException {
        List<String> values = arguments.getOptionValues(name);
        if (values == null) {
            return defaultValue;
        }
        if (values.size() != 1) {
            throw new CannotStartException("option --" + name + " needs exactly one value");
        }
        return values.get(0).strip();
    }

    private static boolean flag(ApplicationArguments arguments, String name) throws CannotStartException {
        List<String> values = arguments.getOptionValues(name);
        if (values == null) {
            return false;
        }
        if (values.isEmpty() || values.equals(List.of("true"))) {
            return true;
        }
        if (values.equals(List.of("false"))) {
            return false;
        }
        throw new CannotStartException("option --" + name + " takes no value");
    }

    private static int number(ApplicationArguments arguments, String name, int defaultValue, int min, int max)
            throws CannotStartException {
        String value = single(arguments, name, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        }
        catch (NumberFormatException e) {
            // reported below
        }
        throw new CannotStartException("option --" + name + "=" + value + ": expected a whole number from " + min
                + (max == Integer.MAX_VALUE ? " up" : " to " + max));
    }

    private static Locale locale(String value) throws CannotStartException {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "en" -> Locale.ENGLISH;
            case "fr" -> Locale.FRENCH;
            default -> throw new CannotStartException("option --locale=" + value + ": expected en or fr");
        };
    }

    /** The job parameters of this command: the identifying ones name the migration. */
    public JobParameters toJobParameters() throws IOException {
        return MigrationParameters.of(tenants, users, sourceSku, dryRun, output, maxRejects, locale, chunkSize);
    }

    /** The same, with the files' digests as they were computed since the start. */
    JobParameters toJobParameters(InputDigests digests) throws IOException {
        return MigrationParameters.of(digests.tenants(), digests.users(), tenants, users, sourceSku, dryRun, output,
                maxRejects, locale, chunkSize);
    }
}
