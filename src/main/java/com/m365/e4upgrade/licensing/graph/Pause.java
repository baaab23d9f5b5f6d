package com.m365.e4upgrade.licensing.graph;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waiting between attempts, replaceable so that tests can see the waits without spending
 * them.
 */
@FunctionalInterface
interface Pause {

    Pause SLEEP = duration -> TimeUnit.NANOSECONDS.sleep(duration.toNanos());

    void pause(Duration duration) throws InterruptedException;

}
