package com.m365.e4upgrade.licensing.graph;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.m365.e4upgrade.licensing.MoveOutcome;
import com.m365.e4upgrade.licensing.Sku;
import com.m365.e4upgrade.licensing.SkuCatalog;
import com.m365.e4upgrade.licensing.TransientGatewayException;
import com.m365.e4upgrade.licensing.WriteBatch;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 3 of the procedure for one write batch: one {@code POST /$batch}
 * ({@link AssignLicenseBatch}) once the tenant's and the app's write quotas have room for
 * its items ({@link Quotas}), then each item's own status decides. 2xx is REASSIGNED;
 * 429, 5xx and 401 items alone are sent again (after the longest Retry-After among them,
 * or a jittered backoff); other 4xx are settled by the {@link ReplayCheck} once nothing
 * is left to resend. Items still failing after graph.max-attempts make the whole call a
 * {@link TransientGatewayException}, so no user of the batch is reported as moved.
 */
final class BatchMove {

    private static final Logger log = LoggerFactory.getLogger(BatchMove.class);

    private final GraphCalls calls;

    private final Retrier retrier;

    private final ReplayCheck replays;

    private final SkuCatalog catalog;

    private final JsonMapper json;

    private final Clock clock;

    private final GraphStatistics statistics;

    BatchMove(GraphCalls calls, Retrier retrier, ReplayCheck replays, SkuCatalog catalog, JsonMapper json, Clock clock,
            GraphStatistics statistics) {
        this.calls = calls;
        this.retrier = retrier;
        this.replays = replays;
        this.catalog = catalog;
        this.json = json;
        this.clock = clock;
        this.statistics = statistics;
    }

    List<MoveOutcome> move(WriteBatch batch) {
        Sku target = skuOf(batch.toSku(), "target");
        Sku source = skuOf(batch.fromSku(), "source");
        AssignLicenseBatch items = new AssignLicenseBatch(json, batch, source, target);
        String tenantId = batch.tenantId();
        String what = "Graph $batch " + batch.number() + " of tenant " + tenantId;
        URI endpoint = calls.uri("/$batch");

        Set<String> pending = new LinkedHashSet<>(items.ids());
        Map<String, MoveOutcome> outcomes = new HashMap<>();
        Map<String, ItemReply> refused = new LinkedHashMap<>();
        Quotas quotas = calls.quotas();
        retrier.run(what, () -> {
            quotas.awaitWrites(tenantId, pending.size());
            statistics.writesSent();
            GraphCalls.Exchange exchange = calls.post(tenantId, endpoint, items.body(pending));
            HttpResponse<String> response = exchange.response();
            int status = response.statusCode();
            if (GraphHttp.isTransient(status)) {
                statistics.writesAnswered(0);
                Retrier.Outcome<Void> retry = calls.retryLater(response, "HTTP " + status + " on the whole $batch");
                if (status == 429 && retry instanceof Retrier.Retry<Void> later && later.retryAfter() != null) {
                    quotas.throttledWrite(tenantId, GraphHttp.header(response, GraphHttp.THROTTLE_SCOPE),
                            later.retryAfter());
                }
                return retry;
            }
            JsonNode answer = calls.readOrNull(response.body());
            if (!GraphHttp.isSuccess(status)) {
                throw new GraphGatewayException(what + " refused: HTTP " + status + " "
                        + GraphHttp.errorCode(answer, status) + " " + GraphHttp.errorMessage(answer));
            }
            if (answer == null) {
                return Retrier.retry(null, "unreadable $batch answer");
            }
            return settleItems(tenantId, exchange.token(), answer, items, pending, outcomes, refused);
        });

        // only now, with nothing left to resend, may a refusal turn out to be an earlier
        // success
        refused.forEach((id, reply) -> outcomes.put(id,
                replays.settleRefusal(tenantId, items.userId(id), reply.status(), reply.body(), source, target)));

        List<MoveOutcome> result = items.ids().stream().map(outcomes::get).toList();
        long moved = result.stream().filter(o -> o.status() == MoveOutcome.Status.REASSIGNED).count();
        log.info("Tenant {} batch {}: {} reassigned, {} skipped", tenantId, batch.number(), moved,
                result.size() - moved);
        return result;
    }

    /** Reads each item's own status; those to send again stay pending. */
    private Retrier.Outcome<Void> settleItems(String tenantId, Secret token, JsonNode answer, AssignLicenseBatch items,
            Set<String> pending, Map<String, MoveOutcome> outcomes, Map<String, ItemReply> refused) {
        Map<String, ItemReply> replies = new HashMap<>();
        for (JsonNode item : answer.path("responses")) {
            ItemReply reply = new ItemReply(item.path("id").asString(""), item.path("status").asInt(0),
                    item.path("headers"), item.path("body"));
            replies.put(reply.id(), reply);
        }
        Duration retryAfter = null;
        String throttleScope = null;
        boolean warned = false;
        String warningScope = null;
        int accepted = 0;
        Set<String> transientStatuses = new LinkedHashSet<>();
        for (String id : List.copyOf(pending)) {
            ItemReply reply = replies.get(id);
            if (reply == null) {
                transientStatuses.add("no answer");
                continue;
            }
            int status = reply.status();
            if (GraphHttp.nearLimit(GraphHttp.header(reply.headers(), GraphHttp.LIMIT_PERCENTAGE))) {
                warned = true;
                warningScope = GraphHttp.header(reply.headers(), GraphHttp.THROTTLE_SCOPE);
            }
            if (GraphHttp.isSuccess(status)) {
                outcomes.put(id, MoveOutcome.reassigned(items.userId(id)));
                pending.remove(id);
                accepted++;
            }
            else if (GraphHttp.isTransient(status) || status == 401) {
                if (status == 429) {
                    statistics.throttledOnce();
                    throttleScope = GraphHttp.header(reply.headers(), GraphHttp.THROTTLE_SCOPE);
                }
                if (status == 401) {
                    calls.refused(tenantId, token);
                }
                transientStatuses.add(String.valueOf(status));
                Duration asked = GraphHttp.retryAfter(reply.headers(), clock);
                if (asked != null && (retryAfter == null || asked.compareTo(retryAfter) > 0)) {
                    retryAfter = asked;
                }
            }
            else {
                refused.put(id, reply);
                pending.remove(id);
            }
        }
        statistics.writesAnswered(accepted);
        Quotas quotas = calls.quotas();
        if (warned) {
            // one warning per answer: its items share the limits it is about
            quotas.warnedWrite(tenantId, warningScope);
        }
        if (retryAfter != null && transientStatuses.contains("429")) {
            // the tenant's other batches wait too, rather than earning 429s of their own
            quotas.throttledWrite(tenantId, throttleScope, retryAfter);
        }
        if (pending.isEmpty()) {
            return Retrier.done(null);
        }
        return Retrier.retry(retryAfter,
                pending.size() + " of the users answered " + String.join("/", transientStatuses));
    }

    private Sku skuOf(String partNumber, String role) {
        return catalog.find(partNumber)
            .orElseThrow(() -> new GraphGatewayException("The " + role + " SKU " + partNumber
                    + " is not in the SKU catalog: its GUID, which Graph needs, is unknown"));
    }

    private record ItemReply(String id, int status, JsonNode headers, JsonNode body) {
    }

}
