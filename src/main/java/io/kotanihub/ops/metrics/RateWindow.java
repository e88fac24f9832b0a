package io.kotanihub.ops.metrics;

import java.util.function.LongSupplier;

/**
 * Events per second over a sliding window of one-second buckets: the events counted in the window divided by the
 * seconds from the first busy second in the window to now (at least one), so a burst that started five seconds ago
 * is measured over five seconds, not over the whole window; 0 once the window has passed without events.
 */
final class RateWindow {

    private final long[] counts;
    private final long[] seconds;
    private final LongSupplier clockMillis;

    RateWindow(int windowSeconds, LongSupplier clockMillis) {
        int size = Math.max(1, windowSeconds);
        this.counts = new long[size];
        this.seconds = new long[size];
        this.clockMillis = clockMillis;
        java.util.Arrays.fill(seconds, Long.MIN_VALUE);
    }

    synchronized void add(long n) {
        long second = clockMillis.getAsLong() / 1000;
        int slot = (int) Math.floorMod(second, (long) counts.length);
        if (seconds[slot] != second) {
            seconds[slot] = second;
            counts[slot] = 0;
        }
        counts[slot] += n;
    }

    synchronized double perSecond() {
        long nowMillis = clockMillis.getAsLong();
        long now = nowMillis / 1000;
        long total = 0;
        long first = Long.MAX_VALUE;
        for (int i = 0; i < counts.length; i++) {
            if (seconds[i] != Long.MIN_VALUE && now - seconds[i] < counts.length && counts[i] > 0) {
                total += counts[i];
                first = Math.min(first, seconds[i]);
            }
        }
        if (total == 0) {
            return 0;
        }
        double elapsed = Math.max(1.0, (nowMillis - first * 1000) / 1000.0);
        return total / elapsed;
    }
}
