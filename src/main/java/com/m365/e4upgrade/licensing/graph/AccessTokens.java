package com.m365.e4upgrade.licensing.graph;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's access token for each tenant, from Entra ID's client-credentials grant. The
 * app is multi-tenant: every customer tenant consented to it and issues its own token,
 * hence one token per tenant, each reused until shortly before it expires.
 */
final class AccessTokens {

    static final String SCOPE = "https://graph.microsoft.com/.default";

    /**
     * A token this close to its expiry is renewed first, so no call leaves with a token
     * about to lapse.
     */
    static final Duration RENEWAL_MARGIN = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(AccessTokens.class);

    private final GraphProperties settings;

    private final HttpClient http;

    private final JsonMapper json;

    private final Clock clock;

    private final Retrier retrier;

    private final GraphStatistics statistics;

    private final ConcurrentMap<String, TenantToken> tokens = new ConcurrentHashMap<>();

    AccessTokens(GraphProperties settings, HttpClient http, JsonMapper json, Clock clock, Retrier retrier,
            GraphStatistics statistics) {
        this.settings = settings;
        this.http = http;
        this.json = json;
        this.clock = clock;
        this.retrier = retrier;
        this.statistics = statistics;
    }

    /**
     * A token of the tenant valid for a while yet, from the cache or freshly requested.
     */
    Secret current(String tenantId) {
        return tokens.computeIfAbsent(tenantId, TenantToken::new).current();
    }

    /**
     * Forgets the token that Graph refused (401), unless another thread already replaced
     * it.
     */
    void discard(String tenantId, Secret refused) {
        TenantToken token = tokens.get(tenantId);
        if (token != null) {
            token.discard(refused);
        }
    }

    private AccessToken request(String tenantId) {
        URI endpoint = URI.create(settings.authority() + "/" + GraphHttp.pathSegment(tenantId) + "/oauth2/v2.0/token");
        String form = String.join("&", GraphHttp.formField("grant_type", "client_credentials"),
                GraphHttp.formField("client_id", settings.clientId()),
                GraphHttp.formField("client_secret", settings.clientSecret().reveal()),
                GraphHttp.formField("scope", SCOPE));
        HttpRequest request = HttpRequest.newBuilder(endpoint)
            .timeout(settings.timeout())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
            .build();
        String what = "Entra ID token request for tenant " + tenantId;
        return retrier.run(what, () -> {
            statistics.tokenRequested();
            HttpResponse<String> response = http.send(request,
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            int status = response.statusCode();
            if (GraphHttp.isTransient(status)) {
                if (status == 429) {
                    statistics.throttledOnce();
                }
                return Retrier.retry(GraphHttp.retryAfter(response, clock), "HTTP " + status);
            }
            JsonNode body = readOrNull(response.body());
            if (!GraphHttp.isSuccess(status) || body == null || body.path("access_token").asString("").isEmpty()) {
                // Entra ID's error_description is left out: its "error" and AADSTS number
                // say what is wrong
                throw new GraphGatewayException(
                        what + " (app " + settings.clientId() + ") refused: HTTP " + status + describeError(body)
                                + ". Check the client id and secret, and that the tenant consented to the app");
            }
            Instant expiresAt = clock.instant().plusSeconds(Math.max(0, body.path("expires_in").asLong(0)));
            log.debug("Got an access token for tenant {}, valid until {}", tenantId, expiresAt);
            return Retrier.done(new AccessToken(Secret.of(body.path("access_token").asString()), expiresAt));
        });
    }

    private JsonNode readOrNull(String body) {
        try {
            return body == null || body.isBlank() ? null : json.readTree(body);
        }
        catch (JacksonException e) {
            return null;
        }
    }

    private static String describeError(JsonNode body) {
        if (body == null) {
            return "";
        }
        String error = body.path("error").asString("").replaceAll("[^A-Za-z0-9_]", "");
        JsonNode codes = body.path("error_codes");
        String code = codes.isArray() && !codes.isEmpty() ? " (AADSTS" + codes.get(0).asLong(0) + ")" : "";
        return error.isEmpty() ? code : " " + error + code;
    }

    private record AccessToken(Secret value, Instant expiresAt) {

        boolean usableAt(Instant now) {
            return now.isBefore(expiresAt.minus(RENEWAL_MARGIN));
        }
    }

    /**
     * One tenant's token. Requesting it under this holder's lock means that threads of
     * the same tenant wait for one request instead of each sending their own; other
     * tenants are not held up.
     */
    private final class TenantToken {

        private final String tenantId;

        private AccessToken token;

        TenantToken(String tenantId) {
            this.tenantId = tenantId;
        }

        synchronized Secret current() {
            if (token == null || !token.usableAt(clock.instant())) {
                token = request(tenantId);
            }
            return token.value();
        }

        synchronized void discard(Secret refused) {
            if (token != null && token.value() == refused) {
                token = null;
            }
        }

    }

}
