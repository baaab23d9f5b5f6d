package com.m365.e4upgrade.licensing.graph;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Function;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests to Microsoft Graph as the app acting in one tenant: the tenant's token on
 * each, every send counted, a throttled or unavailable Graph asked again through the
 * {@link Retrier}. Reads wait here for their share of the read quotas ({@link Quotas});
 * writes wait in their caller, which knows how many items a {@code $batch} carries. What
 * an answer means is left to the callers.
 */
final class GraphCalls {

    private static final Logger log = LoggerFactory.getLogger(GraphCalls.class);

    private final GraphProperties settings;

    private final HttpClient http;

    private final JsonMapper json;

    private final Clock clock;

    private final Retrier retrier;

    private final AccessTokens tokens;

    private final GraphStatistics statistics;

    private final Quotas quotas;

    GraphCalls(GraphProperties settings, HttpClient http, JsonMapper json, Clock clock, Retrier retrier,
            AccessTokens tokens, GraphStatistics statistics, Quotas quotas) {
        this.settings = settings;
        this.http = http;
        this.json = json;
        this.clock = clock;
        this.retrier = retrier;
        this.tokens = tokens;
        this.statistics = statistics;
        this.quotas = quotas;
    }

    /** The quotas every call of the run spends. */
    Quotas quotas() {
        return quotas;
    }

    /** An address under Graph's root, such as {@code /subscribedSkus}. */
    URI uri(String path) {
        return URI.create(settings.baseUrl() + path);
    }

    /**
     * Whether a link found in an answer leads back into Graph: the bearer token must not
     * go to any other host.
     */
    boolean isWithinGraph(String link) {
        return link.startsWith(settings.baseUrl() + "/");
    }

    /** A GET whose every non-2xx answer, once retries are spent, stops the step. */
    JsonNode getOrFail(String tenantId, URI uri, String what) {
        Reply reply = get(tenantId, uri, what);
        if (!GraphHttp.isSuccess(reply.status()) || reply.body() == null) {
            throw new GraphGatewayException(what + " refused: HTTP " + reply.status() + " "
                    + GraphHttp.errorCode(reply.body(), reply.status()) + " " + GraphHttp.errorMessage(reply.body()));
        }
        return reply.body();
    }

    /**
     * A GET retried while throttled or unavailable; any other answer is the caller's to
     * judge.
     */
    Reply get(String tenantId, URI uri, String what) {
        int units = GraphHttp.readUnits(uri);
        return retrier.run(what, () -> {
            quotas.awaitReads(tenantId, units);
            HttpResponse<String> response = send(tenantId,
                    token -> HttpRequest.newBuilder(uri)
                        .timeout(settings.timeout())
                        .header("Authorization", "Bearer " + token.reveal())
                        .header("Accept", "application/json")
                        .GET()
                        .build())
                .response();
            if (GraphHttp.nearLimit(GraphHttp.header(response, GraphHttp.LIMIT_PERCENTAGE))) {
                quotas.warnedRead(tenantId, GraphHttp.header(response, GraphHttp.THROTTLE_SCOPE));
            }
            if (GraphHttp.isTransient(response.statusCode())) {
                Retrier.Outcome<Reply> retry = retryLater(response, "HTTP " + response.statusCode());
                if (response.statusCode() == 429 && retry instanceof Retrier.Retry<Reply> later
                        && later.retryAfter() != null) {
                    quotas.throttledRead(tenantId, GraphHttp.header(response, GraphHttp.THROTTLE_SCOPE),
                            later.retryAfter());
                }
                return retry;
            }
            JsonNode body = readOrNull(response.body());
            if (GraphHttp.isSuccess(response.statusCode()) && body == null) {
                return Retrier.retry(null, "unreadable answer");
            }
            return Retrier.done(new Reply(response.statusCode(), body));
        });
    }

    /**
     * One POST of a JSON body, not retried here: the caller reads the answer within its
     * own attempt. The answer comes with the token it was sent with, for the caller to
     * discard if Graph refuses it.
     */
    Exchange post(String tenantId, URI uri, String body) throws IOException, InterruptedException {
        return send(tenantId,
                token -> HttpRequest.newBuilder(uri)
                    .timeout(settings.timeout())
                    .header("Authorization", "Bearer " + token.reveal())
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build());
    }

    /**
     * A throttled (counted) or unavailable Graph: to be asked again after its
     * Retry-After, if it gave one.
     */
    <T> Retrier.Outcome<T> retryLater(HttpResponse<?> response, String reason) {
        if (response.statusCode() == 429) {
            statistics.throttledOnce();
        }
        return Retrier.retry(GraphHttp.retryAfter(response, clock), reason);
    }

    /** Forgets a token Graph refused, so that the next request gets a fresh one. */
    void refused(String tenantId, Secret token) {
        tokens.discard(tenantId, token);
    }

    /** The answer's JSON, or null when it is empty or not JSON. */
    JsonNode readOrNull(String body) {
        try {
            return body == null || body.isBlank() ? null : json.readTree(body);
        }
        catch (JacksonException e) {
            return null;
        }
    }

    /**
     * One request as the tenant's app; a 401 (token revoked or expired early) gets one
     * fresh token and one repeat.
     */
    private Exchange send(String tenantId, Function<Secret, HttpRequest> request)
            throws IOException, InterruptedException {
        Secret token = tokens.current(tenantId);
        HttpResponse<String> response = send(request.apply(token));
        if (response.statusCode() == 401) {
            log.info("Tenant {}: Graph refused the access token (401); requesting a new one", tenantId);
            tokens.discard(tenantId, token);
            token = tokens.current(tenantId);
            response = send(request.apply(token));
        }
        return new Exchange(response, token);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        statistics.requestSent();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    record Exchange(HttpResponse<String> response, Secret token) {
    }

    /**
     * @param body the answer's JSON, or null when it had none
     */
    record Reply(int status, JsonNode body) {
    }

}
