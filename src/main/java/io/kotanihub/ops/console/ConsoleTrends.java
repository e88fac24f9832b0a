package io.kotanihub.ops.console;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.DataFormatException;

import io.kotanihub.model.PaymentStatus;
import io.kotanihub.common.logging.LogMasker;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The console's history and what to act on, computed from the ledger, the Kotani call audit, the received webhooks
 * and the ERP outbox (so a restart loses nothing): payments finished per bucket by outcome, Kotani call latency
 * (p50, p95) with errors and 429s, webhook lag (Kotani's event time → applied), the outbox backlog; failed payments grouped by
 * Kotani error code; UNKNOWN payments awaiting reconciliation. Every series is bucketed by the database
 * ({@code group by} an epoch bucket), never by loading rows. Portable SQL (H2 and PostgreSQL).
 */
@Component
public class ConsoleTrends {

    /** A time window and the width of its buckets. */
    public enum Window {
        HOUR(Duration.ofHours(1), 60), DAY(Duration.ofDays(1), 900), WEEK(Duration.ofDays(7), 7200);

        final Duration length;
        final int bucketSeconds;

        Window(Duration length, int bucketSeconds) {
            this.length = length;
            this.bucketSeconds = bucketSeconds;
        }

        public static Window of(String name) {
            try {
                return name == null || name.isBlank() ? HOUR : valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                throw new IllegalArgumentException("window must be hour, day or week");
            }
        }
    }

    private static final String ERRORS = "outcome in ('REJECTED', 'UNKNOWN', 'NOT_SENT') "
            + "and not (operation = 'CUSTOMER_BY_PHONE' and http_status = 404)";
    private static final int UNKNOWN_LISTED = 200;

    private final JdbcTemplate jdbc;

    public ConsoleTrends(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Buckets that ended more than {@link #SETTLED} seconds ago: what happened in them is in the database for good
     * (every series is keyed by the time a row was written), so each is computed once, by the background aggregator
     * ({@link #settle()}) or by the first call that finds it missing, and kept in {@code console_trend_buckets} (V28)
     * for every later call, restart and hub instance. A call computes from the ledger only the open one-minute buckets
     * (the last ten minutes or so); the open buckets of the day and week windows (up to two hours and ten minutes)
     * are summed from one-minute pieces, kept ones with their latency and lag histograms (V39) and those open ones.
     */
    private static final long SETTLED = 600;
    private static final int SETTLE_CHUNK = 12;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The width of the pieces (kept one-minute buckets with histograms) the open buckets of wider windows are summed from. */
    private static final long PIECE = 60;
    private static final String LATENCY_HIST = "latencyHist";
    private static final String LAG_HIST = "lagHist";
    private static final String[] SUMMED = {"succeeded", "failed", "other", "calls", "errors", "rateLimited", "webhooks",
            "outboxChange"};

    public Map<String, Object> trends(Window window) {
        Instant now = Instant.now();
        long nowSeconds = now.getEpochSecond();
        long width = window.bucketSeconds;
        long last = Math.floorDiv(nowSeconds, width);
        long first = last - window.length.getSeconds() / width + 1;
        long lastSettled = Math.floorDiv(nowSeconds - SETTLED, width) - 1;
        Map<Long, Map<String, Object>> kept = kept(width, first, lastSettled);
        long open = first;
        while (open <= lastSettled && kept.containsKey(open)) {
            open++;
        }
        Map<Long, Map<String, Object>> computed = compute(width, open, width == PIECE ? last : lastSettled);
        for (long b = open; b <= lastSettled; b++) {
            if (!kept.containsKey(b)) {
                keep(width, b, computed.get(b));
            }
        }
        if (width != PIECE) {
            // the open buckets (up to two hours and ten minutes of a week's chart) are summed from one-minute pieces:
            // kept ones, and the last unsettled minutes computed from the ledger
            long perBucket = width / PIECE;
            Map<Long, Map<String, Object>> pieces = pieces(Math.max(first, lastSettled + 1) * perBucket,
                    Math.floorDiv(nowSeconds, PIECE), nowSeconds);
            for (long b = Math.max(first, lastSettled + 1); b <= last; b++) {
                computed.put(b, sum(b * width, pieces, b * perBucket, (b + 1) * perBucket - 1));
            }
        }
        List<Map<String, Object>> buckets = new ArrayList<>();
        for (long b = first; b <= last; b++) {
            Map<String, Object> bucket = b < open ? kept.get(b) : computed.get(b);
            bucket.remove(LATENCY_HIST);
            bucket.remove(LAG_HIST);
            buckets.add(bucket);
        }
        Long pending = jdbc.queryForObject("select count(*) from erp_deliveries where state = 'PENDING'", Long.class);
        long backlog = pending == null ? 0 : pending;
        for (int i = buckets.size() - 1; i >= 0; i--) {
            buckets.get(i).put("backlog", Math.max(0, backlog));
            backlog -= (Long) buckets.get(i).get("outboxChange");
        }

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("window", window.name().toLowerCase(Locale.ROOT));
        out.put("bucketSeconds", width);
        out.put("from", Instant.ofEpochSecond(first * width));
        out.put("at", now);
        out.put("buckets", buckets);
        return out;
    }

    /**
     * Computes and keeps every settled bucket of every window not kept yet, oldest first, a few at a time (run by
     * the {@code console-trends} route after a start and then every minute). Two instances may compute the same
     * bucket; the first to keep it wins and both computed the same figures.
     */
    public int settle() {
        int computed = 0;
        long nowSeconds = Instant.now().getEpochSecond();
        for (Window window : Window.values()) {
            long width = window.bucketSeconds;
            long last = Math.floorDiv(nowSeconds, width);
            long first = last - window.length.getSeconds() / width + 1;
            if (width == PIECE) {
                first = Math.min(first, firstPiece(nowSeconds));
            }
            long lastSettled = Math.floorDiv(nowSeconds - SETTLED, width) - 1;
            Map<Long, Map<String, Object>> kept = kept(width, first, lastSettled);
            long from = first;
            while (from <= lastSettled) {
                while (from <= lastSettled && kept.containsKey(from)) {
                    from++;
                }
                if (from > lastSettled) {
                    break;
                }
                long to = Math.min(lastSettled, from + SETTLE_CHUNK - 1);
                Map<Long, Map<String, Object>> fresh = compute(width, from, to);
                for (long b = from; b <= to; b++) {
                    if (!kept.containsKey(b)) {
                        keep(width, b, fresh.get(b));
                        computed++;
                    }
                }
                from = to + 1;
            }
        }
        jdbc.update("delete from console_trend_buckets where (bucket + 1) * width < ?",
                nowSeconds - Window.WEEK.length.getSeconds() - 86400);
        return computed;
    }

    private Map<Long, Map<String, Object>> kept(long width, long first, long lastSettled) {
        Map<Long, Map<String, Object>> kept = new HashMap<>();
        if (lastSettled < first) {
            return kept;
        }
        jdbc.query("select bucket, body from console_trend_buckets where width = ? and bucket between ? and ?", rs -> {
            try {
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("at", Instant.ofEpochSecond(rs.getLong(1) * width));
                for (var fields = JSON.readTree(rs.getString(2)).fields(); fields.hasNext(); ) {
                    var e = fields.next();
                    b.put(e.getKey(), e.getValue().isNull() ? null
                            : e.getValue().isTextual() ? decode(e.getValue().asText()) : (Object) e.getValue().asLong());
                }
                if (width == PIECE && !(b.get(LATENCY_HIST) instanceof Histogram && b.get(LAG_HIST) instanceof Histogram)) {
                    return; // a piece without its histograms: computed again
                }
                kept.put(rs.getLong(1), b);
            } catch (JsonProcessingException | DataFormatException unreadable) {
                // recomputed below
            }
        }, (int) width, first, lastSettled);
        return kept;
    }

    private void keep(long width, long bucket, Map<String, Object> figures) {
        Map<String, Object> body = new LinkedHashMap<>(figures);
        body.remove("at");
        body.remove("backlog");
        body.computeIfPresent(LATENCY_HIST, (k, h) -> encode((Histogram) h));
        body.computeIfPresent(LAG_HIST, (k, h) -> encode((Histogram) h));
        try {
            jdbc.update("insert into console_trend_buckets (width, bucket, body, computed_at) values (?, ?, ?, ?)",
                    (int) width, bucket, JSON.writeValueAsString(body), OffsetDateTime.now(ZoneOffset.UTC));
        } catch (DuplicateKeyException keptByAnother) {
            // another call or instance kept it first, with the same figures
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The figures of buckets {@code from..to} (inclusive) computed from the database. */
    private Map<Long, Map<String, Object>> compute(long width, long fromBucket, long toBucket) {
        Map<Long, Map<String, Object>> out = new HashMap<>();
        if (toBucket < fromBucket) {
            return out;
        }
        long first = fromBucket;
        int n = (int) (toBucket - fromBucket + 1);
        OffsetDateTime since = Instant.ofEpochSecond(fromBucket * width).atOffset(ZoneOffset.UTC);
        OffsetDateTime until = Instant.ofEpochSecond((toBucket + 1) * width).atOffset(ZoneOffset.UTC);
        List<Map<String, Object>> buckets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("at", Instant.ofEpochSecond((first + i) * width));
            b.put("succeeded", 0L);
            b.put("failed", 0L);
            b.put("other", 0L);
            b.put("calls", 0L);
            b.put("errors", 0L);
            b.put("rateLimited", 0L);
            b.put("latencyP50", null);
            b.put("latencyP95", null);
            b.put("webhooks", 0L);
            b.put("lagP50Ms", null);
            b.put("lagP95Ms", null);
            b.put("outboxChange", 0L);
            b.put("backlog", 0L);
            buckets.add(b);
        }

        jdbc.query("select " + bucket("completed_at", width) + " as b, status, count(*) from payments "
                + "where completed_at >= ? and completed_at < ? group by " + bucket("completed_at", width) + ", status", rs -> {
                    Map<String, Object> b = at(buckets, rs.getLong(1) - first);
                    if (b != null) {
                        String status = rs.getString(2);
                        String key = PaymentStatus.SUCCESSFUL.name().equals(status) ? "succeeded"
                                : ConsoleQueries.FAILURES.contains(status) ? "failed" : "other";
                        b.merge(key, rs.getLong(3), (x, y) -> (Long) x + (Long) y);
                    }
                }, since, until);

        jdbc.query("select " + bucket("at", width) + " as b, count(*), "
                + "sum(case when outcome = 'RATE_LIMITED' then 1 else 0 end), sum(case when " + ERRORS + " then 1 else 0 end), "
                + "percentile_cont(0.5) within group (order by latency_ms), "
                + "percentile_cont(0.95) within group (order by latency_ms) "
                + "from kotani_calls where at >= ? and at < ? group by " + bucket("at", width), rs -> {
                    Map<String, Object> b = at(buckets, rs.getLong(1) - first);
                    if (b != null) {
                        b.put("calls", rs.getLong(2));
                        b.put("rateLimited", rs.getLong(3));
                        b.put("errors", rs.getLong(4));
                        b.put("latencyP50", Math.round(rs.getDouble(5)));
                        b.put("latencyP95", Math.round(rs.getDouble(6)));
                    }
                }, since, until);

        // Kotani's event time (the webhook body's own timestamp, V29) -> applied; from receipt when the body had none
        String lag = "(extract(epoch from processed_at) - extract(epoch from coalesce(event_at, received_at))) * 1000";
        jdbc.query("select " + bucket("processed_at", width) + " as b, count(*), "
                + "percentile_cont(0.5) within group (order by " + lag + "), "
                + "percentile_cont(0.95) within group (order by " + lag + ") "
                + "from kotani_webhook_events where processed_at >= ? and processed_at < ? group by "
                + bucket("processed_at", width), rs -> {
                    Map<String, Object> b = at(buckets, rs.getLong(1) - first);
                    if (b != null) {
                        b.put("webhooks", rs.getLong(2));
                        b.put("lagP50Ms", Math.max(0, Math.round(rs.getDouble(3))));
                        b.put("lagP95Ms", Math.max(0, Math.round(rs.getDouble(4))));
                    }
                }, since, until);

        outboxChanges(buckets, first, width, since, until);
        if (width == PIECE) {
            histograms(buckets, first, since, until);
        }
        for (int i = 0; i < n; i++) {
            out.put(first + i, buckets.get(i));
        }
        return out;
    }

    /**
     * The outbox's net change in each bucket (deliveries created, less those delivered or given up, DEAD), from which
     * the backlog at the end of each bucket follows back from the backlog now.
     */
    private void outboxChanges(List<Map<String, Object>> buckets, long first, long width, OffsetDateTime since,
                               OffsetDateTime until) {
        long[] change = new long[buckets.size()];
        jdbc.query("select " + bucket("created_at", width) + " as b, count(*) from erp_deliveries where created_at >= ? "
                + "and created_at < ? group by " + bucket("created_at", width),
                rs -> { add(change, rs.getLong(1) - first, rs.getLong(2)); }, since, until);
        jdbc.query("select " + bucket("delivered_at", width) + " as b, count(*) from erp_deliveries where delivered_at >= ? "
                + "and delivered_at < ? group by " + bucket("delivered_at", width),
                rs -> { add(change, rs.getLong(1) - first, -rs.getLong(2)); }, since, until);
        jdbc.query("select " + bucket("updated_at", width) + " as b, count(*) from erp_deliveries where state = 'DEAD' "
                + "and updated_at >= ? and updated_at < ? group by " + bucket("updated_at", width),
                rs -> { add(change, rs.getLong(1) - first, -rs.getLong(2)); }, since, until);
        for (int i = 0; i < change.length; i++) {
            buckets.get(i).put("outboxChange", change[i]);
        }
    }

    /**
     * Each one-minute bucket's Kotani latencies and webhook lags (whole milliseconds, a negative lag as 0) as
     * histograms, from the database's count of each distinct value in each bucket.
     */
    private void histograms(List<Map<String, Object>> buckets, long first, OffsetDateTime since, OffsetDateTime until) {
        for (Map<String, Object> b : buckets) {
            b.put(LATENCY_HIST, new Histogram(2));
            b.put(LAG_HIST, new Histogram(2));
        }
        jdbc.query("select " + bucket("at", PIECE) + " as b, latency_ms, count(*) from kotani_calls where at >= ? "
                + "and at < ? group by " + bucket("at", PIECE) + ", latency_ms", rs -> {
                    record(at(buckets, rs.getLong(1) - first), LATENCY_HIST, rs.getLong(2), rs.getLong(3));
                }, since, until);
        String lag = "cast(round((extract(epoch from processed_at) - extract(epoch from coalesce(event_at, received_at))) "
                + "* 1000) as bigint)";
        jdbc.query("select " + bucket("processed_at", PIECE) + " as b, " + lag + ", count(*) from kotani_webhook_events "
                + "where processed_at >= ? and processed_at < ? group by " + bucket("processed_at", PIECE) + ", " + lag, rs -> {
                    record(at(buckets, rs.getLong(1) - first), LAG_HIST, rs.getLong(2), rs.getLong(3));
                }, since, until);
    }

    private static void record(Map<String, Object> bucket, String key, long value, long count) {
        if (bucket != null) {
            ((Histogram) bucket.get(key)).recordValueWithCount(Math.max(0, value), count);
        }
    }

    /** The first one-minute piece an open bucket of the day or week window may need (up to 2 h 10 min ago). */
    private static long firstPiece(long nowSeconds) {
        long first = Long.MAX_VALUE;
        for (Window window : Window.values()) {
            long width = window.bucketSeconds;
            first = Math.min(first, (Math.floorDiv(nowSeconds - SETTLED, width)) * (width / PIECE));
        }
        return first;
    }

    /**
     * The figures of the minutes from {@code fromSeconds} to {@code toSeconds} (whole minutes), summed from their
     * one-minute pieces as an open bucket of the day or week chart is.
     */
    Map<String, Object> summed(long fromSeconds, long toSeconds) {
        long fromPiece = Math.floorDiv(fromSeconds, PIECE);
        long toPiece = Math.floorDiv(toSeconds, PIECE) - 1;
        Map<String, Object> b = sum(fromSeconds, pieces(fromPiece, toPiece, Instant.now().getEpochSecond()), fromPiece, toPiece);
        b.remove("backlog");
        return b;
    }

    /**
     * The one-minute pieces {@code fromPiece..lastPiece}: the settled ones kept (any missing is computed and kept),
     * the open ones computed from the ledger.
     */
    private Map<Long, Map<String, Object>> pieces(long fromPiece, long lastPiece, long nowSeconds) {
        long lastSettled = Math.floorDiv(nowSeconds - SETTLED, PIECE) - 1;
        Map<Long, Map<String, Object>> pieces = kept(PIECE, fromPiece, Math.min(lastPiece, lastSettled));
        long open = fromPiece;
        while (open <= lastSettled && pieces.containsKey(open)) {
            open++;
        }
        Map<Long, Map<String, Object>> computed = compute(PIECE, open, lastPiece);
        for (long p = open; p <= lastPiece; p++) {
            if (p <= lastSettled && !pieces.containsKey(p)) {
                keep(PIECE, p, computed.get(p));
            }
            pieces.putIfAbsent(p, computed.get(p));
        }
        return pieces;
    }

    /**
     * A bucket summed from its one-minute pieces: counts added, latency and lag percentiles from the summed
     * histograms ({@link #percentile}).
     */
    private static Map<String, Object> sum(long startSeconds, Map<Long, Map<String, Object>> pieces, long from, long to) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("at", Instant.ofEpochSecond(startSeconds));
        Histogram latency = new Histogram(2);
        Histogram lag = new Histogram(2);
        for (String key : SUMMED) {
            b.put(key, 0L);
        }
        b.put("backlog", 0L);
        for (long p = from; p <= to; p++) {
            Map<String, Object> piece = pieces.get(p);
            if (piece == null) {
                continue;
            }
            for (String key : SUMMED) {
                Object value = piece.get(key);
                b.put(key, (Long) b.get(key) + (value == null ? 0L : ((Number) value).longValue()));
            }
            latency.add((Histogram) piece.get(LATENCY_HIST));
            lag.add((Histogram) piece.get(LAG_HIST));
        }
        b.put("latencyP50", percentile(latency, 0.5));
        b.put("latencyP95", percentile(latency, 0.95));
        b.put("lagP50Ms", percentile(lag, 0.5));
        b.put("lagP95Ms", percentile(lag, 0.95));
        return b;
    }

    /**
     * The percentile of a histogram as {@code percentile_cont} reads it of the rows (between the values at the two
     * ranks around {@code fraction * (n - 1)}), each value taken as the middle of its bin. Precision: the bins of 2
     * significant digits are 1 ms wide up to 255 ms (exact) and at most 1/128 of their value above, so the result is
     * within 0.4 % (half a bin) of the exact {@code percentile_cont} of the same rows, whole milliseconds.
     */
    static Long percentile(Histogram histogram, double fraction) {
        long n = histogram.getTotalCount();
        if (n == 0) {
            return null;
        }
        double rank = fraction * (n - 1);
        long lowRank = (long) Math.floor(rank);
        long highRank = (long) Math.ceil(rank);
        double low = Double.NaN;
        double high = Double.NaN;
        long seen = 0;
        for (HistogramIterationValue v : histogram.recordedValues()) {
            seen += v.getCountAtValueIteratedTo();
            double value = histogram.medianEquivalentValue(v.getValueIteratedTo());
            if (Double.isNaN(low) && lowRank < seen) {
                low = value;
            }
            if (highRank < seen) {
                high = value;
                break;
            }
        }
        return Math.round(low + (rank - lowRank) * (high - low));
    }

    static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    static Histogram decode(String text) throws DataFormatException {
        Histogram histogram = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(text)), 0);
        histogram.setAutoResize(true);
        return histogram;
    }

    /** Failed payments (status FAILED) finished in the window, grouped by Kotani's error code, most frequent first. */
    public Map<String, Object> failures(Window window) {
        Instant now = Instant.now();
        OffsetDateTime since = now.minus(window.length).atOffset(ZoneOffset.UTC);
        List<Map<String, Object>> groups = new ArrayList<>();
        jdbc.query("select last_error_code, count(*), max(completed_at) as last_at from payments "
                + "where status = 'FAILED' and completed_at >= ? group by last_error_code order by count(*) desc, "
                + "last_error_code fetch first 100 rows only", rs -> {
                    Map<String, Object> g = new LinkedHashMap<>();
                    g.put("code", rs.getString(1));
                    g.put("count", rs.getLong(2));
                    g.put("lastAt", ConsoleQueries.instant(rs, "last_at"));
                    groups.add(g);
                }, since);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("window", window.name().toLowerCase(Locale.ROOT));
        out.put("from", since.toInstant());
        out.put("groups", groups);

        Long unknownCount = jdbc.queryForObject("select count(*) from payments where status = 'UNKNOWN'", Long.class);
        List<Map<String, Object>> unknown = jdbc.query("select reference, amount, currency, attempts, last_error, "
                + "created_at, submitted_at, next_check_at from payments where status = 'UNKNOWN' "
                + "order by created_at, id fetch first " + UNKNOWN_LISTED + " rows only", (rs, i) -> {
                    Map<String, Object> u = new LinkedHashMap<>();
                    Instant created = ConsoleQueries.instant(rs, "created_at");
                    Instant submitted = ConsoleQueries.instant(rs, "submitted_at");
                    Instant waiting = submitted == null ? created : submitted;
                    u.put("reference", rs.getString("reference"));
                    u.put("amount", ConsoleQueries.money(rs.getBigDecimal("amount"), rs.getString("currency")));
                    u.put("currency", rs.getString("currency"));
                    u.put("attempts", rs.getInt("attempts"));
                    u.put("error", LogMasker.mask(rs.getString("last_error")));
                    u.put("createdAt", created);
                    u.put("submittedAt", submitted);
                    u.put("nextCheckAt", ConsoleQueries.instant(rs, "next_check_at"));
                    u.put("ageSeconds", waiting == null ? null : Math.max(0, Duration.between(waiting, now).getSeconds()));
                    return u;
                });
        out.put("unknownCount", unknownCount == null ? 0 : unknownCount);
        out.put("unknown", unknown);
        return out;
    }

    /** The bucket number of a timestamp column: whole {@code width}-second periods since the epoch. */
    private static String bucket(String column, long width) {
        return "cast(floor(extract(epoch from " + column + ") / " + width + ") as bigint)";
    }

    private static Map<String, Object> at(List<Map<String, Object>> buckets, long index) {
        return index >= 0 && index < buckets.size() ? buckets.get((int) index) : null;
    }

    private static void add(long[] change, long index, long value) {
        if (index >= 0 && index < change.length) {
            change[(int) index] += value;
        }
    }
}
