package com.m365.e4upgrade.licensing.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.m365.e4upgrade.input.TenantRepository;
import com.m365.e4upgrade.input.UserRepository;
import com.m365.e4upgrade.licensing.LicenseGateway;
import com.m365.e4upgrade.licensing.MoveOutcome;
import com.m365.e4upgrade.licensing.SourceSubscription;
import com.m365.e4upgrade.licensing.TargetReadiness;
import com.m365.e4upgrade.licensing.UserMove;
import com.m365.e4upgrade.licensing.WriteBatch;

/**
 * The default gateway: applies moves to the tenants' license state held in the job's
 * database (loaded from users.csv), inside the chunk's transaction, so a move commits or
 * rolls back with the chunk that records it. Bound by the CPU: as many batches in flight
 * as --parallelism says.
 */
public class EmbeddedLicenseGateway implements LicenseGateway {

    private final UserRepository users;

    private final TenantRepository tenants;

    public EmbeddedLicenseGateway(UserRepository users, TenantRepository tenants) {
        this.users = users;
        this.tenants = tenants;
    }

    /**
     * Each user's source SKU gives way to the target in one statement where the user
     * holds the source once and not the target ({@link UserRepository#swapSku}); the
     * others' licenses are read and rewritten whole ({@link #replace}): those already
     * moved (a batch sent again after a crash), holding the target already, or not found.
     */
    @Override
    public List<MoveOutcome> move(WriteBatch batch) {
        List<UserMove> moves = batch.moves();
        boolean[] swapped = ascii(batch.fromSku()) && ascii(batch.toSku())
                ? users.swapSku(batch.migrationId(), batch.tenantLine(), batch.fromSku(), batch.toSku(),
                        moves.stream()
                            .map(move -> new UserRepository.SkuSwap(move.userId(), move.keptDisabledPlans()))
                            .toList())
                : new boolean[moves.size()];
        List<String> others = new ArrayList<>();
        for (int i = 0; i < moves.size(); i++) {
            if (!swapped[i]) {
                others.add(moves.get(i).userId());
            }
        }
        Map<String, List<String>> licensesByUser = others.isEmpty() ? Map.of()
                : users.licenses(batch.migrationId(), batch.tenantLine(), others);
        List<UserRepository.LicenseChange> changes = new ArrayList<>();
        List<MoveOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < moves.size(); i++) {
            UserMove move = moves.get(i);
            if (swapped[i]) {
                outcomes.add(MoveOutcome.reassigned(move.userId()));
                continue;
            }
            List<String> licenses = licensesByUser.get(move.userId());
            if (licenses == null) {
                outcomes.add(MoveOutcome.skipped(move.userId(), "USER_NOT_FOUND"));
                continue;
            }
            changes.add(new UserRepository.LicenseChange(move.userId(),
                    replace(licenses, batch.fromSku(), batch.toSku()), move.keptDisabledPlans()));
            outcomes.add(MoveOutcome.reassigned(move.userId()));
        }
        users.changeLicenses(batch.migrationId(), batch.tenantLine(), changes);
        return outcomes;
    }

    private static boolean ascii(String sku) {
        return sku.chars().allMatch(c -> c < 128);
    }

    /** Its license state is e4_user and e4_tenant, written in the step's transaction. */
    @Override
    public boolean keepsLicensesInTheJobDatabase() {
        return true;
    }

    /**
     * A rollback's seat check on the embedded state: the source subscription must not be
     * cancelled, and its licenses must cover the users holding it now plus those coming
     * back.
     */
    @Override
    public TargetReadiness checkSource(SourceSubscription source, int seatsNeeded) {
        TenantRepository.SourceSeats seats = tenants.sourceSeats(source.migrationId(), source.tenantId());
        if (seats == null || seats.state() == TenantRepository.SubscriptionState.CANCELLED) {
            return TargetReadiness.NOT_ACTIVE;
        }
        return seats.licenses() - seats.holders() >= seatsNeeded ? TargetReadiness.READY
                : TargetReadiness.SEATS_INSUFFICIENT;
    }

    @Override
    public CancellationOutcome cancel(SourceSubscription subscription) {
        tenants.cancelSubscription(subscription.migrationId(), subscription.tenantId());
        return CancellationOutcome.CANCELLED;
    }

    /**
     * The source SKU gives way to the target in place; a user already holding the target
     * keeps one copy.
     */
    public static List<String> replace(List<String> licenses, String fromSku, String toSku) {
        List<String> result = new ArrayList<>();
        boolean targetPresent = licenses.stream().anyMatch(sku -> sku.equalsIgnoreCase(toSku));
        for (String sku : licenses) {
            if (sku.equalsIgnoreCase(fromSku)) {
                if (!targetPresent) {
                    result.add(toSku);
                    targetPresent = true;
                }
            }
            else {
                result.add(sku);
            }
        }
        return result;
    }

}
