package com.m365.e4upgrade.batch;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where an embedded H2 database lives on disk, read from its JDBC URL: the file the job
 * locks while it runs, beside which it publishes its progress ({@value #STATUS_SUFFIX})
 * for the {@code status} command.
 */
public final class H2Files {

    /**
     * Appended to the database path (without H2's ".mv.db"): the running job's snapshot.
     */
    public static final String STATUS_SUFFIX = ".status.json";

    private static final String PREFIX = "jdbc:h2:";

    /** Not a file of this machine: memory, a server, a zip. */
    private static final List<String> NOT_A_LOCAL_FILE = List.of("mem:", "tcp:", "ssl:", "zip:");

    /** File system prefixes H2 accepts before a path. */
    private static final List<String> FILE_SYSTEMS = List.of("file:", "nio:", "niomapped:", "niomem:", "async:",
            "split:", "retry:");

    private H2Files() {
    }

    /**
     * The database path (as H2 names it, without ".mv.db"), for an embedded H2 file URL;
     * empty for any other URL.
     */
    public static Optional<Path> database(String url) {
        if (url == null || !url.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String name = url.substring(PREFIX.length());
        int settings = name.indexOf(';');
        if (settings >= 0) {
            name = name.substring(0, settings);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (NOT_A_LOCAL_FILE.stream().anyMatch(lower::startsWith)) {
            return Optional.empty();
        }
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String fileSystem : FILE_SYSTEMS) {
                if (name.toLowerCase(Locale.ROOT).startsWith(fileSystem)) {
                    name = name.substring(fileSystem.length());
                    stripped = true;
                }
            }
        }
        if (name.startsWith("~")) {
            name = System.getProperty("user.home") + name.substring(1);
        }
        return name.isBlank() ? Optional.empty() : Optional.of(Path.of(name));
    }

    /** The file H2 itself writes for that database. */
    public static Path dataFile(Path database) {
        return Path.of(database + ".mv.db");
    }

    /** The running job's snapshot beside that database. */
    public static Path statusFile(Path database) {
        return Path.of(database + STATUS_SUFFIX);
    }

}
