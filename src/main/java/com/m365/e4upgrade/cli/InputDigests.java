package com.m365.e4upgrade.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.m365.e4upgrade.batch.MigrationParameters;

/**
 * The SHA-256 of both input files, which name the migration, computed on a thread of
 * their own from the moment the command line is read: meanwhile the files are checked and
 * Spring starts, on the other core. Hashing a million users' file took half a second
 * before the first step could start (issue 15). Nothing waits for it when a check fails.
 */
final class InputDigests {

    private final CompletableFuture<List<String>> digests;

    private InputDigests(CompletableFuture<List<String>> digests) {
        this.digests = digests;
    }

    static InputDigests startedFor(Path tenants, Path users) {
        return new InputDigests(CompletableFuture.supplyAsync(() -> List.of(sha256(tenants), sha256(users)), task -> {
            Thread hashing = new Thread(task, "input-digests");
            hashing.setDaemon(true);
            hashing.start();
        }));
    }

    String tenants() throws IOException {
        return digests().get(0);
    }

    String users() throws IOException {
        return digests().get(1);
    }

    private List<String> digests() throws IOException {
        try {
            return this.digests.join();
        }
        catch (CompletionException failed) {
            if (failed.getCause() instanceof UncheckedIOException unreadable) {
                throw unreadable.getCause();
            }
            throw failed;
        }
    }

    private static String sha256(Path file) {
        try {
            return MigrationParameters.sha256(file);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
