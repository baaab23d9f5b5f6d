package com.m365.e4upgrade.licensing.graph;

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
        for (Map.Entry<String, JsonNode> header : headers.properties()) {
            if (header.getKey().equalsIgnoreCase("Retry-After")) {
                return retryAfter(header.getValue().asString(""), clock);
            }
        }
        return null;
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
