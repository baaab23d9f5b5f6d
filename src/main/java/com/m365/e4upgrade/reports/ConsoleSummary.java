package com.m365.e4upgrade.reports;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/** The short text an operator reads on the console at the end of a run. */
public final class ConsoleSummary {

    private ConsoleSummary() {
    }

    public static String render(MigrationSummary summary, Path outputDirectory) {
        String mode = summary.dryRun() ? " (dry run: nothing changed)" : "";
        return String.join(System.lineSeparator(),
                "E4 upgrade: migration " + summary.migrationId() + ", execution " + summary.jobExecutionId() + ": "
                        + summary.status() + mode,
                line("Tenants", summary.tenantsByVerdict()), line("Users", summary.usersByStatus()),
                line("Subscriptions", summary.cancellationsByStatus()),
                String.format("  %-14s %d %s", "Rejected rows", summary.rejectedRows(),
                        summary.rejectedRowsByFile()
                            .entrySet()
                            .stream()
                            .map(entry -> entry.getKey() + " " + entry.getValue())
                            .collect(Collectors.joining(", ", "(", ")"))),
                String.format("  %-14s %s", "Duration",
                        summary.timings() == null ? "unknown" : summary.timings().duration()),
                "  Reports in " + outputDirectory.toAbsolutePath().normalize());
    }

    private static String line(String label, Map<String, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        return String.format("  %-14s %d: %s", label, total,
                counts.entrySet()
                    .stream()
                    .map(entry -> entry.getKey() + " " + entry.getValue())
                    .collect(Collectors.joining(", ")));
    }

}
