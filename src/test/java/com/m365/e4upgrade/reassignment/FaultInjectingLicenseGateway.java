package com.m365.e4upgrade.reassignment;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.m365.e4upgrade.licensing.LicenseGateway;
import com.m365.e4upgrade.licensing.MoveOutcome;
import com.m365.e4upgrade.licensing.SourceSubscription;
import com.m365.e4upgrade.licensing.TransientGatewayException;
import com.m365.e4upgrade.licensing.UserMove;
import com.m365.e4upgrade.licensing.WriteBatch;

/**
 * A gateway that breaks on demand in front of the embedded one: the next N calls time
 * out, and some users are refused for good.
 */
public class FaultInjectingLicenseGateway implements LicenseGateway {

    /** What to break; shared by the test and the step-scoped gateways it configures. */
    public static class Faults {

        public final AtomicInteger timeoutsAhead = new AtomicInteger();

        public final Set<String> refusedUsers = ConcurrentHashMap.newKeySet();

        public final AtomicInteger moveCalls = new AtomicInteger();

        public void clear() {
            timeoutsAhead.set(0);
            refusedUsers.clear();
            moveCalls.set(0);
        }

    }

    public static final String REFUSED = "LICENSE_ASSIGNMENT_REFUSED";

    private final LicenseGateway delegate;

    private final Faults faults;

    public FaultInjectingLicenseGateway(LicenseGateway delegate, Faults faults) {
        this.delegate = delegate;
        this.faults = faults;
    }

    @Override
    public List<MoveOutcome> move(WriteBatch batch) {
        faults.moveCalls.incrementAndGet();
        if (faults.timeoutsAhead.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            throw new TransientGatewayException("read timed out (injected)");
        }
        List<UserMove> accepted = batch.moves()
            .stream()
            .filter(move -> !faults.refusedUsers.contains(move.userId()))
            .toList();
        List<MoveOutcome> outcomes = new ArrayList<>();
        if (!accepted.isEmpty()) {
            outcomes.addAll(delegate.move(new WriteBatch(batch.migrationId(), batch.number(), batch.tenantId(),
                    batch.tenantLine(), batch.fromSku(), batch.toSku(), accepted)));
        }
        batch.moves()
            .stream()
            .filter(move -> faults.refusedUsers.contains(move.userId()))
            .forEach(move -> outcomes.add(MoveOutcome.skipped(move.userId(), REFUSED)));
        return outcomes;
    }

    @Override
    public CancellationOutcome cancel(SourceSubscription subscription) {
        return delegate.cancel(subscription);
    }

}
