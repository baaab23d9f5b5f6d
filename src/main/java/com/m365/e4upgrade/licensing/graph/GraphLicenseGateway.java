package com.m365.e4upgrade.licensing.graph;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

import com.m365.e4upgrade.licensing.LicenseGateway;
import com.m365.e4upgrade.licensing.MoveOutcome;
import com.m365.e4upgrade.licensing.MovePace;
import com.m365.e4upgrade.licensing.SkuCatalog;
import com.m365.e4upgrade.licensing.SourceSubscription;
import com.m365.e4upgrade.licensing.TargetReadiness;
import com.m365.e4upgrade.licensing.TenantInventory;
import com.m365.e4upgrade.licensing.WriteBatch;

import tools.jackson.databind.json.JsonMapper;

/**
 * Moves licenses in Microsoft Graph ({@code --gateway=graph}), as the app registered in
 * Entra ID acting in each customer tenant with its own client-credentials token
 * ({@link AccessTokens}).
 *
 * <ul>
 * <li>The target check reads the tenant's subscribed SKUs ({@link SubscribedSkus}).</li>
 * <li>A write batch is one {@code $batch} call read user by user ({@link BatchMove}); a
 * replay after a crash is harmless ({@link ReplayCheck}).</li>
 * <li>Every call waits for its share of Microsoft's quotas ({@link Quotas}), so the
 * reassign step can keep many batches in flight, several per tenant, and still spend the
 * quotas evenly instead of earning 429s.</li>
 * <li>Thread-safe, one instance for the whole run: the token cache, the quotas and the
 * counters outlive every step.</li>
 * </ul>
 *
 * Graph has no call to cancel a subscription bought directly, so {@link #cancel} leaves
 * that to the admin. The app needs application permissions, consented in every tenant, to
 * assign licenses and read users' license details (User.ReadWrite.All, or
 * LicenseAssignment.ReadWrite.All where offered) and to read the tenant's subscribed SKUs
 * (Organization.Read.All); Graph's permissions reference has the current least-privileged
 * set.
 */
final class GraphLicenseGateway implements LicenseGateway {

    private final GraphProperties settings;

    private final GraphStatistics statistics;

    private final SubscribedSkus subscribedSkus;

    private final BatchMove batchMove;

    private final GraphInventory inventory;

    /** With its own HTTP client ({@link #newHttpClient}) and JSON mapper. */
    GraphLicenseGateway(GraphProperties settings, SkuCatalog catalog) {
        this(settings, catalog, newHttpClient(settings), JsonMapper.builder().build());
    }

    GraphLicenseGateway(GraphProperties settings, SkuCatalog catalog, HttpClient http, JsonMapper json) {
        this(settings, catalog, http, json, Clock.systemUTC(), System::nanoTime, Pause.SLEEP);
    }

    /** On a test's clock: the quotas' time is the clock's, which its pauses may move. */
    GraphLicenseGateway(GraphProperties settings, SkuCatalog catalog, HttpClient http, JsonMapper json, Clock clock,
            Pause pause) {
        this(settings, catalog, http, json, clock, () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }, pause);
    }

    private GraphLicenseGateway(GraphProperties settings, SkuCatalog catalog, HttpClient http, JsonMapper json,
            Clock clock, LongSupplier nanoTime, Pause pause) {
        this.settings = settings;
        GraphStatistics statistics = new GraphStatistics(nanoTime);
        this.statistics = statistics;
        Retrier retrier = new Retrier(settings, pause, statistics);
        AccessTokens tokens = new AccessTokens(settings, http, json, clock, retrier, statistics);
        Quotas quotas = new Quotas(settings, nanoTime, pause, statistics);
        GraphCalls calls = new GraphCalls(settings, http, json, clock, retrier, tokens, statistics, quotas);
        this.subscribedSkus = new SubscribedSkus(calls, catalog);
        this.batchMove = new BatchMove(calls, retrier, new ReplayCheck(calls), catalog, json, clock, statistics);
        this.inventory = new GraphInventory(calls);
    }

    /**
     * An HTTP client fit for Graph: the configured connect timeout, no redirects (a token
     * must not follow one).
     */
    static HttpClient newHttpClient(GraphProperties settings) {
        return HttpClient.newBuilder()
            .connectTimeout(settings.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    }

    GraphStatistics statistics() {
        return statistics;
    }

    GraphProperties settings() {
        return settings;
    }

    @Override
    public TargetReadiness checkTarget(String tenantId, String targetSku, int seatsNeeded) {
        return subscribedSkus.checkTarget(tenantId, targetSku, seatsNeeded);
    }

    @Override
    public List<MoveOutcome> move(WriteBatch batch) {
        return batchMove.move(batch);
    }

    /** The inventory reads the tenants through the same calls, tokens and counters. */
    @Override
    public Optional<TenantInventory> inventory() {
        return Optional.of(inventory);
    }

    /**
     * The units of the SKU the tenant's subscribedSkus show consumed: users who hold it
     * now, whatever the job's files said.
     */
    @Override
    public OptionalLong liveHolders(String tenantId, String sku) {
        return OptionalLong.of(subscribedSkus.consumedUnits(tenantId, sku));
    }

    /**
     * Graph cannot cancel a subscription bought directly: the admin does it in the admin
     * center.
     */
    @Override
    public CancellationOutcome cancel(SourceSubscription subscription) {
        return CancellationOutcome.READY_TO_CANCEL;
    }

    /**
     * Microsoft's latency, not the machine, sets how long a batch takes, and the quotas
     * how many may leave: {@code --graph.batches-in-flight} calls shared by
     * {@code --graph.parallel-tenants} partitions, each chunk's batches sent at once.
     */
    @Override
    public MovePace pace(int cores) {
        int partitions = settings.parallelTenants();
        int perPartition = Math.max(1, (settings.batchesInFlight() + partitions - 1) / partitions);
        return new MovePace(partitions, perPartition, true);
    }

    @Override
    public int checksInFlight() {
        return settings.parallelChecks();
    }

    @Override
    public Map<String, Long> counters() {
        return statistics.counters();
    }

    @Override
    public Map<String, Double> rates() {
        return Map.of("writesPerSecond", Math.round(statistics.writesPerSecond() * 10) / 10.0);
    }

}
