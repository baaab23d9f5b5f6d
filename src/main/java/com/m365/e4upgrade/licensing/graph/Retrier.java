package com.m365.e4upgrade.licensing.graph;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import com.m365.e4upgrade.licensing.TransientGatewayException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a call again while Microsoft answers that it is throttled or briefly unavailable,
 * as its guidance asks: after the Retry-After it gives, otherwise after an exponential
 * backoff with full jitter (a random wait up to the doubled ceiling), so that partitions
 * throttled together do not come back together. Past the last attempt the failure is a
 * {@link TransientGatewayException}: the step may retry the chunk later, and nothing of
 * the call counts as done.
 */
final class Retrier {

    private static final Logger log = LoggerFactory.getLogger(Retrier.class);

    private final int maxAttempts;

    private final Duration initialBackoff;

    private final Duration maxBackoff;

    private final Pause pause;

    private final GraphStatistics statistics;

    Retrier(GraphProperties settings, Pause pause, GraphStatistics statistics) {
        this.maxAttempts = settings.maxAttempts();
        this.initialBackoff = settings.initialBackoff();
        this.maxBackoff = settings.maxBackoff();
        this.pause = pause;
        this.statistics = statistics;
    }

    /**
     * Runs the attempt until it is done, at most graph.max-attempts times. An IOException
     * (a timeout, a dropped connection) is one more reason to try again.
     * @param what names the call in log lines and exception messages; must hold no
     * credential
     */
    <T> T run(String what, Attempt<T> attempt) {
        for (int number = 1;; number++) {
            String reason;
            Duration retryAfter = null;
            IOException failure = null;
            try {
                Outcome<T> outcome = attempt.run();
                if (outcome instanceof Done<T> done) {
                    return done.value();
                }
                Retry<T> retry = (Retry<T>) outcome;
                reason = retry.reason();
                retryAfter = retry.retryAfter();
            }
            catch (IOException e) {
                failure = e;
                reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
            }
            catch (InterruptedException e) {
                throw interrupted(what, e);
            }
            if (number >= maxAttempts) {
                throw new TransientGatewayException(what + ": still failing after " + number + " attempt"
                        + (number == 1 ? "" : "s") + ": " + reason, failure);
            }
            // Microsoft's Retry-After is honored as given: coming back sooner only earns
            // another 429
            Duration wait = retryAfter != null ? retryAfter : backoff(number);
            log.warn("{}: {}; attempt {} of {} in {} ms", what, reason, number + 1, maxAttempts, wait.toMillis());
            try {
                pause.pause(wait);
            }
            catch (InterruptedException e) {
                throw interrupted(what, e);
            }
            statistics.retried();
        }
    }

    /** Full jitter: uniformly 0 to min(max-backoff, initial-backoff × 2^(attempt−1)). */
    Duration backoff(int failedAttempts) {
        long ceiling = initialBackoff.toNanos();
        for (int i = 1; i < failedAttempts && ceiling < maxBackoff.toNanos(); i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, maxBackoff.toNanos());
        return Duration.ofNanos(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    private static GraphGatewayException interrupted(String what, InterruptedException e) {
        // the thread is being stopped: keep the flag for the caller, and do not report
        // the call as done
        Thread.currentThread().interrupt();
        return new GraphGatewayException(what + ": interrupted", e);
    }

    /** One attempt of a call: done, or to be made again. */
    @FunctionalInterface
    interface Attempt<T> {

        Outcome<T> run() throws IOException, InterruptedException;

    }

    sealed interface Outcome<T> permits Done, Retry {

    }

    record Done<T>(T value) implements Outcome<T> {
    }

    /**
     * @param retryAfter the wait Microsoft asked for, or null for the backoff
     * @param reason why, for the log and the final exception
     */
    record Retry<T>(Duration retryAfter, String reason) implements Outcome<T> {
    }

    static <T> Outcome<T> done(T value) {
        return new Done<>(value);
    }

    static <T> Outcome<T> retry(Duration retryAfter, String reason) {
        return new Retry<>(retryAfter, reason);
    }

}
