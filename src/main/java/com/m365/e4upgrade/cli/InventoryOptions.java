package com.m365.e4upgrade.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import com.m365.e4upgrade.input.InputFileCheck;
import com.m365.e4upgrade.input.TenantRowProcessor;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.DefaultApplicationArguments;

/**
 * {@code inventory --tenants=PATH --output=DIR --gateway=graph [graph options]
 * [--source-sku=SKU]}: reads every tenant of tenants.csv live and writes the contract's
 * two files (and what changed) to DIR. Only tenant_id is required of tenants.csv: the
 * inventory fills the subscription columns.
 */
record InventoryOptions(Path tenants, Path output, String sourceSku) {

    static final String COMMAND = "inventory";

    private static final Set<String> OPTIONS = Set.of("tenants", "output", "source-sku", "sku-catalog", "gateway");

    private static final List<String> PASSED_THROUGH = List.of("spring.", "logging.", "graph.", "gateway.");

    static boolean isAskedFor(String... args) {
        return args.length > 0 && COMMAND.equals(args[0]);
    }

    static InventoryOptions parse(String... args) throws CannotStartException {
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
        List<String> gateway = arguments.getOptionValues("gateway");
        if (gateway == null || !gateway.equals(List.of("graph"))) {
            throw new CannotStartException(
                    "the inventory reads the live tenants: give --gateway=graph and its options (see README, \"Graph\")");
        }
        Path tenants = MigrationOptions.path("tenants", single(arguments, "tenants", null));
        Path output = MigrationOptions.path("output", single(arguments, "output", "out"));
        String problem = InputFileCheck.problemWith(tenants, List.of("tenant_id"), TenantRowProcessor.COLUMNS);
        if (problem != null) {
            throw new CannotStartException(problem);
        }
        checkOutput(tenants, output);
        return new InventoryOptions(tenants, output,
                single(arguments, "source-sku", MigrationOptions.DEFAULT_SOURCE_SKU));
    }

    /**
     * The output folder must be writable, and must not be where the operator's
     * tenants.csv would be overwritten.
     */
    private static void checkOutput(Path tenants, Path output) throws CannotStartException {
        try {
            Files.createDirectories(output);
            if (!Files.isWritable(output)) {
                throw new CannotStartException("option --output=" + output + ": not a writable folder");
            }
            if (Files.isSameFile(output.resolve("tenants.csv").getParent(), tenants.toAbsolutePath().getParent())
                    && tenants.getFileName().toString().equals("tenants.csv")) {
                throw new CannotStartException("option --output=" + output
                        + ": the folder of --tenants; the inventory's tenants.csv would overwrite it");
            }
        }
        catch (IOException e) {
            throw new CannotStartException(
                    "option --output=" + output + ": not a usable folder (" + e.getMessage() + ")");
        }
    }

    private static String single(ApplicationArguments arguments, String name, String defaultValue)
            throws CannotStartException {
        List<String> values = arguments.getOptionValues(name);
        if (values == null) {
            if (defaultValue == null) {
                throw new CannotStartException("missing option --" + name + "=PATH");
            }
            return defaultValue;
        }
        if (values.size() != 1 || values.get(0).isBlank()) {
            throw new CannotStartException("option --" + name + " needs exactly one value");
        }
        return values.get(0).strip();
    }

}
