package com.m365.e4upgrade.licensing.graph;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plays Entra ID's token endpoint and the few Graph calls of the gateway, on one local
 * server: {@code /{tenant}/oauth2/v2.0/token} and {@code /v1.0/...}. Answers are scripted
 * per user for {@code $batch} items, so a test reads as "this user is throttled once,
 * then moved".
 */
final class FakeMicrosoft extends Dispatcher {

    static final String TOKEN_PREFIX = "fake-access-token-";

    private static final Pattern TOKEN_PATH = Pattern.compile("^/([^/]+)/oauth2/v2\\.0/token$");

    private static final Pattern ASSIGN_LICENSE = Pattern.compile("^/users/([^/]+)/assignLicense$");

    private static final Pattern LICENSE_DETAILS = Pattern.compile("^/v1\\.0/users/([^/]+)/licenseDetails$");

    private final JsonMapper json = JsonMapper.builder().build();

    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    private final AtomicInteger tokensIssued = new AtomicInteger();

    private final Map<String, String> tenantOfToken = new ConcurrentHashMap<>();

    private final Set<String> revokedTokens = ConcurrentHashMap.newKeySet();

    private final Deque<MockResponse> tokenAnswers = new ArrayDeque<>();

    private volatile long tokenLifetimeSeconds = 3599;

    private final Deque<MockResponse> wholeBatchAnswers = new ArrayDeque<>();

    private final Map<String, Deque<Reply>> itemAnswers = new ConcurrentHashMap<>();

    private final Map<String, List<String>> licenses = new ConcurrentHashMap<>();

    private volatile String subscribedSkus = "[]";

    private volatile Duration batchHold = Duration.ZERO;

    private final Directory directory = new Directory();

    private final Map<String, AtomicInteger> inFlightByTenant = new ConcurrentHashMap<>();

    private final Map<String, Integer> mostInFlightByTenant = new ConcurrentHashMap<>();

    private final AtomicInteger inFlight = new AtomicInteger();

    private final AtomicInteger mostInFlight = new AtomicInteger();

    // --- scripting
    // ---------------------------------------------------------------------------

    /** One answer of a {@code $batch} item. */
    record Reply(int status, Map<String, String> headers, String errorCode, String errorMessage) {

        static Reply ok() {
            return new Reply(200, Map.of(), null, null);
        }

        static Reply error(int status, String code, String message) {
            return new Reply(status, Map.of(), code, message);
        }

        static Reply bare(int status) {
            return new Reply(status, Map.of(), null, null);
        }

        static Reply throttled(int retryAfterSeconds) {
            return new Reply(429, Map.of("Retry-After", String.valueOf(retryAfterSeconds)), "TooManyRequests",
                    "Too many requests");
        }
    }

    /** The item answers for this user's assignLicense, in order; the last one repeats. */
    void answer(String userId, Reply... replies) {
        itemAnswers.put(userId, new ArrayDeque<>(Arrays.asList(replies)));
    }

    /**
     * Answers to the whole {@code $batch} call before the items are looked at, in order.
     */
    synchronized void answerWholeBatch(MockResponse... responses) {
        wholeBatchAnswers.addAll(Arrays.asList(responses));
    }

    synchronized void answerTokenRequests(MockResponse... responses) {
        tokenAnswers.addAll(Arrays.asList(responses));
    }

    void tokenLifetime(long seconds) {
        tokenLifetimeSeconds = seconds;
    }

    /** Every token issued so far is refused from now on, as after a revocation. */
    void revokeIssuedTokens() {
        revokedTokens.addAll(tenantOfToken.keySet());
    }

    void subscribedSkus(String... skus) {
        subscribedSkus = "[" + String.join(",", skus) + "]";
    }

    void licenses(String userId, String... skuIds) {
        licenses.put(userId, List.of(skuIds));
    }

    /**
     * Each {@code $batch} stays open up to this long, waiting for another one to arrive
     * alongside.
     */
    void holdBatches(Duration hold) {
        batchHold = hold;
    }

    /**
     * The tenants' own state (users, subscribed SKUs, subscriptions), for the inventory
     * and the live checks: {@link Directory}.
     */
    Directory directory() {
        return directory;
    }

    // --- what was received
    // -------------------------------------------------------------------

    List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    List<RecordedRequest> requestsTo(String path) {
        return requests.stream().filter(r -> r.getUrl().encodedPath().equals(path)).toList();
    }

    List<RecordedRequest> tokenRequests() {
        return requests.stream().filter(r -> TOKEN_PATH.matcher(r.getUrl().encodedPath()).matches()).toList();
    }

    /** The form of a token request, field by field, decoded. */
    static Map<String, String> form(RecordedRequest request) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : bodyOf(request).split("&")) {
            String[] nameValue = pair.split("=", 2);
            fields.put(URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(nameValue.length > 1 ? nameValue[1] : "", StandardCharsets.UTF_8));
        }
        return fields;
    }

    /** The parsed bodies of the {@code $batch} calls received. */
    List<JsonNode> batches() {
        return requestsTo("/v1.0/$batch").stream().map(r -> json.readTree(bodyOf(r))).toList();
    }

    String tenantOf(RecordedRequest request) {
        return tenantOfToken.get(bearer(request));
    }

    int issuedTokens() {
        return tokensIssued.get();
    }

    int mostBatchesInFlight() {
        return mostInFlight.get();
    }

    int mostBatchesInFlight(String tenantId) {
        return mostInFlightByTenant.getOrDefault(tenantId, 0);
    }

    static String bodyOf(RecordedRequest request) {
        return request.getBody() == null ? "" : request.getBody().utf8();
    }

    static String bearer(RecordedRequest request) {
        String authorization = request.getHeaders().get("Authorization");
        return authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
    }

    // --- serving
    // -----------------------------------------------------------------------------

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        requests.add(request);
        String path = request.getUrl().encodedPath();
        Matcher token = TOKEN_PATH.matcher(path);
        if (token.matches()) {
            if (directory.refusesTokens(token.group(1))) {
                return jsonResponse(400, "{\"error\":\"unauthorized_client\",\"error_codes\":[700016],"
                        + "\"error_description\":\"AADSTS700016: Application not found in the directory\"}");
            }
            return token(token.group(1));
        }
        String tenant = tenantOfToken.get(bearer(request));
        if (tenant == null || revokedTokens.contains(bearer(request))) {
            return jsonResponse(401,
                    error("InvalidAuthenticationToken", "Access token has expired or is not yet valid."));
        }
        if (path.equals("/v1.0/subscribedSkus")) {
            String ofTenant = directory.subscribedSkus(tenant);
            return jsonResponse(200, "{\"value\":" + (ofTenant != null ? ofTenant : subscribedSkus) + "}");
        }
        if (path.equals("/v1.0/directory/subscriptions")) {
            return jsonResponse(200, "{\"value\":" + directory.subscriptions(tenant) + "}");
        }
        if (path.equals("/v1.0/users")) {
            return jsonResponse(200, directory.usersPage(tenant, request.getUrl()));
        }
        if (path.equals("/v1.0/$batch")) {
            return batch(tenant, json.readTree(bodyOf(request)));
        }
        Matcher details = LICENSE_DETAILS.matcher(path);
        if (details.matches()) {
            ArrayNode value = json.createArrayNode();
            List<String> held = directory.has(details.group(1)) ? directory.skuIds(details.group(1))
                    : licenses.getOrDefault(details.group(1), List.of());
            held.forEach(skuId -> value.addObject().put("skuId", skuId));
            ObjectNode body = json.createObjectNode();
            body.set("value", value);
            return jsonResponse(200, json.writeValueAsString(body));
        }
        return jsonResponse(404, error("Request_ResourceNotFound", "No such path " + path));
    }

    private MockResponse token(String tenant) {
        synchronized (this) {
            if (!tokenAnswers.isEmpty()) {
                return tokenAnswers.poll();
            }
        }
        String value = TOKEN_PREFIX + tokensIssued.incrementAndGet() + "-for-" + tenant;
        tenantOfToken.put(value, tenant);
        return jsonResponse(200, "{\"token_type\":\"Bearer\",\"expires_in\":" + tokenLifetimeSeconds
                + ",\"ext_expires_in\":" + tokenLifetimeSeconds + ",\"access_token\":\"" + value + "\"}");
    }

    private MockResponse batch(String tenant, JsonNode body) throws InterruptedException {
        holdWhileOthersArrive(tenant);
        synchronized (this) {
            if (!wholeBatchAnswers.isEmpty()) {
                return wholeBatchAnswers.poll();
            }
        }
        ArrayNode responses = json.createArrayNode();
        for (JsonNode item : body.path("requests")) {
            Matcher user = ASSIGN_LICENSE.matcher(item.path("url").asString(""));
            Reply reply = !user.matches() ? Reply.error(400, "BadRequest", "Invalid request")
                    : !itemAnswers.containsKey(user.group(1)) && directory.has(user.group(1))
                            ? directory.assignLicense(user.group(1), item.path("body")) : nextReply(user.group(1));
            ObjectNode response = responses.addObject();
            response.put("id", item.path("id").asString());
            response.put("status", reply.status());
            ObjectNode headers = response.putObject("headers");
            headers.put("Content-Type", "application/json");
            reply.headers().forEach(headers::put);
            if (reply.errorCode() != null) {
                response.set("body", json.readTree(error(reply.errorCode(), reply.errorMessage())));
            }
            else if (reply.status() == 200) {
                response.putObject("body").put("id", user.matches() ? user.group(1) : "");
            }
        }
        ObjectNode answer = json.createObjectNode();
        answer.set("responses", responses);
        return jsonResponse(200, json.writeValueAsString(answer));
    }

    private Reply nextReply(String userId) {
        Deque<Reply> script = itemAnswers.get(userId);
        if (script == null) {
            return Reply.ok();
        }
        synchronized (script) {
            return script.size() > 1 ? script.poll() : script.peek();
        }
    }

    private void holdWhileOthersArrive(String tenant) throws InterruptedException {
        AtomicInteger ofTenant = inFlightByTenant.computeIfAbsent(tenant, t -> new AtomicInteger());
        mostInFlightByTenant.merge(tenant, ofTenant.incrementAndGet(), Math::max);
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            long deadline = System.nanoTime() + batchHold.toNanos();
            // once two were in flight together, the point is made: nobody waits any
            // longer
            while (System.nanoTime() < deadline && mostInFlight.get() < 2) {
                Thread.sleep(5);
            }
        }
        finally {
            ofTenant.decrementAndGet();
            inFlight.decrementAndGet();
        }
    }

    private static String error(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
    }

    static MockResponse jsonResponse(int status, String body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse status(int status, String... headerLines) {
        MockResponse.Builder builder = new MockResponse.Builder().code(status);
        for (String line : headerLines) {
            builder.addHeader(line);
        }
        return builder.build();
    }

    static List<String> ids(JsonNode batch) {
        List<String> ids = new ArrayList<>();
        batch.path("requests").forEach(item -> ids.add(item.path("id").asString()));
        return ids;
    }

}
