package com.m365.e4upgrade.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.m365.e4upgrade.input.Guids;
import com.m365.e4upgrade.licensing.WriteBatch;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.DefaultApplicationArguments;

/**
 * {@code rollback --tenants=PATH --users=PATH --tenant=ID[,ID...] [--dry-run]
 * [--output=DIR] [--source-sku=SKU] [--chunk-size=N] [gateway options]}: the two files
 * and the source plan find the migration (as the migration's own command names it); the
 * tenants are the ones to give their source plan back.
 */
record RollbackOptions(MigrationOptions migration, List<String> tenantIds, boolean dryRun) {

    static final String COMMAND = "rollback";

    private static final Set<String> OPTIONS = Set.of("tenants", "users", "tenant", "output", "dry-run", "source-sku",
            "chunk-size", "sku-catalog", "gateway", "parallelism", "progress-interval");

    private static final List<String> PASSED_THROUGH = List.of("spring.", "logging.", "graph.", "gateway.");

    static boolean isAskedFor(String... args) {
        return args.length > 0 && COMMAND.equals(args[0]);
    }

    static RollbackOptions parse(String... args) throws CannotStartException {
        ApplicationArguments arguments = new DefaultApplicationArguments(args);
        for (String name : arguments.getOptionNames()) {
            if (!OPTIONS.contains(name) && PASSED_THROUGH.stream().noneMatch(name::startsWith)) {
                throw new CannotStartException("unknown option --" + name + " for " + COMMAND);
            }
        }
        if (arguments.getNonOptionArgs().size() > 1) {
            throw new CannotStartException("unexpected argument " + arguments.getNonOptionArgs().get(1)
                    + " (options are written --name=value)");
        }
        List<String> tenantValues = arguments.getOptionValues("tenant");
        if (tenantValues == null || tenantValues.isEmpty()) {
            throw new CannotStartException("missing option --tenant=ID[,ID...]: the tenants to roll back");
        }
        List<String> tenantIds = new ArrayList<>();
        for (String value : tenantValues) {
            for (String id : value.split(",")) {
                String tenant = id.strip();
                if (!Guids.isGuid(tenant)) {
                    throw new CannotStartException("option --tenant: \"" + tenant + "\" is not a GUID");
                }
                tenantIds.add(tenant.toLowerCase(Locale.ROOT));
            }
        }
        // the migration's own options, with the migration's dry-run flag off: only a
        // migration that moved users can be rolled back
        List<String> migrationArgs = Arrays.stream(args)
            .skip(1)
            .filter(arg -> !arg.startsWith("--tenant=") && !arg.equals("--dry-run") && !arg.startsWith("--dry-run="))
            .toList();
        MigrationOptions migration = MigrationOptions.parse(migrationArgs.toArray(String[]::new));
        List<String> dryRun = arguments.getOptionValues("dry-run");
        boolean dry = dryRun != null && (dryRun.isEmpty() || dryRun.equals(List.of("true")));
        if (dryRun != null && !dry && !dryRun.equals(List.of("false"))) {
            throw new CannotStartException("option --dry-run takes no value");
        }
        return new RollbackOptions(migration, tenantIds.stream().distinct().sorted().toList(), dry);
    }

    Path output() {
        return migration.output();
    }

    int usersPerBatch() {
        return Math.min(migration.chunkSize(), WriteBatch.MAX_USERS);
    }

}
