package com.m365.e4upgrade.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one place that makes an H2 URL safe for the job, whoever wrote it (the shipped
 * default, the operator's {@code --spring.datasource.url}, {@code SPRING_DATASOURCE_URL},
 * a properties file):
 * <ul>
 * <li>{@code DB_CLOSE_ON_EXIT=FALSE}: otherwise H2 registers a JVM shutdown hook of its
 * own, which on SIGTERM closes the database under the running job; the job then fails
 * (exit 1) instead of stopping at the next chunk boundary with exit 3, its summary and
 * its stop line. With it, the job's own SIGTERM hook ({@link MigrationCommand}) closes
 * the pool, and H2 the file, once the run has ended.</li>
 * <li>{@code WRITE_DELAY=0}: a commit is in the file when it returns, so a run killed
 * outright resumes after its last committed chunk (H2's default, 500 ms, keeps commits in
 * memory that long).</li>
 * <li>{@code AUTO_SERVER=FALSE}, only when the URL turns it on: H2 refuses it together
 * with DB_CLOSE_ON_EXIT=FALSE, and it would let a second process use the file through the
 * first one's server instead of being refused (exit 4) by H2's file lock.</li>
 * </ul>
 * A setting the URL does not name is appended. A setting it names with another value is
 * replaced, not kept: the job's guarantees (exit 3 on SIGTERM, exactly-once resume after
 * a kill) win over the operator's tuning, and the caller logs a WARN line for each
 * replacement. Replacing, rather than appending a second copy, is required anyway: H2
 * refuses a URL naming a setting twice with different values ("Duplicate property").
 *
 * <p>
 * Every H2 mode gets the same treatment: file ({@code jdbc:h2:file:},
 * {@code jdbc:h2:./...}, {@code nio:} and the like), in-memory (its database would be
 * closed under the job on SIGTERM just the same) and server ({@code tcp:}, {@code ssl:}:
 * the settings travel to the server, which applies them to the database; WRITE_DELAY=0
 * keeps a commit there durable). Any other URL is returned untouched.
 */
public final class H2UrlSettings {

    /**
     * Case-sensitive, as H2's driver itself only accepts URLs starting with exactly this.
     */
    static final String H2_PREFIX = "jdbc:h2:";

    private static final List<Required> REQUIRED = List.of(new Required("DB_CLOSE_ON_EXIT", "FALSE", true,
            "on SIGTERM the job, not H2's shutdown hook, must close the database, so the run stops at a chunk boundary with exit 3"),
            new Required("WRITE_DELAY", "0", true,
                    "a commit must be on disk when it returns, so a run killed outright resumes after its last committed chunk"),
            new Required("AUTO_SERVER", "FALSE", false,
                    "H2 does not allow it with DB_CLOSE_ON_EXIT=FALSE, and a second run must be refused by the file lock"));

    private H2UrlSettings() {
    }

    /**
     * The URL with the job's settings; the same string when it already has them, or is
     * not an H2 URL (null included).
     */
    public static SafeUrl forTheJob(String url) {
        if (url == null || !url.startsWith(H2_PREFIX)) {
            return new SafeUrl(url, List.of());
        }
        // H2 cuts the database name at the first ';', escaped or not; the settings after
        // it are
        // separated by ';' unless escaped with '\' (INIT=RUNSCRIPT ...\;SET ...)
        int firstSeparator = url.indexOf(';');
        String database = firstSeparator < 0 ? url : url.substring(0, firstSeparator);
        List<String> settings = firstSeparator < 0 ? new ArrayList<>()
                : splitSettings(url.substring(firstSeparator + 1));

        boolean changed = false;
        List<Overridden> overridden = new ArrayList<>();
        for (Required required : REQUIRED) {
            boolean named = false;
            for (int i = 0; i < settings.size(); i++) {
                String setting = settings.get(i);
                if (!required.name().equals(nameOf(setting))) {
                    continue;
                }
                named = true;
                if (!required.isSatisfiedBy(valueOf(setting))) {
                    settings.set(i, required.asSetting());
                    overridden.add(new Overridden(setting, required.asSetting(), required.why()));
                    changed = true;
                }
            }
            if (!named && required.addWhenAbsent()) {
                settings.add(required.asSetting());
                changed = true;
            }
        }
        if (!changed) {
            return new SafeUrl(url, List.of());
        }
        StringBuilder safe = new StringBuilder(database);
        for (String setting : settings) {
            if (!setting.isEmpty()) { // ";;" or a trailing ';' separate nothing
                safe.append(';').append(setting);
            }
        }
        return new SafeUrl(safe.toString(), List.copyOf(overridden));
    }

    /**
     * The settings as written, escapes kept, so the untouched ones go back exactly as
     * they came.
     */
    private static List<String> splitSettings(String settings) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < settings.length(); i++) {
            char c = settings.charAt(i);
            if (c == '\\') {
                i++; // the escaped character, ';' included, belongs to the setting
            }
            else if (c == ';') {
                parts.add(settings.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(settings.substring(start));
        return parts;
    }

    /**
     * H2 upper-cases a setting's name (English rules) and trims nothing: " WRITE_DELAY"
     * is not WRITE_DELAY to it.
     */
    private static String nameOf(String setting) {
        int equals = setting.indexOf('=');
        return equals < 0 ? null : setting.substring(0, equals).toUpperCase(Locale.ENGLISH);
    }

    private static String valueOf(String setting) {
        return setting.substring(setting.indexOf('=') + 1);
    }

    /** The URL to use, and the operator's settings it replaced. */
    public record SafeUrl(String url, List<Overridden> overridden) {
    }

    /**
     * A setting of the given URL replaced by the job's: as written, as applied, and why.
     */
    public record Overridden(String given, String applied, String why) {
    }

    private record Required(String name, String value, boolean addWhenAbsent, String why) {

        boolean isSatisfiedBy(String given) {
            return value.equalsIgnoreCase(given);
        }

        String asSetting() {
            return name + "=" + value;
        }
    }

}
