package com.m365.e4upgrade.console.runs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;

import com.m365.e4upgrade.batch.MigrationParameters;
import com.m365.e4upgrade.input.InputFileCheck;
import com.m365.e4upgrade.input.TenantRowProcessor;
import com.m365.e4upgrade.input.UserRowProcessor;

import org.springframework.core.io.InputStreamSource;

/**
 * Keeps the two uploaded exports under {@code uploads/} by content (SHA-256), so a
 * migration finds its files again after the console restarts and the same content is kept
 * once. Both files are checked as the command line checks them before either is kept: a
 * file the command line would refuse is refused with the same line (naming the file by
 * its uploaded name), and nothing is stored.
 */
public class UploadStore {

    /** One of the two files of a migration, as received. */
    public record Incoming(String originalName, InputStreamSource content) {
    }

    private final Path uploads;

    public UploadStore(Path uploads) {
        this.uploads = uploads;
    }

    /** The kept file of that content, if the console has it. */
    public Path pathOf(String sha256) {
        return uploads.resolve(sha256 + ".csv").toAbsolutePath();
    }

    public List<StoredUpload> keep(Incoming tenants, Incoming users) {
        Path tenantsFile = receive(tenants);
        Path usersFile = null;
        try {
            usersFile = receive(users);
            refuseIfBad(tenantsFile, tenants.originalName(), TenantRowProcessor.REQUIRED_COLUMNS,
                    TenantRowProcessor.COLUMNS);
            refuseIfBad(usersFile, users.originalName(), UserRowProcessor.REQUIRED_COLUMNS, UserRowProcessor.COLUMNS);
            return List.of(keep(tenantsFile, tenants.originalName()), keep(usersFile, users.originalName()));
        }
        finally {
            deleteQuietly(tenantsFile);
            deleteQuietly(usersFile);
        }
    }

    private Path receive(Incoming incoming) {
        try {
            Files.createDirectories(uploads);
            Path received = uploads.resolve("incoming-" + UUID.randomUUID() + ".csv");
            try (InputStream in = incoming.content().getInputStream()) {
                Files.copy(in, received);
            }
            return received;
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the upload " + incoming.originalName() + " in " + uploads, e);
        }
    }

    private static void refuseIfBad(Path received, String name, List<String> required, List<String> columns) {
        String problem = InputFileCheck.problemWith(received, required, columns);
        if (problem != null) {
            // the line names the file as the operator knows it, as the command line does
            String named = problem.startsWith(received.toString())
                    ? name + problem.substring(received.toString().length()) : problem;
            throw ConsoleProblem.badRequest("e4-upgrade: " + named);
        }
    }

    private StoredUpload keep(Path received, String name) {
        try {
            String sha256 = MigrationParameters.sha256(received);
            Path kept = pathOf(sha256);
            long size = Files.size(received);
            if (!Files.exists(kept)) {
                Files.move(received, kept, StandardCopyOption.ATOMIC_MOVE);
            }
            return new StoredUpload(kept, sha256, name, size);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the upload " + name + " in " + uploads, e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            }
            catch (IOException e) {
                // a leftover incoming-*.csv holds nothing anyone reads
            }
        }
    }

}
