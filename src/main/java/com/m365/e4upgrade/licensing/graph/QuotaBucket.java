package com.m365.e4upgrade.licensing.graph;

/**
 * One of Microsoft's quotas as the job spends it: a token bucket refilled at the quota's
 * rate, holding at most a few seconds of it, so that the job sends evenly rather than in
 * the bursts a window would allow. It starts empty: a run's first seconds are not a burst
 * either, so no window of Microsoft's ever sees more than its rate plus one burst.
 *
 * <p>
 * A caller reserves its tokens and is told when it may send. Reservations may run ahead
 * of the bucket (a debt the refill pays off), in the order they were made: the waiting
 * callers are served first come, first served, each at its own time, and nobody polls.
 * Two signals from Microsoft move the schedule: a 429's {@code Retry-After} holds the
 * bucket until then ({@link #holdUntil}), and a warning that a limit is 80 % used lowers
 * the rate by a tenth, down to half, coming back by a tenth every
 * {@value #RECOVERY_SECONDS} s without warning ({@link #warned}).
 *
 * <p>
 * Time is given by the caller in nanoseconds of {@link System#nanoTime()}, so that tests
 * drive the clock.
 */
final class QuotaBucket {

    static final long RECOVERY_SECONDS = 10;

    private static final double SLOWDOWN = 0.9;

    private static final double FLOOR = 0.5;

    private static final long NANOS = 1_000_000_000L;

    private final double ratePerSecond;

    private final double capacity;

    /** Tokens in the bucket; negative when reservations run ahead of it. */
    private double tokens;

    private long refilledAt;

    private long heldUntil;

    /** The share of the configured rate in force, lowered by warnings. */
    private double pace = 1.0;

    private long pacedAt;

    /**
     * @param ratePerSecond the quota's rate
     * @param burstSeconds how many seconds of the rate the bucket may hold
     * @param now the current time
     */
    QuotaBucket(double ratePerSecond, double burstSeconds, long now) {
        if (!(ratePerSecond > 0) || !(burstSeconds > 0)) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.ratePerSecond = ratePerSecond;
        this.capacity = ratePerSecond * burstSeconds;
        this.tokens = 0;
        this.refilledAt = now;
        this.heldUntil = now;
        this.pacedAt = now;
    }

    /**
     * Takes {@code amount} tokens, now or from the refill to come.
     * @return when the caller may send (nanoTime), {@code now} or later
     */
    synchronized long reserve(double amount, long now) {
        refill(now);
        double rate = ratePerSecond * pace;
        long start = Math.max(now, heldUntil);
        // tokens the bucket will have gained by the time the hold ends
        double available = Math.min(capacity, tokens + (start - now) * rate / NANOS);
        tokens -= amount;
        if (available >= amount) {
            return start;
        }
        return start + (long) Math.ceil((amount - available) / rate * NANOS);
    }

    /** Microsoft asked for a pause (a 429's Retry-After): nothing leaves before then. */
    synchronized void holdUntil(long until) {
        if (until > heldUntil) {
            heldUntil = until;
        }
    }

    /** Microsoft warned that a limit is 80 % used or more: slow down by a tenth. */
    synchronized void warned(long now) {
        refill(now);
        pace = Math.max(FLOOR, pace * SLOWDOWN);
        pacedAt = now;
    }

    /** The rate now in force, in tokens per second. */
    synchronized double rate(long now) {
        refill(now);
        return ratePerSecond * pace;
    }

    private void refill(long now) {
        if (now > refilledAt) {
            tokens = Math.min(capacity, tokens + (now - refilledAt) * ratePerSecond * pace / NANOS);
            refilledAt = now;
        }
        long quiet = now - pacedAt;
        if (pace < 1.0 && quiet >= RECOVERY_SECONDS * NANOS) {
            long steps = quiet / (RECOVERY_SECONDS * NANOS);
            pace = Math.min(1.0, pace + steps * (1 - SLOWDOWN));
            pacedAt += steps * RECOVERY_SECONDS * NANOS;
        }
    }

}
