package com.m365.e4upgrade.licensing.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.m365.e4upgrade.licensing.ServicePlan;
import com.m365.e4upgrade.licensing.Sku;
import com.m365.e4upgrade.licensing.UserMove;
import com.m365.e4upgrade.licensing.WriteBatch;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code $batch} of one write batch: per user, one {@code assignLicense} that adds
 * the target and removes the source in the same call, so no user is ever without a
 * license. Each user has an item id, stable within the batch, so that a resend carries
 * the same id for the same user.
 */
final class AssignLicenseBatch {

    private final JsonMapper json;

    private final Map<String, UserMove> movesById = new LinkedHashMap<>();

    private final Map<String, ObjectNode> itemsById = new LinkedHashMap<>();

    AssignLicenseBatch(JsonMapper json, WriteBatch batch, Sku source, Sku target) {
        this.json = json;
        for (UserMove move : batch.moves()) {
            String id = String.valueOf(movesById.size() + 1);
            movesById.put(id, move);
            itemsById.put(id, item(id, move, source, target));
        }
    }

    /** The item ids, in the batch's order of users. */
    Set<String> ids() {
        return movesById.keySet();
    }

    String userId(String id) {
        return movesById.get(id).userId();
    }

    /**
     * The request body holding the items of these ids only: a resend leaves out the users
     * already settled.
     */
    String body(Collection<String> ids) {
        ObjectNode body = json.createObjectNode();
        ArrayNode items = body.putArray("requests");
        ids.forEach(id -> items.add(itemsById.get(id)));
        return json.writeValueAsString(body);
    }

    private ObjectNode item(String id, UserMove move, Sku source, Sku target) {
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

    /**
     * The planner kept only plans the target has; a name the catalog cannot resolve is
     * left enabled.
     */
    private static List<String> disabledPlanIds(UserMove move, Sku target) {
        Set<String> ids = new LinkedHashSet<>();
        for (String name : move.keptDisabledPlans()) {
            target.servicePlans()
                .stream()
                .filter(plan -> plan.name().equalsIgnoreCase(name.strip()))
                .map(ServicePlan::id)
                .findFirst()
                .ifPresent(ids::add);
        }
        return new ArrayList<>(ids);
    }

}
