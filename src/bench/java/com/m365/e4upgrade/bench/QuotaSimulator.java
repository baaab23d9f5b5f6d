package com.m365.e4upgrade.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local stand-in for Entra ID's token endpoint and the Graph calls of the job, enforcing
 * Microsoft's write quotas on {@code assignLicense} as token buckets, to measure how close
 * the job runs to them. Loopback only.
 *
 * <ul>
 * <li>{@code POST /{tenant}/oauth2/v2.0/token}: a token for the tenant (any client id and
 * secret).</li>
 * <li>{@code GET /v1.0/subscribedSkus}: E4 and the targets, enabled, with seats to
 * spare.</li>
 * <li>{@code POST /v1.0/$batch} of up to 20 {@code assignLicense}: each item takes one token
 * from three buckets, per app and tenant (default 3,000 per 150 s), per app (35,000 per
 * 300 s) and per tenant (18,000 per 300 s; one app here, so it binds only if set lower).
 * An item some bucket cannot pay for answers 429 with its own {@code Retry-After} (whole
 * seconds until that bucket holds a token again) and {@code x-ms-throttle-scope}; an
 * accepted item past 80 % of a bucket carries {@code x-ms-throttle-limit-percentage}. An
 * accepted item really swaps the licenses: removing one the user does not hold answers
 * 400, so a replayed move shows.</li>
 * <li>{@code GET /v1.0/users/{id}/licenseDetails}: the user's licenses now.</li>
 * <li>{@code POST /bench/stop}: writes the report and ends the process.</li>
 * </ul>
 * Latency: a {@code $batch} answers after latency + per-item x items, any other call after
 * the GET latency. Buckets start full, their burst being the window's whole amount times
 * {@code --burst} (1.0 by default). The process ends by itself after {@code --timeout-s}.
 *
 * <pre>
 * QuotaSimulator --users=users.csv --port-file=port --report-dir=DIR [--latency-ms=300]
 *   [--per-item-ms=30] [--get-ms=150] [--app-tenant-quota=3000/150] [--app-quota=35000/300]
 *   [--tenant-quota=18000/300] [--burst=1.0] [--threads=128] [--timeout-s=3600]
 * </pre>
 */
public final class QuotaSimulator {

    private static final Pattern TOKEN_PATH = Pattern.compile("^/([^/]+)/oauth2/v2\\.0/token$");

    private static final Pattern ASSIGN_LICENSE = Pattern.compile("^/users/([^/]+)/assignLicense$");

    private static final Pattern LICENSE_DETAILS = Pattern.compile("^/v1\\.0/users/([^/]+)/licenseDetails$");

    private static final String CATALOG = "catalog/product-names-and-service-plan-identifiers.csv";

    private static final String[] SUBSCRIBED = { "ENTERPRISEWITHSCAL", "SPE_E5", "SPE_E3", "ENTERPRISEPACK",
            "ENTERPRISEPREMIUM" };

    private final JsonMapper json = JsonMapper.builder().build();

    private final long latencyMs;

    private final long perItemMs;

    private final long getMs;

    private final Path reportDir;

    private final long startNanos = System.nanoTime();

    private final long startEpochMs = System.currentTimeMillis();

    /** Part number to GUID, for the SKUs {@code subscribedSkus} shows. */
    private final Map<String, String> skuGuids = new LinkedHashMap<>();

    private final Map<String, String> tenantOfUser = new HashMap<>();

    private final Map<String, Set<String>> licenses = new ConcurrentHashMap<>();

    private final Map<String, String> tenantOfToken = new ConcurrentHashMap<>();

    // the quotas, and what they saw: guarded by "this"
    private final double[] appTenantQuota;

    private final double[] tenantQuota;

    private final double burst;

    private final Bucket app;

    private final Map<String, Bucket> appTenant = new HashMap<>();

    private final Map<String, Bucket> tenant = new HashMap<>();

    private final Map<String, TenantRecord> records = new TreeMap<>();

    private final TreeMap<Long, long[]> perSecond = new TreeMap<>();

    private long accepted;

    private long throttled;

    private final Map<String, Long> throttledByScope = new TreeMap<>();

    private long firstBatchNanos = -1;

    private long lastAcceptedAnswerNanos = -1;

    private long percentageHeaders;

    // other counters
    private final AtomicLong batches = new AtomicLong();

    private final AtomicLong tokens = new AtomicLong();

    private final AtomicLong gets = new AtomicLong();

    private final AtomicLong refused = new AtomicLong();

    private final AtomicBoolean stopped = new AtomicBoolean();

    private HttpServer server;

    private ExecutorService pool;

    public QuotaSimulator(Map<String, String> options) throws IOException {
        latencyMs = Long.parseLong(options.getOrDefault("latency-ms", "300"));
        perItemMs = Long.parseLong(options.getOrDefault("per-item-ms", "30"));
        getMs = Long.parseLong(options.getOrDefault("get-ms", "150"));
        burst = Double.parseDouble(options.getOrDefault("burst", "1.0"));
        appTenantQuota = quota(options.getOrDefault("app-tenant-quota", "3000/150"));
        tenantQuota = quota(options.getOrDefault("tenant-quota", "18000/300"));
        double[] appQuota = quota(options.getOrDefault("app-quota", "35000/300"));
        app = new Bucket("Application/All/bench", appQuota, burst, startNanos);
        reportDir = Path.of(BenchArgs.required(options, "report-dir"));
        Files.createDirectories(reportDir);
        readCatalog();
        readUsers(Path.of(BenchArgs.required(options, "users")));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchArgs.parse(args, "users", "port-file", "report-dir", "latency-ms",
                "per-item-ms", "get-ms", "app-tenant-quota", "app-quota", "tenant-quota", "burst", "threads",
                "timeout-s");
        QuotaSimulator simulator = new QuotaSimulator(options);
        int threads = Integer.parseInt(options.getOrDefault("threads", "128"));
        long timeoutSeconds = Long.parseLong(options.getOrDefault("timeout-s", "3600"));
        int port = simulator.start(threads);
        Path portFile = Path.of(BenchArgs.required(options, "port-file"));
        Files.writeString(portFile.resolveSibling(portFile.getFileName() + ".tmp"), Integer.toString(port));
        Files.move(portFile.resolveSibling(portFile.getFileName() + ".tmp"), portFile,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.out.printf(Locale.ROOT,
                "quota simulator on 127.0.0.1:%d: %,d users; $batch %d ms + %d ms/item, GET/token %d ms;"
                        + " quotas app+tenant %s, app %s, tenant %s, burst x%s; stops after %d s%n",
                port, simulator.tenantOfUser.size(), simulator.latencyMs, simulator.perItemMs, simulator.getMs,
                options.getOrDefault("app-tenant-quota", "3000/150"), options.getOrDefault("app-quota", "35000/300"),
                options.getOrDefault("tenant-quota", "18000/300"), simulator.burst, timeoutSeconds);
        Thread timeout = new Thread(() -> {
            try {
                Thread.sleep(timeoutSeconds * 1000);
                System.out.println("quota simulator: timed out after " + timeoutSeconds + " s");
                // not on a daemon thread (this one, or one it starts without saying): the
                // JVM would end once the server's threads stopped, before the report
                Thread stop = new Thread(() -> simulator.stop(3), "simulator-stop");
                stop.setDaemon(false);
                stop.start();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "simulator-timeout");
        timeout.setDaemon(true);
        timeout.start();
    }

    /** Serves on a free loopback port, which it returns. */
    public int start(int threads) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        pool = Executors.newFixedThreadPool(threads);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
        return server.getAddress().getPort();
    }

    // --- serving ----------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.equals("/bench/stop") && method.equals("POST")) {
                answer(exchange, 200, "{\"stopping\":true}", Map.of());
                new Thread(() -> stop(0), "simulator-stop").start();
                return;
            }
            Matcher token = TOKEN_PATH.matcher(path);
            if (token.matches() && method.equals("POST")) {
                sleep(getMs);
                String tenantId = URLDecoder.decode(token.group(1), StandardCharsets.UTF_8);
                String value = "sim-token-" + tokens.incrementAndGet() + "-" + tenantId;
                tenantOfToken.put(value, tenantId);
                answer(exchange, 200, "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,"
                        + "\"access_token\":\"" + value + "\"}", Map.of());
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String tenantId = authorization != null && authorization.startsWith("Bearer ")
                    ? tenantOfToken.get(authorization.substring(7)) : null;
            if (tenantId == null) {
                answer(exchange, 401, error("InvalidAuthenticationToken", "Unknown access token"), Map.of());
                return;
            }
            if (path.equals("/v1.0/$batch") && method.equals("POST")) {
                batch(exchange, tenantId, body);
                return;
            }
            if (path.equals("/v1.0/subscribedSkus") && method.equals("GET")) {
                gets.incrementAndGet();
                sleep(getMs);
                answer(exchange, 200, subscribedSkus(), Map.of());
                return;
            }
            Matcher details = LICENSE_DETAILS.matcher(path);
            if (details.matches() && method.equals("GET")) {
                gets.incrementAndGet();
                sleep(getMs);
                String userId = URLDecoder.decode(details.group(1), StandardCharsets.UTF_8);
                if (!tenantId.equals(tenantOfUser.get(userId))) {
                    answer(exchange, 404, error("Request_ResourceNotFound", "No such user"), Map.of());
                    return;
                }
                ObjectNode answer = json.createObjectNode();
                ArrayNode value = answer.putArray("value");
                for (String skuId : held(userId)) {
                    value.addObject().put("skuId", skuId);
                }
                answer(exchange, 200, json.writeValueAsString(answer), Map.of());
                return;
            }
            answer(exchange, 404, error("Request_ResourceNotFound", "No such path " + path), Map.of());
        }
        catch (RuntimeException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 500, error("InternalServerError", String.valueOf(e)), Map.of());
        }
    }

    private void batch(HttpExchange exchange, String tenantId, byte[] body) throws IOException, InterruptedException {
        long arrived = System.nanoTime();
        batches.incrementAndGet();
        JsonNode requests = json.readTree(body).path("requests");
        if (!requests.isArray() || requests.size() > 20) {
            answer(exchange, 400, error("BadRequest", "A $batch holds 1 to 20 requests"), Map.of());
            return;
        }
        ObjectNode answer = json.createObjectNode();
        ArrayNode responses = answer.putArray("responses");
        int acceptedHere = 0;
        for (JsonNode item : requests) {
            ObjectNode response = responses.addObject();
            response.put("id", item.path("id").asString(""));
            ObjectNode headers = response.putObject("headers");
            headers.put("Content-Type", "application/json");
            Matcher user = ASSIGN_LICENSE.matcher(item.path("url").asString(""));
            if (!user.matches() || !item.path("method").asString("").equals("POST")) {
                response.put("status", 400);
                response.set("body", json.readTree(error("BadRequest", "Only assignLicense is simulated")));
                continue;
            }
            String userId = URLDecoder.decode(user.group(1), StandardCharsets.UTF_8);
            Decision decision = take(tenantId, arrived);
            if (decision.scope() != null) {
                response.put("status", 429);
                headers.put("Retry-After", Long.toString(decision.retryAfterSeconds()));
                headers.put("x-ms-throttle-scope", decision.scope());
                response.set("body", json.readTree(error("TooManyRequests", "Too many requests")));
                continue;
            }
            acceptedHere++;
            if (decision.percentage() > 0.8) {
                headers.put("x-ms-throttle-limit-percentage", String.format(Locale.ROOT, "%.2f", decision.percentage()));
            }
            assignLicense(tenantId, userId, item.path("body"), response);
        }
        sleep(latencyMs + perItemMs * requests.size());
        answered(tenantId, acceptedHere);
        answer(exchange, 200, json.writeValueAsString(answer), Map.of());
    }

    /** Applies an accepted assignLicense to the user's licenses, all or nothing. */
    private void assignLicense(String tenantId, String userId, JsonNode body, ObjectNode response) {
        if (!tenantId.equals(tenantOfUser.get(userId))) {
            response.put("status", 404);
            response.set("body", json.readTree(error("Request_ResourceNotFound", "No such user " + userId)));
            refused.incrementAndGet();
            return;
        }
        Set<String> held = licenses.get(userId);
        synchronized (held) {
            List<String> remove = new ArrayList<>();
            body.path("removeLicenses").forEach(id -> remove.add(id.asString("").toLowerCase(Locale.ROOT)));
            for (String skuId : remove) {
                if (!held.contains(skuId)) {
                    response.put("status", 400);
                    response.set("body", json.readTree(error("Request_BadRequest",
                            "User does not have a corresponding license " + skuId)));
                    refused.incrementAndGet();
                    return;
                }
            }
            held.removeAll(remove);
            body.path("addLicenses")
                .forEach(add -> held.add(add.path("skuId").asString("").toLowerCase(Locale.ROOT)));
        }
        response.put("status", 200);
        response.putObject("body").put("id", userId);
    }

    private List<String> held(String userId) {
        Set<String> held = licenses.getOrDefault(userId, Set.of());
        synchronized (held) {
            return new ArrayList<>(held);
        }
    }

    private String subscribedSkus() {
        ObjectNode answer = json.createObjectNode();
        ArrayNode value = answer.putArray("value");
        skuGuids.forEach((partNumber, guid) -> {
            ObjectNode sku = value.addObject();
            sku.put("capabilityStatus", "Enabled");
            sku.put("consumedUnits", 0);
            sku.put("skuId", guid);
            sku.put("skuPartNumber", partNumber);
            sku.put("appliesTo", "User");
            sku.putObject("prepaidUnits").put("enabled", 1_000_000).put("suspended", 0).put("warning", 0);
        });
        return json.writeValueAsString(answer);
    }

    // --- the quotas -------------------------------------------------------------------------

    /** One write: paid by all three buckets, or by none and throttled. */
    private synchronized Decision take(String tenantId, long now) {
        if (firstBatchNanos < 0) {
            firstBatchNanos = now;
        }
        Bucket ofAppTenant = appTenant.computeIfAbsent(tenantId,
                t -> new Bucket("Tenant_Application/All/bench/" + t, appTenantQuota, burst, startNanos));
        Bucket ofTenant = tenant.computeIfAbsent(tenantId,
                t -> new Bucket("Tenant/All/" + t, tenantQuota, burst, startNanos));
        Bucket[] buckets = { ofAppTenant, app, ofTenant };
        Bucket short_ = null;
        double wait = 0;
        for (Bucket bucket : buckets) {
            bucket.refill(now);
            double seconds = bucket.secondsUntilOne();
            if (seconds > wait) {
                wait = seconds;
                short_ = bucket;
            }
        }
        TenantRecord record = records.computeIfAbsent(tenantId, t -> new TenantRecord());
        long second = (now - startNanos) / 1_000_000_000L;
        long[] counts = perSecond.computeIfAbsent(second, s -> new long[2]);
        long[] tenantCounts = record.perSecond.computeIfAbsent(second, s -> new long[2]);
        if (record.firstBatchNanos < 0) {
            record.firstBatchNanos = now;
        }
        if (short_ != null) {
            throttled++;
            counts[1]++;
            tenantCounts[1]++;
            record.throttled++;
            throttledByScope.merge(short_.scope.substring(0, short_.scope.indexOf('/')), 1L, Long::sum);
            return new Decision(short_.scope, Math.max(1, (long) Math.ceil(wait)), 0);
        }
        double percentage = 0;
        for (Bucket bucket : buckets) {
            bucket.tokens -= 1;
            percentage = Math.max(percentage, bucket.usage());
        }
        if (percentage > 0.8) {
            percentageHeaders++;
        }
        accepted++;
        counts[0]++;
        tenantCounts[0]++;
        record.accepted++;
        return new Decision(null, 0, percentage);
    }

    private synchronized void answered(String tenantId, int acceptedHere) {
        if (acceptedHere > 0) {
            long now = System.nanoTime();
            lastAcceptedAnswerNanos = Math.max(lastAcceptedAnswerNanos, now);
            TenantRecord record = records.get(tenantId);
            record.lastAcceptedAnswerNanos = Math.max(record.lastAcceptedAnswerNanos, now);
        }
    }

    private static double[] quota(String text) {
        String[] parts = text.split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("a quota is WRITES/SECONDS, such as 3000/150: " + text);
        }
        return new double[] { Double.parseDouble(parts[0]), Double.parseDouble(parts[1]) };
    }

    /** Refills continuously at amount/window per second, up to burst x amount. */
    private static final class Bucket {

        final String scope;

        final double rate;

        final double capacity;

        double tokens;

        long lastNanos;

        Bucket(String scope, double[] quota, double burst, long now) {
            this.scope = scope;
            this.rate = quota[0] / quota[1];
            this.capacity = Math.max(1, quota[0] * burst);
            this.tokens = capacity;
            this.lastNanos = now;
        }

        void refill(long now) {
            if (now > lastNanos) {
                tokens = Math.min(capacity, tokens + (now - lastNanos) / 1e9 * rate);
                lastNanos = now;
            }
        }

        double secondsUntilOne() {
            return tokens >= 1 ? 0 : (1 - tokens) / rate;
        }

        double usage() {
            return 1 - tokens / capacity;
        }

    }

    private record Decision(String scope, long retryAfterSeconds, double percentage) {
    }

    private static final class TenantRecord {

        long accepted;

        long throttled;

        long firstBatchNanos = -1;

        long lastAcceptedAnswerNanos = -1;

        final TreeMap<Long, long[]> perSecond = new TreeMap<>();

    }

    // --- in a test's process -----------------------------------------------------------------

    /** Stops serving, without a report and without ending the process. */
    public void close() {
        if (stopped.compareAndSet(false, true)) {
            server.stop(0);
            pool.shutdownNow();
        }
    }

    /** Items that passed the quotas so far (assignLicense applied or refused). */
    public synchronized long accepted() {
        return accepted;
    }

    /** Items answered 429 so far. */
    public synchronized long throttled() {
        return throttled;
    }

    /** assignLicense items refused (4xx), as a replayed move is. */
    public long refusedItems() {
        return refused.get();
    }

    /**
     * Per user of users.csv, the SKU ids (lower case) the user holds now.
     */
    public Map<String, Set<String>> licensesNow() {
        Map<String, Set<String>> now = new TreeMap<>();
        tenantOfUser.keySet().forEach(userId -> now.put(userId, Set.copyOf(held(userId))));
        return now;
    }

    /** The GUID of a SKU of the catalog, by its part number, in lower case. */
    public String skuId(String partNumber) {
        return skuGuids.get(partNumber);
    }

    // --- the report -------------------------------------------------------------------------

    private void stop(int status) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            Thread.sleep(100); // the stop request's answer leaves first
            server.stop(0);
            pool.shutdownNow();
            report();
        }
        catch (IOException | RuntimeException e) {
            System.out.println("quota simulator: no report: " + e);
            status = 1;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.flush();
        Runtime.getRuntime().halt(status);
    }

    private synchronized void report() throws IOException {
        StringBuilder seconds = new StringBuilder("second\taccepted\tthrottled\n");
        perSecond.forEach((s, c) -> seconds.append(s).append('\t').append(c[0]).append('\t').append(c[1]).append('\n'));
        Files.writeString(reportDir.resolve("per-second.tsv"), seconds);
        StringBuilder tenantSeconds = new StringBuilder("tenant\tsecond\taccepted\tthrottled\n");
        StringBuilder tenants = new StringBuilder("tenant\taccepted\tthrottled\tmoving_s\twrites_per_s\n");
        List<Double> rates = new ArrayList<>();
        records.forEach((tenantId, r) -> {
            r.perSecond.forEach((s, c) -> tenantSeconds.append(tenantId)
                .append('\t')
                .append(s)
                .append('\t')
                .append(c[0])
                .append('\t')
                .append(c[1])
                .append('\n'));
            double moving = r.lastAcceptedAnswerNanos < 0 ? 0 : (r.lastAcceptedAnswerNanos - r.firstBatchNanos) / 1e9;
            double rate = moving > 0 ? r.accepted / moving : 0;
            rates.add(rate);
            tenants.append(String.format(Locale.ROOT, "%s\t%d\t%d\t%.2f\t%.2f%n", tenantId, r.accepted, r.throttled,
                    moving, rate));
        });
        Files.writeString(reportDir.resolve("per-tenant-second.tsv"), tenantSeconds);
        Files.writeString(reportDir.resolve("tenants.tsv"), tenants);
        rates.sort(Double::compare);

        long moved = 0;
        long untouched = 0;
        String source = skuGuids.get("ENTERPRISEWITHSCAL");
        for (Set<String> held : licenses.values()) {
            synchronized (held) {
                if (held.contains(source)) {
                    untouched++;
                }
                else {
                    moved++;
                }
            }
        }
        double movingSeconds = lastAcceptedAnswerNanos < 0 ? 0 : (lastAcceptedAnswerNanos - firstBatchNanos) / 1e9;
        long peak = perSecond.values().stream().mapToLong(c -> c[0]).max().orElse(0);
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put("accepted", Long.toString(accepted));
        figures.put("throttled", Long.toString(throttled));
        figures.put("throttled_by_scope", throttledByScope.toString().replace(" ", ""));
        figures.put("limit_percentage_headers", Long.toString(percentageHeaders));
        figures.put("refused_items", Long.toString(refused.get()));
        figures.put("batches", Long.toString(batches.get()));
        figures.put("tokens", Long.toString(tokens.get()));
        figures.put("gets", Long.toString(gets.get()));
        figures.put("users_moved", Long.toString(moved));
        figures.put("users_still_on_source", Long.toString(untouched));
        figures.put("first_batch_epoch_ms", Long.toString(epochMs(firstBatchNanos)));
        figures.put("last_accepted_epoch_ms", Long.toString(epochMs(lastAcceptedAnswerNanos)));
        figures.put("moving_s", String.format(Locale.ROOT, "%.2f", movingSeconds));
        figures.put("peak_accepted_per_s", Long.toString(peak));
        figures.put("tenants_written", Integer.toString(records.size()));
        figures.put("tenant_writes_per_s_min", format(rates.isEmpty() ? 0 : rates.get(0)));
        figures.put("tenant_writes_per_s_median", format(rates.isEmpty() ? 0 : rates.get(rates.size() / 2)));
        figures.put("tenant_writes_per_s_max", format(rates.isEmpty() ? 0 : rates.get(rates.size() - 1)));
        StringBuilder out = new StringBuilder();
        figures.forEach((key, value) -> out.append("sim.").append(key).append('=').append(value).append('\n'));
        Files.writeString(reportDir.resolve("simulator.properties"), out);
        System.out.print(out);
    }

    private long epochMs(long nanos) {
        return nanos < 0 ? 0 : startEpochMs + (nanos - startNanos) / 1_000_000;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    // --- plumbing ---------------------------------------------------------------------------

    private void readCatalog() throws IOException {
        Set<String> wanted = new HashSet<>(List.of(SUBSCRIBED));
        Map<String, String> found = new HashMap<>();
        try (InputStream in = QuotaSimulator.class.getClassLoader().getResourceAsStream(CATALOG)) {
            if (in == null) {
                throw new IOException(CATALOG + " is not on the classpath (the app's classes are needed)");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null && found.size() < wanted.size(); line = reader.readLine()) {
                for (String partNumber : wanted) {
                    int at = line.indexOf("," + partNumber + ",");
                    if (at >= 0 && !found.containsKey(partNumber)) {
                        int start = at + partNumber.length() + 2;
                        found.put(partNumber, line.substring(start, line.indexOf(',', start)).toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        for (String partNumber : SUBSCRIBED) {
            if (!found.containsKey(partNumber)) {
                throw new IOException(partNumber + " is not in " + CATALOG);
            }
            skuGuids.put(partNumber, found.get(partNumber));
        }
    }

    /**
     * Every user's licenses from users.csv (the tenant and user ids and the licenses column
     * hold no quotes in the bench's files).
     */
    private void readUsers(Path users) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(users, StandardCharsets.UTF_8)) {
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] cells = line.split(",", -1);
                if (cells.length < 5) {
                    continue;
                }
                tenantOfUser.put(cells[1], cells[0]);
                Set<String> held = new HashSet<>();
                for (String partNumber : cells[4].split("\\|")) {
                    String guid = skuGuids.get(partNumber);
                    if (guid != null) {
                        held.add(guid);
                    }
                }
                licenses.put(cells[1], held);
            }
        }
    }

    private static void sleep(long millis) throws InterruptedException {
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private static String error(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message.replace("\"", "'") + "\"}}";
    }

    private static void answer(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

}
