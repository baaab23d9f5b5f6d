package com.m365.e4upgrade.licensing.graph;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/** Reading Microsoft's answers the same way for Graph and Entra ID calls. */
final class GraphHttp {

    /** Sent once a limit is 80 % used: the share used, as a fraction. */
    static final String LIMIT_PERCENTAGE = "x-ms-throttle-limit-percentage";

    /** Which limit a 429 (or a warning) is about: {@code Scope/Limit/AppId/TenantId}. */
    static final String THROTTLE_SCOPE = "x-ms-throttle-scope";

    private GraphHttp() {
    }

    static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    /**
     * Throttled, or a service-side failure that says nothing about the request itself.
     */
    static boolean isTransient(int status) {
        return status == 429 || status >= 500;
    }

    static Duration retryAfter(HttpResponse<?> response, Clock clock) {
        return response.headers().firstValue("Retry-After").map(value -> retryAfter(value, clock)).orElse(null);
    }

    /**
     * The Retry-After header among a {@code $batch} item's headers, whatever its case.
     */
    static Duration retryAfter(JsonNode headers, Clock clock) {
        String value = header(headers, "Retry-After");
        return value == null ? null : retryAfter(value, clock);
    }

    /** A response header, or null. */
    static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** A header among a {@code $batch} item's headers, whatever its case, or null. */
    static String header(JsonNode headers, String name) {
        for (Map.Entry<String, JsonNode> header : headers.properties()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue().asString("");
            }
        }
        return null;
    }

    /**
     * Whether {@code x-ms-throttle-limit-percentage} (a fraction, 0.8 to 1.8, sent once a
     * limit is 80 % used) says to slow down.
     */
    static boolean nearLimit(String percentage) {
        if (percentage == null) {
            return false;
        }
        try {
            return Double.parseDouble(percentage.strip()) >= 0.8;
        }
        catch (NumberFormatException unreadable) {
            return false;
        }
    }

    /**
     * What a GET costs in Microsoft's resource units: 3 for {@code subscribedSkus}, 2 for
     * users (one less with {@code $select}), 1 otherwise.
     */
    static int readUnits(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        if (path.endsWith("/subscribedSkus")) {
            return 3;
        }
        if (path.contains("/users")) {
            return query.contains("select") ? 1 : 2;
        }
        return 1;
    }

    /**
     * Seconds (what Graph sends) or an HTTP date (what RFC 9110 also allows); null when
     * neither.
     */
    static Duration retryAfter(String value, Clock clock) {
        String text = value.strip();
        if (text.isEmpty()) {
            return null;
        }
        if (text.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(text));
            }
            catch (NumberFormatException tooLong) {
                return null;
            }
        }
        try {
            Duration until = Duration.between(clock.instant(),
                    ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return until.isNegative() ? Duration.ZERO : until;
        }
        catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Graph's error code ({@code error.code}), or the HTTP status when the body has none.
     * Only letters, digits, '_', '-' and '.' are kept: the code ends up in a report cell.
     */
    static String errorCode(JsonNode body, int status) {
        String code = body == null ? "" : body.path("error").path("code").asString("");
        String cleaned = code.replaceAll("[^A-Za-z0-9_.-]", "");
        return cleaned.isEmpty() ? String.valueOf(status) : cleaned;
    }

    /** Graph's human message for the log, on one line. */
    static String errorMessage(JsonNode body) {
        String message = body == null ? "" : body.path("error").path("message").asString("");
        return message.replaceAll("\\s+", " ").strip();
    }

    /**
     * Ids go into URL paths; a GUID needs no escaping, anything else is percent-encoded.
     */
    static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String formField(String name, String value) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static boolean sameGuid(String a, String b) {
        return a != null && b != null && a.strip().toLowerCase(Locale.ROOT).equals(b.strip().toLowerCase(Locale.ROOT));
    }

}
