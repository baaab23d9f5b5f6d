package com.m365.e4upgrade.console.runs;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The console's settings ({@code --console.*}), bound once.
 *
 * @param directory where the uploads (by content) and each migration's reports go,
 * {@code data/console} under the working directory by default: beside the embedded
 * database, so deleting {@code data/} starts from nothing
 * @param maxUpload the largest input file accepted, 512 MB by default
 */
@ConfigurationProperties("console")
public record ConsoleSettings(Path directory, DataSize maxUpload) {

    public static final DataSize DEFAULT_MAX_UPLOAD = DataSize.ofMegabytes(512);

    public ConsoleSettings {
        if (directory == null) {
            directory = Path.of("data", "console");
        }
        if (maxUpload == null) {
            maxUpload = DEFAULT_MAX_UPLOAD;
        }
    }

    public Path uploads() {
        return directory.resolve("uploads");
    }

    public Path outputs() {
        return directory.resolve("outputs");
    }

}
