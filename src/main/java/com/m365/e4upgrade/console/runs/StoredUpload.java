package com.m365.e4upgrade.console.runs;

import java.nio.file.Path;

/**
 * An input file the console keeps, by content, under its uploads folder.
 *
 * @param path where it is kept ({@code uploads/<sha256>.csv})
 * @param sha256 its content's digest, which names the migration with the other file's
 * @param originalName the file's name on the operator's machine, for the pages
 * @param size its size in bytes
 */
public record StoredUpload(Path path, String sha256, String originalName, long size) {
}
