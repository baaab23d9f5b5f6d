package com.m365.e4upgrade.licensing.graph;

import java.net.URI;

import com.m365.e4upgrade.licensing.MoveOutcome;
import com.m365.e4upgrade.licensing.Sku;

import tools.jackson.databind.JsonNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a replayed batch harmless. A batch resent after a crash gets 400 for the users it
 * already moved: removing a source license the user no longer holds is refused. Graph's
 * wording of that refusal varies, so any 400 is checked against the user's licenses:
 * holding the target and not the source, the user counts as REASSIGNED. Every other
 * refusal skips the user with detail {@code GRAPH_<error code>}.
 */
final class ReplayCheck {

    private static final Logger log = LoggerFactory.getLogger(ReplayCheck.class);

    private final GraphCalls calls;

    ReplayCheck(GraphCalls calls) {
        this.calls = calls;
    }

    /**
     * The outcome of a user whose item Graph refused for good ({@code status} 4xx, not
     * 401 or 429).
     */
    MoveOutcome settleRefusal(String tenantId, String userId, int status, JsonNode body, Sku source, Sku target) {
        if (status == 400 && alreadyMoved(tenantId, userId, source, target)) {
            log.info("Tenant {} user {}: already holds {} and not {} (a batch replayed after a restart)", tenantId,
                    userId, target.partNumber(), source.partNumber());
            return MoveOutcome.reassigned(userId);
        }
        String detail = "GRAPH_" + GraphHttp.errorCode(body, status);
        log.warn("Tenant {} user {}: skipped, Graph answered HTTP {} {} {}", tenantId, userId, status, detail,
                GraphHttp.errorMessage(body));
        return MoveOutcome.skipped(userId, detail);
    }

    /**
     * When the licenses cannot be read, the refusal stands: a user is never reported as
     * moved on a guess.
     */
    private boolean alreadyMoved(String tenantId, String userId, Sku source, Sku target) {
        URI uri = calls.uri("/users/" + GraphHttp.pathSegment(userId) + "/licenseDetails");
        GraphCalls.Reply reply = calls.get(tenantId, uri,
                "Graph GET /users/" + userId + "/licenseDetails of tenant " + tenantId);
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

}
