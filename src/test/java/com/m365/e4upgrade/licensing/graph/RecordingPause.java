package com.m365.e4upgrade.licensing.graph;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Notes each wait between attempts instead of spending it. */
final class RecordingPause implements Pause {

    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @Override
    public void pause(Duration duration) {
        waits.add(duration);
    }

    List<Duration> waits() {
        return List.copyOf(waits);
    }

}
