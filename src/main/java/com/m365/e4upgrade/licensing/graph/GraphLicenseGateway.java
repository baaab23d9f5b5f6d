package com.m365.e4upgrade.licensing.graph;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import com.m365.e4upgrade.licensing.LicenseGateway;
import com.m365.e4upgrade.licensing.MoveOutcome;
import com.m365.e4upgrade.licensing.ServicePlan;
import com.m365.e4upgrade.licensing.Sku;
import com.m365.e4upgrade.licensing.SkuCatalog;
import com.m365.e4upgrade.licensing.SourceSubscription;
import com.m365.e4upgrade.licensing.TargetReadiness;
import com.m365.e4upgrade.licensing.TransientGatewayException;
import com.m365.e4upgrade.licensing.UserMove;
import com.m365.e4upgrade.licensing.WriteBatch;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves licenses in Microsoft Graph ({@code --gateway=graph}), as the app registered in Entra ID
 * acting in each customer tenant with its own client-credentials token.
 *
 * <ul>
 * <li>A write batch is one {@code POST /$batch} of one {@code assignLicense} per user that adds the
 * target and removes the source in the same call, so no user is ever without a license.</li>
 * <li>Each item's own status decides: 2xx is REASSIGNED; 429 and 5xx items alone are sent again
 * (after Retry-After, or a jittered backoff); other 4xx are SKIPPED with detail
 * {@code GRAPH_<error code>}. Items still throttled after graph.max-attempts make the whole call a
 * {@link TransientGatewayException}, so no user of the batch is reported as moved.</li>
 * <li>Replays are harmless: a batch resent after a crash gets 400 for users already moved (their
 * source license is gone); such a user who holds the target and not the source counts as
 * REASSIGNED.</li>
 * <li>Thread-safe, one instance for the whole run: the reassign step moves several tenants at
 * once. Within a tenant, writes are serialized by a per-tenant lock: the job already partitions
 * by tenant, and the lock makes sure that a mistake in that wiring costs time, not two batches
 * of one tenant racing each other (Graph throttles per tenant).</li>
 * </ul>
 *
 * Graph has no call to cancel a subscription bought directly, so {@link #cancel} leaves that to
 * the admin. The app needs application permissions, consented in every tenant, to assign licenses
 * and read users' license details (User.ReadWrite.All, or LicenseAssignment.ReadWrite.All where
 * offered) and to read the tenant's subscribed SKUs (Organization.Read.All); Graph's permissions
 * reference has the current least-privileged set.
 */
public class GraphLicenseGateway implements LicenseGateway {

    private static final Logger log = LoggerFactory.getLogger(GraphLicenseGateway.class);

    private static final String ENABLED = "Enabled";

    private final GraphSettings settings;
    private final SkuCatalog catalog;
    private final HttpClient http;
    private final JsonMapper json;
    private final Clock clock;
    private final GraphStatistics statistics = new GraphStatistics();
    private final Retrier retrier;
    private final AccessTokens tokens;
    private final ConcurrentMap<String, ReentrantLock> tenantWriteLocks = new ConcurrentHashMap<>();

    /** With its own HTTP client ({@link #newHttpClient}) and JSON mapper. */
    public GraphLicenseGateway(GraphSettings settings, SkuCatalog catalog) {
        this(settings, catalog, newHttpClient(settings), JsonMapper.builder().build());
    }

    public GraphLicenseGateway(GraphSettings settings, SkuCatalog catalog, HttpClient http, JsonMapper json) {
        this(settings, catalog, http, json, Clock.systemUTC(), Pause.SLEEP);
    }

    GraphLicenseGateway(GraphSettings settings, SkuCatalog catalog, HttpClient http, JsonMapper json, Clock clock,
            Pause pause) {
        this.settings = settings;
        this.catalog = catalog;
        this.http = http;
        this.json = json;
        this.clock = clock;
        this.retrier = new Retrier(settings, pause, statistics);
        this.tokens = new AccessTokens(settings, http, json, clock, retrier, statistics);
    }

    /** An HTTP client fit for Graph: the configured connect timeout, no redirects (a token must not follow one). */
    public static HttpClient newHttpClient(GraphSettings settings) {
        return HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Requests, retries and throttling so far, for the run's summary. */
    public GraphStatistics statistics() {
        return statistics;
    }

    public GraphSettings settings() {
        return settings;
    }

    // --- step 2 of the procedure: is the new subscription ready? ------------------------------

    /**
     * Reads the tenant's {@code subscribedSkus}. The target is found by part number or by its GUID
     * in the catalog (a tenant may show a part number Microsoft spells differently); its free seats
     * are the enabled prepaid units not yet consumed.
     */
    @Override
    public TargetReadiness checkTarget(String tenantId, String targetSku, int seatsNeeded) {
        String targetGuid = catalog.find(targetSku).map(Sku::guid).orElse(null);
        String what = "Graph GET /subscribedSkus of tenant " + tenantId;
        boolean enabled = false;
        long freeSeats = 0;
        URI page = URI.create(settings.baseUrl() + "/subscribedSkus");
        while (page != null) {
            JsonNode body = getOrFail(tenantId, page, what);
            for (JsonNode sku : body.path("value")) {
                boolean isTarget = sku.path("skuPartNumber").asString("").equalsIgnoreCase(targetSku)
                        || GraphHttp.sameGuid(sku.path("skuId").asString(""), targetGuid);
                if (isTarget && ENABLED.equalsIgnoreCase(sku.path("capabilityStatus").asString(""))) {
                    enabled = true;
                    freeSeats += sku.path("prepaidUnits").path("enabled").asLong(0) - sku.path("consumedUnits").asLong(0);
                }
            }
            page = nextPage(body);
        }
        TargetReadiness readiness = !enabled ? TargetReadiness.NOT_ACTIVE
                : freeSeats >= seatsNeeded ? TargetReadiness.READY : TargetReadiness.SEATS_INSUFFICIENT;
        log.info("Tenant {}: target {} is {} ({} free seats, {} needed)", tenantId, targetSku, readiness,
                enabled ? freeSeats : 0, seatsNeeded);
        return readiness;
    }

    /** Follows Graph's paging only within Graph: the bearer token must not go to any other host. */
    private URI nextPage(JsonNode body) {
        String next = body.path("@odata.nextLink").asString("");
        return next.startsWith(settings.baseUrl() + "/") ? URI.create(next) : null;
    }

    // --- step 3: move the users --------------------------------------------------------------

    @Override
    public List<MoveOutcome> move(WriteBatch batch) {
        Sku target = skuOf(batch.toSku(), "target");
        Sku source = skuOf(batch.fromSku(), "source");
        Map<String, UserMove> movesByItemId = new LinkedHashMap<>();
        for (UserMove move : batch.moves()) {
            // a stable id per user within the batch: a resend carries the same id for the same user
            movesByItemId.put(String.valueOf(movesByItemId.size() + 1), move);
        }
        ReentrantLock tenantLock = tenantWriteLocks.computeIfAbsent(batch.tenantId(), tenant -> new ReentrantLock());
        try {
            tenantLock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GraphGatewayException("Graph $batch " + batch.number() + " of tenant " + batch.tenantId()
                    + ": interrupted before sending", e);
        }
        try {
            return moveAlone(batch, movesByItemId, source, target);
        } finally {
            tenantLock.unlock();
        }
    }

    private List<MoveOutcome> moveAlone(WriteBatch batch, Map<String, UserMove> movesByItemId, Sku source, Sku target) {
        String tenantId = batch.tenantId();
        String what = "Graph $batch " + batch.number() + " of tenant " + tenantId;
        Map<String, ObjectNode> requests = new LinkedHashMap<>();
        movesByItemId.forEach((id, move) -> requests.put(id, assignLicense(id, move, source, target)));

        Set<String> pending = new LinkedHashSet<>(requests.keySet());
        Map<String, MoveOutcome> outcomes = new HashMap<>();
        Map<String, ItemReply> refused = new LinkedHashMap<>();
        retrier.run(what, () -> {
            ObjectNode body = json.createObjectNode();
            ArrayNode items = body.putArray("requests");
            pending.forEach(id -> items.add(requests.get(id)));
            Exchange exchange = call(tenantId, token -> HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/$batch"))
                    .timeout(settings.timeout())
                    .header("Authorization", "Bearer " + token.reveal())
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body), StandardCharsets.UTF_8))
                    .build());
            HttpResponse<String> response = exchange.response();
            int status = response.statusCode();
            if (GraphHttp.isTransient(status)) {
                if (status == 429) {
                    statistics.throttledOnce();
                }
                return Retrier.retry(GraphHttp.retryAfter(response, clock), "HTTP " + status + " on the whole $batch");
            }
            JsonNode answer = readOrNull(response.body());
            if (!GraphHttp.isSuccess(status)) {
                throw new GraphGatewayException(what + " refused: HTTP " + status + " "
                        + GraphHttp.errorCode(answer, status) + " " + GraphHttp.errorMessage(answer));
            }
            if (answer == null) {
                return Retrier.retry(null, "unreadable $batch answer");
            }
            return settleItems(tenantId, exchange.token(), answer, pending, movesByItemId, outcomes, refused);
        });

        // only now, with nothing left to resend, may a refusal turn out to be an earlier success
        refused.forEach((id, reply) -> outcomes.put(id, settleRefusal(tenantId, movesByItemId.get(id).userId(), reply,
                source, target)));

        List<MoveOutcome> result = movesByItemId.keySet().stream().map(outcomes::get).toList();
        long moved = result.stream().filter(o -> o.status() == MoveOutcome.Status.REASSIGNED).count();
        log.info("Tenant {} batch {}: {} reassigned, {} skipped", tenantId, batch.number(), moved, result.size() - moved);
        return result;
    }

    /** Reads each item's own status; those to send again stay pending. */
    private Retrier.Outcome<Void> settleItems(String tenantId, Secret token, JsonNode answer, Set<String> pending,
            Map<String, UserMove> movesByItemId, Map<String, MoveOutcome> outcomes, Map<String, ItemReply> refused) {
        Map<String, ItemReply> replies = new HashMap<>();
        for (JsonNode item : answer.path("responses")) {
            ItemReply reply = new ItemReply(item.path("id").asString(""), item.path("status").asInt(0),
                    item.path("headers"), item.path("body"));
            replies.put(reply.id(), reply);
        }
        Duration retryAfter = null;
        Set<String> transientStatuses = new LinkedHashSet<>();
        for (String id : List.copyOf(pending)) {
            ItemReply reply = replies.get(id);
            String userId = movesByItemId.get(id).userId();
            if (reply == null) {
                transientStatuses.add("no answer");
                continue;
            }
            int status = reply.status();
            if (GraphHttp.isSuccess(status)) {
                outcomes.put(id, MoveOutcome.reassigned(userId));
                pending.remove(id);
            } else if (GraphHttp.isTransient(status) || status == 401) {
                if (status == 429) {
                    statistics.throttledOnce();
                }
                if (status == 401) {
                    tokens.discard(tenantId, token);
                }
                transientStatuses.add(String.valueOf(status));
                Duration asked = GraphHttp.retryAfter(reply.headers(), clock);
                if (asked != null && (retryAfter == null || asked.compareTo(retryAfter) > 0)) {
                    retryAfter = asked;
                }
            } else {
                refused.put(id, reply);
                pending.remove(id);
            }
        }
        if (pending.isEmpty()) {
            return Retrier.done(null);
        }
        return Retrier.retry(retryAfter, pending.size() + " of the users answered " + String.join("/", transientStatuses));
    }

    /**
     * A 400 may be the replay of a batch that went through before a crash: removing a source
     * license the user no longer holds is refused. Graph's wording of that refusal varies, so any
     * 400 is checked against the user's licenses.
     */
    private MoveOutcome settleRefusal(String tenantId, String userId, ItemReply reply, Sku source, Sku target) {
        if (reply.status() == 400 && alreadyMoved(tenantId, userId, source, target)) {
            log.info("Tenant {} user {}: already holds {} and not {} (a batch replayed after a restart)",
                    tenantId, userId, target.partNumber(), source.partNumber());
            return MoveOutcome.reassigned(userId);
        }
        String detail = "GRAPH_" + GraphHttp.errorCode(reply.body(), reply.status());
        log.warn("Tenant {} user {}: skipped, Graph answered HTTP {} {} {}", tenantId, userId, reply.status(), detail,
                GraphHttp.errorMessage(reply.body()));
        return MoveOutcome.skipped(userId, detail);
    }

    private boolean alreadyMoved(String tenantId, String userId, Sku source, Sku target) {
        URI uri = URI.create(settings.baseUrl() + "/users/" + GraphHttp.pathSegment(userId) + "/licenseDetails");
        GraphReply reply = get(tenantId, uri, "Graph GET /users/" + userId + "/licenseDetails of tenant " + tenantId);
        if (!GraphHttp.isSuccess(reply.status()) || reply.body() == null) {
            return false;
        }
        boolean holdsTarget = false;
        boolean holdsSource = false;
        for (JsonNode license : reply.body().path("value")) {
            String skuId = license.path("skuId").asString("");
            holdsTarget |= GraphHttp.sameGuid(skuId, target.guid());
            holdsSource |= GraphHttp.sameGuid(skuId, source.guid());
        }
        return holdsTarget && !holdsSource;
    }

    private ObjectNode assignLicense(String id, UserMove move, Sku source, Sku target) {
        ObjectNode item = json.createObjectNode();
        item.put("id", id);
        item.put("method", "POST");
        item.put("url", "/users/" + GraphHttp.pathSegment(move.userId()) + "/assignLicense");
        item.putObject("headers").put("Content-Type", "application/json");
        ObjectNode body = item.putObject("body");
        ObjectNode add = body.putArray("addLicenses").addObject();
        add.put("skuId", target.guid());
        ArrayNode disabledPlans = add.putArray("disabledPlans");
        disabledPlanIds(move, target).forEach(disabledPlans::add);
        body.putArray("removeLicenses").add(source.guid());
        return item;
    }

    /** The planner kept only plans the target has; a name the catalog cannot resolve is left enabled. */
    private static List<String> disabledPlanIds(UserMove move, Sku target) {
        Set<String> ids = new LinkedHashSet<>();
        for (String name : move.keptDisabledPlans()) {
            target.servicePlans().stream()
                    .filter(plan -> plan.name().equalsIgnoreCase(name.strip()))
                    .map(ServicePlan::id)
                    .findFirst()
                    .ifPresent(ids::add);
        }
        return new ArrayList<>(ids);
    }

    private Sku skuOf(String partNumber, String role) {
        return catalog.find(partNumber).orElseThrow(() -> new GraphGatewayException("The " + role + " SKU "
                + partNumber + " is not in the SKU catalog: its GUID, which Graph needs, is unknown"));
    }

    // --- step 4 ------------------------------------------------------------------------------

    /** Graph cannot cancel a subscription bought directly: the admin does it in the admin center. */
    @Override
    public CancellationOutcome cancel(SourceSubscription subscription) {
        return CancellationOutcome.READY_TO_CANCEL;
    }

    // --- HTTP --------------------------------------------------------------------------------

    /** A GET whose every non-2xx answer, once retries are spent, stops the step. */
    private JsonNode getOrFail(String tenantId, URI uri, String what) {
        GraphReply reply = get(tenantId, uri, what);
        if (!GraphHttp.isSuccess(reply.status()) || reply.body() == null) {
            throw new GraphGatewayException(what + " refused: HTTP " + reply.status() + " "
                    + GraphHttp.errorCode(reply.body(), reply.status()) + " " + GraphHttp.errorMessage(reply.body()));
        }
        return reply.body();
    }

    /** A GET retried while throttled or unavailable; any other answer is the caller's to judge. */
    private GraphReply get(String tenantId, URI uri, String what) {
        return retrier.run(what, () -> {
            HttpResponse<String> response = call(tenantId, token -> HttpRequest.newBuilder(uri)
                    .timeout(settings.timeout())
                    .header("Authorization", "Bearer " + token.reveal())
                    .header("Accept", "application/json")
                    .GET()
                    .build()).response();
            int status = response.statusCode();
            if (GraphHttp.isTransient(status)) {
                if (status == 429) {
                    statistics.throttledOnce();
                }
                return Retrier.retry(GraphHttp.retryAfter(response, clock), "HTTP " + status);
            }
            JsonNode body = readOrNull(response.body());
            if (GraphHttp.isSuccess(status) && body == null) {
                return Retrier.retry(null, "unreadable answer");
            }
            return Retrier.done(new GraphReply(status, body));
        });
    }

    /** One call as the tenant's app; a 401 (token revoked or expired early) gets one fresh token and one repeat. */
    private Exchange call(String tenantId, Function<Secret, HttpRequest> request) throws IOException, InterruptedException {
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

    private JsonNode readOrNull(String body) {
        try {
            return body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    private record Exchange(HttpResponse<String> response, Secret token) {
    }

    private record GraphReply(int status, JsonNode body) {
    }

    private record ItemReply(String id, int status, JsonNode headers, JsonNode body) {
    }
}
