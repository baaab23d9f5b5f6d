package com.m365.e4upgrade.reports;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The short text an operator reads on the console at the end of a run. */
public final class ConsoleSummary {

    private ConsoleSummary() {
    }

    public static String render(MigrationSummary summary, Path outputDirectory) {
        String mode = summary.dryRun() ? " (dry run: nothing changed)" : "";
        return Stream
            .of("E4 upgrade: migration " + summary.migrationId() + ", execution " + summary.jobExecutionId() + ": "
                    + summary.status() + mode, line("Tenants", summary.tenantsByVerdict()),
                    line("Users", summary.usersByStatus()), line("Subscriptions", summary.cancellationsByStatus()),
                    String.format("  %-14s %d %s", "Rejected rows", summary.rejectedRows(),
                            summary.rejectedRowsByFile()
                                .entrySet()
                                .stream()
                                .map(entry -> entry.getKey() + " " + entry.getValue())
                                .collect(Collectors.joining(", ", "(", ")"))),
                    String.format("  %-14s %s", "Duration",
                            summary.timings() == null ? "unknown" : summary.timings().duration()),
                    graphLine(summary.graphRequests()), "  Reports in " + outputDirectory.toAbsolutePath().normalize())
            .filter(Objects::nonNull)
            .collect(Collectors.joining(System.lineSeparator()));
    }

    /**
     * With Microsoft Graph: what the quotas cost the run. Empty (and dropped) otherwise.
     */
    private static String graphLine(Map<String, Number> graph) {
        if (graph == null || graph.isEmpty()) {
            return null;
        }
        return String.format(Locale.ROOT,
                "  %-14s %d requests, %d items throttled, %.1f s waiting for quota, %.1f writes/s", "Graph",
                value(graph, "requestsSent").longValue(), value(graph, "throttled").longValue(),
                value(graph, "quotaWaitMillis").longValue() / 1000.0, value(graph, "writesPerSecond").doubleValue());
    }

    private static Number value(Map<String, Number> figures, String name) {
        return figures.getOrDefault(name, 0);
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
