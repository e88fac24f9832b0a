package io.kotanihub.ingest.file;

import java.time.Duration;
import java.util.function.LongSupplier;

import org.slf4j.Logger;

/**
 * Logs the progress of a long-running step at most once per interval: work done, the total when known, and an
 * estimate of the time left from the rate so far.
 */
final class Progress {

    private final Logger log;
    private final String subject;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final long started;
    private long lastLogged;

    Progress(Logger log, String subject, Duration interval) {
        this(log, subject, interval, System::nanoTime);
    }

    Progress(Logger log, String subject, Duration interval, LongSupplier clock) {
        this.log = log;
        this.subject = subject;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
        this.started = clock.getAsLong();
        this.lastLogged = started;
    }

    /** True when the interval has passed since the last line (then a line is due). */
    boolean due() {
        return clock.getAsLong() - lastLogged >= intervalNanos;
    }

    /**
     * Logs "{@code <subject>: <step> <done> / <total> rows (<percent>), about <eta> left}" when due. {@code fraction}
     * is the share of the work done (0..1), used for the estimate; {@code total} below 0 means not known yet.
     */
    boolean report(String step, long done, long total, double fraction) {
        if (!due()) {
            return false;
        }
        lastLogged = clock.getAsLong();
        log.info("{}: {} {}", subject, step, describe(done, total, fraction, lastLogged - started));
        return true;
    }

    static String describe(long done, long total, double fraction, long elapsedNanos) {
        StringBuilder line = new StringBuilder();
        line.append(String.format("%,d", done));
        if (total >= 0) {
            line.append(String.format(" / %,d", total));
        }
        line.append(" rows");
        if (fraction > 0 && fraction <= 1) {
            line.append(String.format(" (%.0f%%)", fraction * 100));
            long leftNanos = (long) (elapsedNanos / fraction * (1 - fraction));
            line.append(", about ").append(human(Duration.ofNanos(leftNanos))).append(" left");
        }
        return line.toString();
    }

    static String human(Duration duration) {
        long seconds = Math.max(0, Math.round(duration.toMillis() / 1000.0));
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return (seconds / 60) + "m " + (seconds % 60) + "s";
        }
        return (seconds / 3600) + "h " + (seconds % 3600 / 60) + "m";
    }
}
