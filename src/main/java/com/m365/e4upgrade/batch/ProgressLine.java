package com.m365.e4upgrade.batch;

import java.time.Duration;

/**
 * One progress line:
 * {@code progress: <step> <done>/<total> <unit> (<pct>%) <rate>/s ETA <h:mm:ss>}. The
 * rate is what this run did per second since the step started, the ETA what remains at
 * that rate ({@code -:--:--} while the rate is 0); the percentage rounds down.
 */
public final class ProgressLine {

    static final String UNKNOWN_ETA = "-:--:--";

    private ProgressLine() {
    }

    /**
     * @param step the step's name
     * @param unit what it counts
     * @param done done in all, earlier runs included
     * @param total the whole step
     * @param doneInRun done by this run
     * @param elapsed since this run of the step started
     */
    public static String of(String step, String unit, long done, long total, long doneInRun, Duration elapsed) {
        double seconds = elapsed.toNanos() / 1e9;
        double rate = seconds > 0 ? doneInRun / seconds : 0;
        long remaining = Math.max(0, total - done);
        String eta = (remaining == 0) ? hms(0) : (rate > 0) ? hms((long) Math.ceil(remaining / rate)) : UNKNOWN_ETA;
        return "progress: " + step + " " + done + "/" + total + " " + unit + " (" + percent(done, total) + "%) "
                + (long) rate + "/s ETA " + eta;
    }

    /** Rounded down; an empty step is done. */
    static long percent(long done, long total) {
        if (total <= 0) {
            return 100;
        }
        return Math.min(100, Math.multiplyExact(Math.max(0, done), 100L) / total);
    }

    /** Hours (as many as it takes), minutes and seconds: 0:00:38, 12:04:05, 100:00:00. */
    static String hms(long seconds) {
        return String.format("%d:%02d:%02d", seconds / 3600, (seconds % 3600) / 60, seconds % 60);
    }

}
