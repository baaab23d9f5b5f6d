package com.m365.e4upgrade.licensing.graph;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Notes each wait instead of spending it; with a clock, moves the clock on by the wait,
 * as time would have passed.
 */
final class RecordingPause implements Pause {

    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    private final MutableClock clock;

    RecordingPause() {
        this(null);
    }

    RecordingPause(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public void pause(Duration duration) {
        waits.add(duration);
        if (clock != null) {
            clock.advance(duration);
        }
    }

    List<Duration> waits() {
        return List.copyOf(waits);
    }

}
