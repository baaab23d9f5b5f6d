package com.m365.e4upgrade.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --name=value} options of the bench programs. */
final class BenchArgs {

    private BenchArgs() {
    }

    static Map<String, String> parse(String[] args, String... known) {
        List<String> names = Arrays.asList(known);
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg + " (options are --name=value)");
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            if (!names.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; known: " + names);
            }
            options.put(name, eq < 0 ? "true" : arg.substring(eq + 1));
        }
        return options;
    }

    static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing option --" + name + "=...");
        }
        return value;
    }

    /** The size and place of a generated data set: {@code --tenants --users-per-tenant [--seed] --out}. */
    record DataSet(int tenants, int usersPerTenant, long seed, Path out) {

        static DataSet of(String[] args) {
            Map<String, String> options = parse(args, "tenants", "users-per-tenant", "seed", "out");
            DataSet size = new DataSet(Integer.parseInt(required(options, "tenants")),
                    Integer.parseInt(required(options, "users-per-tenant")),
                    Long.parseLong(options.getOrDefault("seed", "42")), Path.of(required(options, "out")));
            if (size.tenants < 1 || size.usersPerTenant < 1) {
                throw new IllegalArgumentException("--tenants and --users-per-tenant must be >= 1");
            }
            return size;
        }
    }
}
