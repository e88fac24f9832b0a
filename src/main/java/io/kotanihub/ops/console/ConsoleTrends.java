package io.kotanihub.ops.console;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.kotanihub.model.PaymentStatus;
import io.kotanihub.common.logging.LogMasker;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The console's history and what to act on, computed from the ledger, the Kotani call audit, the received webhooks
 * and the ERP outbox (so a restart loses nothing): payments finished per bucket by outcome, Kotani call latency
 * (p50, p95) with errors and 429s, webhook lag (received → applied), the outbox backlog; failed payments grouped by
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
     * Buckets that ended more than {@link #SETTLED} ago, per window, by bucket number: what happened in them is in the
     * database for good (every series is keyed by the time a row was written), so each is computed once; a call
     * computes only the recent, open buckets. Rebuilt from the database after a restart.
     */
    private final Map<Window, Map<Long, Map<String, Object>>> settled = new ConcurrentHashMap<>();
    private static final long SETTLED = 600;

    public Map<String, Object> trends(Window window) {
        Instant now = Instant.now();
        long width = window.bucketSeconds;
        long last = Math.floorDiv(now.getEpochSecond(), width);
        long first = last - window.length.getSeconds() / width + 1;
        long lastSettled = Math.floorDiv(now.getEpochSecond() - SETTLED, width) - 1;
        Map<Long, Map<String, Object>> cache = settled.computeIfAbsent(window, w -> new ConcurrentHashMap<>());
        cache.keySet().removeIf(b -> b < first);
        long open = first;
        while (open <= lastSettled && cache.containsKey(open)) {
            open++;
        }
        OffsetDateTime since = Instant.ofEpochSecond(open * width).atOffset(ZoneOffset.UTC);
        OffsetDateTime from = Instant.ofEpochSecond(first * width).atOffset(ZoneOffset.UTC);
        int n = (int) (last - first + 1);

        List<Map<String, Object>> buckets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> cached = first + i < open ? cache.get(first + i) : null;
            if (cached != null) {
                buckets.add(new LinkedHashMap<>(cached));
                continue;
            }
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
                + "where completed_at >= ? group by " + bucket("completed_at", width) + ", status", rs -> {
                    Map<String, Object> b = at(buckets, rs.getLong(1) - first);
                    if (b != null) {
                        String status = rs.getString(2);
                        String key = PaymentStatus.SUCCESSFUL.name().equals(status) ? "succeeded"
                                : ConsoleQueries.FAILURES.contains(status) ? "failed" : "other";
                        b.merge(key, rs.getLong(3), (x, y) -> (Long) x + (Long) y);
                    }
                }, since);

        jdbc.query("select " + bucket("at", width) + " as b, count(*), "
                + "sum(case when outcome = 'RATE_LIMITED' then 1 else 0 end), sum(case when " + ERRORS + " then 1 else 0 end), "
                + "percentile_cont(0.5) within group (order by latency_ms), "
                + "percentile_cont(0.95) within group (order by latency_ms) "
                + "from kotani_calls where at >= ? group by " + bucket("at", width), rs -> {
                    Map<String, Object> b = at(buckets, rs.getLong(1) - first);
                    if (b != null) {
                        b.put("calls", rs.getLong(2));
                        b.put("rateLimited", rs.getLong(3));
                        b.put("errors", rs.getLong(4));
                        b.put("latencyP50", Math.round(rs.getDouble(5)));
                        b.put("latencyP95", Math.round(rs.getDouble(6)));
                    }
                }, since);

        String lag = "(extract(epoch from processed_at) - extract(epoch from received_at)) * 1000";
        jdbc.query("select " + bucket("processed_at", width) + " as b, count(*), "
                + "percentile_cont(0.5) within group (order by " + lag + "), "
                + "percentile_cont(0.95) within group (order by " + lag + ") "
                + "from kotani_webhook_events where processed_at >= ? group by " + bucket("processed_at", width), rs -> {
                    Map<String, Object> b = at(buckets, rs.getLong(1) - first);
                    if (b != null) {
                        b.put("webhooks", rs.getLong(2));
                        b.put("lagP50Ms", Math.max(0, Math.round(rs.getDouble(3))));
                        b.put("lagP95Ms", Math.max(0, Math.round(rs.getDouble(4))));
                    }
                }, since);

        outboxChanges(buckets, first, width, since);
        for (long b = open; b <= lastSettled; b++) {
            cache.put(b, Collections.unmodifiableMap(new LinkedHashMap<>(buckets.get((int) (b - first)))));
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
        out.put("from", from.toInstant());
        out.put("at", now);
        out.put("buckets", buckets);
        return out;
    }

    /**
     * The outbox's net change in each bucket (deliveries created, less those delivered or given up, DEAD), from which
     * the backlog at the end of each bucket follows back from the backlog now.
     */
    private void outboxChanges(List<Map<String, Object>> buckets, long first, long width, OffsetDateTime since) {
        long[] change = new long[buckets.size()];
        jdbc.query("select " + bucket("created_at", width) + " as b, count(*) from erp_deliveries where created_at >= ? "
                + "group by " + bucket("created_at", width), rs -> { add(change, rs.getLong(1) - first, rs.getLong(2)); }, since);
        jdbc.query("select " + bucket("delivered_at", width) + " as b, count(*) from erp_deliveries where delivered_at >= ? "
                + "group by " + bucket("delivered_at", width), rs -> { add(change, rs.getLong(1) - first, -rs.getLong(2)); }, since);
        jdbc.query("select " + bucket("updated_at", width) + " as b, count(*) from erp_deliveries where state = 'DEAD' "
                + "and updated_at >= ? group by " + bucket("updated_at", width), rs -> { add(change, rs.getLong(1) - first, -rs.getLong(2)); }, since);
        long sinceBucket = Math.floorDiv(since.toEpochSecond(), width);
        for (int i = 0; i < change.length; i++) {
            if (first + i >= sinceBucket) {
                buckets.get(i).put("outboxChange", change[i]);
            }
        }
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
