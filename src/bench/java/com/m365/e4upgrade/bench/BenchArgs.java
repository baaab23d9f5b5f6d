package com.m365.e4upgrade.bench;

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
}
