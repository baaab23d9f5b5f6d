package com.m365.e4upgrade.licensing.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import okhttp3.HttpUrl;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tenants as {@link FakeMicrosoft} holds them: users with their licenses (direct or
 * through a group, with disabled plans), each tenant's subscribed SKUs (consumed units
 * counted from the users) and directory subscriptions, and tenants that refuse the app.
 * An {@code assignLicense} on a user held here changes the user as Graph would: it is
 * refused (400) when it removes a license the user does not hold directly.
 */
final class Directory {

    private static final Pattern SKU_FILTER = Pattern.compile("skuId eq ([0-9a-fA-F-]{36})");

    private final JsonMapper json = JsonMapper.builder().build();

    private final Map<String, User> users = new ConcurrentHashMap<>();

    private final Map<String, List<Sku>> skus = new ConcurrentHashMap<>();

    private final Map<String, List<ObjectNode>> subscriptions = new ConcurrentHashMap<>();

    private final Set<String> refusing = ConcurrentHashMap.newKeySet();

    private final List<String> userQueries = new CopyOnWriteArrayList<>();

    private volatile int pageSize = 100;

    /** A user of the tenant, to be given licenses. */
    User user(String tenantId, String userId, String userPrincipalName) {
        User user = new User(tenantId.toLowerCase(Locale.ROOT), userId, userPrincipalName);
        users.put(key(userId), user);
        return user;
    }

    User user(String userId) {
        return users.get(key(userId));
    }

    /** One of the tenant's subscribedSkus; its consumed units are its holders. */
    void subscribedSku(String tenantId, String partNumber, String skuId, long enabledUnits, String capabilityStatus) {
        skus.computeIfAbsent(tenantId.toLowerCase(Locale.ROOT), t -> new CopyOnWriteArrayList<>())
            .add(new Sku(partNumber, skuId, enabledUnits, capabilityStatus));
    }

    /** One of the tenant's directory subscriptions (companySubscription). */
    void subscription(String tenantId, String id, String commerceSubscriptionId, String partNumber, String skuId,
            String status, long totalLicenses) {
        ObjectNode subscription = json.createObjectNode();
        subscription.put("id", id);
        subscription.put("commerceSubscriptionId", commerceSubscriptionId);
        subscription.put("skuId", skuId);
        subscription.put("skuPartNumber", partNumber);
        subscription.put("status", status);
        subscription.put("totalLicenses", totalLicenses);
        subscription.put("isTrial", false);
        subscriptions.computeIfAbsent(tenantId.toLowerCase(Locale.ROOT), t -> new CopyOnWriteArrayList<>())
            .add(subscription);
    }

    /** The tenant never consented: Entra ID refuses the app a token there. */
    void refuseTokens(String tenantId) {
        refusing.add(tenantId.toLowerCase(Locale.ROOT));
    }

    /** Users per page of GET /users. */
    void pageSize(int users) {
        pageSize = users;
    }

    /** The GET /users received, as their query strings. */
    List<String> userQueries() {
        return List.copyOf(userQueries);
    }

    // --- serving ---

    boolean refusesTokens(String tenantId) {
        return refusing.contains(tenantId.toLowerCase(Locale.ROOT));
    }

    boolean has(String userId) {
        return users.containsKey(key(userId));
    }

    List<String> skuIds(String userId) {
        return List.copyOf(users.get(key(userId)).held().keySet());
    }

    /** The tenant's subscribedSkus, or null when the test gave it none. */
    String subscribedSkus(String tenantId) {
        List<Sku> ofTenant = skus.get(tenantId.toLowerCase(Locale.ROOT));
        if (ofTenant == null) {
            return null;
        }
        ArrayNode value = json.createArrayNode();
        for (Sku sku : ofTenant) {
            long consumed = users.values()
                .stream()
                .filter(user -> user.tenantId.equals(tenantId.toLowerCase(Locale.ROOT)))
                .filter(user -> user.held().containsKey(key(sku.skuId())))
                .count();
            ObjectNode node = value.addObject();
            node.put("capabilityStatus", sku.capabilityStatus());
            node.put("consumedUnits", consumed);
            node.put("skuId", sku.skuId());
            node.put("skuPartNumber", sku.partNumber());
            node.put("appliesTo", "User");
            ObjectNode prepaid = node.putObject("prepaidUnits");
            prepaid.put("enabled", sku.enabledUnits());
            prepaid.put("suspended", 0);
            prepaid.put("warning", 0);
            prepaid.put("lockedOut", 0);
        }
        return json.writeValueAsString(value);
    }

    String subscriptions(String tenantId) {
        ArrayNode value = json.createArrayNode();
        subscriptions.getOrDefault(tenantId.toLowerCase(Locale.ROOT), List.of()).forEach(value::add);
        return json.writeValueAsString(value);
    }

    /**
     * A page of the users of the tenant holding the SKU of the $filter, with a nextLink
     * while more remain.
     */
    String usersPage(String tenantId, HttpUrl url) {
        userQueries.add(url.encodedQuery());
        String filter = url.queryParameter("$filter");
        Matcher sku = SKU_FILTER.matcher(filter == null ? "" : filter);
        String skuId = sku.find() ? key(sku.group(1)) : null;
        List<User> matching = users.values()
            .stream()
            .filter(user -> user.tenantId.equals(tenantId.toLowerCase(Locale.ROOT)))
            .filter(user -> skuId == null || user.held().containsKey(skuId))
            .sorted((a, b) -> a.id.compareTo(b.id))
            .toList();
        String skip = url.queryParameter("$skiptoken");
        int from = skip == null ? 0 : Integer.parseInt(skip);
        int to = Math.min(matching.size(), from + pageSize);
        ObjectNode page = json.createObjectNode();
        ArrayNode value = page.putArray("value");
        matching.subList(from, to).forEach(user -> value.add(user.toJson()));
        if (to < matching.size()) {
            page.put("@odata.nextLink",
                    url.newBuilder().setQueryParameter("$skiptoken", String.valueOf(to)).build().toString());
        }
        return json.writeValueAsString(page);
    }

    /** One assignLicense item of a $batch, applied as Graph applies it. */
    FakeMicrosoft.Reply assignLicense(String userId, JsonNode body) {
        User user = users.get(key(userId));
        synchronized (user) {
            for (JsonNode removed : body.path("removeLicenses")) {
                if (!user.direct.containsKey(key(removed.asString()))) {
                    return FakeMicrosoft.Reply.error(400, "Request_BadRequest",
                            "User does not have a corresponding license.");
                }
            }
            for (JsonNode removed : body.path("removeLicenses")) {
                user.direct.remove(key(removed.asString()));
            }
            for (JsonNode added : body.path("addLicenses")) {
                List<String> disabled = new ArrayList<>();
                added.path("disabledPlans").forEach(plan -> disabled.add(key(plan.asString())));
                user.direct.put(key(added.path("skuId").asString()), disabled);
            }
            user.assignments++;
        }
        return FakeMicrosoft.Reply.ok();
    }

    private static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    private record Sku(String partNumber, String skuId, long enabledUnits, String capabilityStatus) {
    }

    /** A user of a tenant; licenses by SKU GUID (lower case). */
    final class User {

        private final String tenantId;

        private final String id;

        private final String userPrincipalName;

        private String displayName;

        private String usageLocation;

        private boolean accountEnabled = true;

        private final Map<String, List<String>> direct = new LinkedHashMap<>();

        private final Map<String, String> groupOf = new LinkedHashMap<>();

        private final Map<String, List<String>> groupDisabled = new LinkedHashMap<>();

        private int assignments;

        private User(String tenantId, String id, String userPrincipalName) {
            this.tenantId = tenantId;
            this.id = id;
            this.userPrincipalName = userPrincipalName;
        }

        User displayName(String name) {
            this.displayName = name;
            return this;
        }

        User usageLocation(String country) {
            this.usageLocation = country;
            return this;
        }

        User accountDisabled() {
            this.accountEnabled = false;
            return this;
        }

        /** A license assigned directly, with these service plans disabled. */
        User license(String skuId, String... disabledPlanIds) {
            direct.put(key(skuId), Arrays.stream(disabledPlanIds).map(Directory::key).toList());
            return this;
        }

        /** A license inherited from a group. */
        User groupLicense(String skuId, String groupId, String... disabledPlanIds) {
            groupOf.put(key(skuId), groupId);
            groupDisabled.put(key(skuId), Arrays.stream(disabledPlanIds).map(Directory::key).toList());
            return this;
        }

        /** Every license the user holds (direct first), with its disabled plans. */
        synchronized Map<String, List<String>> held() {
            Map<String, List<String>> held = new LinkedHashMap<>(direct);
            groupDisabled.forEach(held::putIfAbsent);
            return held;
        }

        synchronized Map<String, List<String>> directLicenses() {
            return new LinkedHashMap<>(direct);
        }

        /** How many assignLicense calls changed this user. */
        synchronized int assignments() {
            return assignments;
        }

        private synchronized ObjectNode toJson() {
            ObjectNode node = json.createObjectNode();
            node.put("id", id);
            node.put("userPrincipalName", userPrincipalName);
            node.put("displayName", displayName);
            node.put("usageLocation", usageLocation);
            node.put("accountEnabled", accountEnabled);
            ArrayNode assigned = node.putArray("assignedLicenses");
            held().forEach((skuId, disabled) -> {
                ObjectNode license = assigned.addObject();
                license.put("skuId", skuId);
                ArrayNode plans = license.putArray("disabledPlans");
                disabled.forEach(plans::add);
            });
            ArrayNode states = node.putArray("licenseAssignmentStates");
            direct.forEach((skuId, disabled) -> state(states, skuId, null, disabled));
            groupOf.forEach((skuId, group) -> state(states, skuId, group, groupDisabled.get(skuId)));
            return node;
        }

        private static void state(ArrayNode states, String skuId, String group, List<String> disabled) {
            ObjectNode state = states.addObject();
            state.put("skuId", skuId);
            state.put("assignedByGroup", group);
            state.put("state", "Active");
            state.put("error", "None");
            ArrayNode plans = state.putArray("disabledPlans");
            disabled.forEach(plans::add);
        }

    }

}
