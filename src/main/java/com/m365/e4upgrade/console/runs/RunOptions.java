package com.m365.e4upgrade.console.runs;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The options of a migration started from the console, the command line's options of the
 * same names, refused with the command line's words.
 *
 * @param dryRun decide and plan, move and cancel nothing (identifying)
 * @param sourceSku the plan being left (identifying)
 * @param locale the language of the remediation texts
 * @param maxRejects more rejected rows than this in one file fails the run before any
 * move
 * @param stopAt stop at the first chunk boundary after this local time, or null
 */
public record RunOptions(boolean dryRun, String sourceSku, Locale locale, int maxRejects, LocalTime stopAt) {

    public static final String DEFAULT_SOURCE_SKU = "ENTERPRISEWITHSCAL";

    public static final int DEFAULT_MAX_REJECTS = 100;

    /** From the form or API fields, each null or blank when not given. */
    public static RunOptions parse(String dryRun, String sourceSku, String locale, String maxRejects, String stopAt) {
        return new RunOptions(flag(dryRun), blank(sourceSku) ? DEFAULT_SOURCE_SKU : sourceSku.strip(), locale(locale),
                maxRejects(maxRejects), stopAt(stopAt));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static boolean flag(String value) {
        if (blank(value)) {
            return false;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "1" -> true;
            case "false", "off", "no", "0" -> false;
            default ->
                throw ConsoleProblem.badRequest("e4-upgrade: option --dry-run=" + value + ": expected true or false");
        };
    }

    private static Locale locale(String value) {
        if (blank(value)) {
            return Locale.ENGLISH;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "en" -> Locale.ENGLISH;
            case "fr" -> Locale.FRENCH;
            default -> throw ConsoleProblem.badRequest("e4-upgrade: option --locale=" + value + ": expected en or fr");
        };
    }

    private static int maxRejects(String value) {
        if (blank(value)) {
            return DEFAULT_MAX_REJECTS;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= 0) {
                return parsed;
            }
        }
        catch (NumberFormatException e) {
            // refused below
        }
        throw ConsoleProblem
            .badRequest("e4-upgrade: option --max-rejects=" + value + ": expected a whole number from 0 up");
    }

    private static LocalTime stopAt(String value) {
        if (blank(value)) {
            return null;
        }
        try {
            return LocalTime.parse(value.strip());
        }
        catch (DateTimeParseException e) {
            throw ConsoleProblem
                .badRequest("e4-upgrade: option --stop-at=" + value + ": expected a local time, HH:mm or HH:mm:ss");
        }
    }

}
