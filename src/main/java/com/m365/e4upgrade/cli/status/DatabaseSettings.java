package com.m365.e4upgrade.cli.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The database the status command looks at, found as the job finds it, without starting
 * Spring: {@code --spring.datasource.*} on the command line, else the
 * {@code SPRING_DATASOURCE_*} variables, else the shipped application.properties (the H2
 * file ./data/e4-upgrade).
 */
record DatabaseSettings(String url, String username, String password) {

    static DatabaseSettings from(Map<String, String> options, Map<String, String> environment) {
        Properties shipped = new Properties();
        try (InputStream in = DatabaseSettings.class.getResourceAsStream("/application.properties")) {
            if (in != null) {
                shipped.load(in);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DatabaseSettings(setting("url", options, environment, shipped),
                setting("username", options, environment, shipped), setting("password", options, environment, shipped));
    }

    private static String setting(String name, Map<String, String> options, Map<String, String> environment,
            Properties shipped) {
        String option = options.get("spring.datasource." + name);
        if (option != null) {
            return option;
        }
        String variable = environment.get("SPRING_DATASOURCE_" + name.toUpperCase(java.util.Locale.ROOT));
        if (variable != null) {
            return variable;
        }
        return shipped.getProperty("spring.datasource." + name, "");
    }

    boolean isH2() {
        return url.startsWith("jdbc:h2:");
    }

    /**
     * For H2: the URL that opens the file only if it exists, so looking creates nothing.
     */
    String urlToLook() {
        if (!isH2()) {
            return url;
        }
        String cleaned = url.replaceAll("(?i);IFEXISTS=[^;]*", "");
        return cleaned + ";IFEXISTS=TRUE";
    }

    /** The URL to show: no setting after the database name (one could be a password). */
    String shown() {
        int settings = url.indexOf(';');
        String withoutSettings = settings < 0 ? url : url.substring(0, settings);
        int query = withoutSettings.indexOf('?');
        return query < 0 ? withoutSettings : withoutSettings.substring(0, query);
    }

}
