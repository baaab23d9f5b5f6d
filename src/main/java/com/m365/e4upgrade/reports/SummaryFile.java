package com.m365.e4upgrade.reports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes summary.json; through a temporary file, so a reader never sees half of it. */
public class SummaryFile {

    public static final String FILE_NAME = "summary.json";

    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public Path write(MigrationSummary summary, Path outputDirectory) throws IOException {
        Files.createDirectories(outputDirectory);
        Path target = outputDirectory.resolve(FILE_NAME);
        Path partial = outputDirectory.resolve(FILE_NAME + ".part");
        Files.writeString(partial, json.writeValueAsString(summary) + System.lineSeparator());
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

}
