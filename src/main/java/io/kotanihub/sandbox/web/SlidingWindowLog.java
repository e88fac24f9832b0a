package io.kotanihub.sandbox.web;

import java.time.Duration;

/**
 * An exact sliding-window log: the times of the calls counted in the last {@code window}, at most {@code limit} of
 * them (a ring). A call fits when fewer than {@code limit} counted calls lie in the window that ends now; when it
 * does not, it must wait until the oldest counted call leaves the window. Not thread-safe: the caller locks. Times
 * are {@link System#nanoTime()} values, passed in so that the arithmetic can be tested without a clock.
 */
final class SlidingWindowLog {

    private final long[] times;
    private final long windowNanos;
    private int oldest;
    private int size;

    SlidingWindowLog(int limit, Duration window) {
        this.times = new long[Math.max(0, limit)];
        this.windowNanos = window.toNanos();
    }

    /** 0 when a call fits now; otherwise the nanoseconds until the oldest counted call leaves the window. */
    long nanosUntilFree(long now) {
        while (size > 0 && now - times[oldest] >= windowNanos) {
            oldest = (oldest + 1) % times.length;
            size--;
        }
        if (size < times.length) {
            return 0;
        }
        return times.length == 0 ? windowNanos : times[oldest] + windowNanos - now;
    }

    /** Counts a call made at {@code now}; call only after {@link #nanosUntilFree(long)} returned 0 for it. */
    void record(long now) {
        times[(oldest + size) % times.length] = now;
        size++;
    }

    /** The calls counted in the window as of the last {@link #nanosUntilFree(long)} and {@link #record(long)}. */
    int counted() {
        return size;
    }

    int limit() {
        return times.length;
    }

    Duration window() {
        return Duration.ofNanos(windowNanos);
    }
}
