package com.m365.e4upgrade.licensing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

import com.m365.e4upgrade.batch.JobMetrics;

/**
 * Whichever gateway runs, every call it serves is counted and timed ({@link JobMetrics}),
 * and its own counters are published: the gateways themselves stay free of metering.
 */
class MeteredLicenseGateway implements LicenseGateway {

    private final LicenseGateway gateway;

    private final JobMetrics metrics;

    MeteredLicenseGateway(LicenseGateway gateway, JobMetrics metrics) {
        this.gateway = gateway;
        this.metrics = metrics;
        metrics.gatewayCounters(gateway::counters);
    }

    @Override
    public TargetReadiness checkTarget(String tenantId, String targetSku, int seatsNeeded) {
        return timed("check", () -> this.gateway.checkTarget(tenantId, targetSku, seatsNeeded));
    }

    @Override
    public TargetReadiness checkSource(SourceSubscription source, int seatsNeeded) {
        return timed("check", () -> this.gateway.checkSource(source, seatsNeeded));
    }

    @Override
    public Optional<TenantInventory> inventory() {
        return this.gateway.inventory();
    }

    @Override
    public List<MoveOutcome> move(WriteBatch batch) {
        return timed("move", () -> this.gateway.move(batch));
    }

    @Override
    public OptionalLong liveHolders(String tenantId, String sku) {
        return timed("liveCheck", () -> this.gateway.liveHolders(tenantId, sku));
    }

    @Override
    public CancellationOutcome cancel(SourceSubscription subscription) {
        return timed("cancel", () -> this.gateway.cancel(subscription));
    }

    @Override
    public boolean keepsLicensesInTheJobDatabase() {
        return this.gateway.keepsLicensesInTheJobDatabase();
    }

    @Override
    public MovePace pace(int parallelism) {
        return this.gateway.pace(parallelism);
    }

    @Override
    public int checksInFlight() {
        return this.gateway.checksInFlight();
    }

    @Override
    public Map<String, Long> counters() {
        return this.gateway.counters();
    }

    @Override
    public Map<String, Double> rates() {
        return this.gateway.rates();
    }

    private <T> T timed(String operation, Supplier<T> call) {
        long start = System.nanoTime();
        boolean failed = true;
        try {
            T result = call.get();
            failed = false;
            return result;
        }
        finally {
            this.metrics.gatewayCall(operation, Duration.ofNanos(System.nanoTime() - start), failed);
        }
    }

}
