package io.kotanihub.ops.console;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kotanihub.common.csv.CsvWriters;
import io.kotanihub.common.logging.LogMasker;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every payment in the ledger, newest first, filtered ({@link PaymentFilter}) and keyset-paged on
 * {@code (created_at, id)}: a page starts after the cursor of the previous page's last row, so page 1,000 costs what
 * page 1 costs. Rows carry what the console shows and nothing more: amounts as their currency writes them, the
 * recipient's numbers masked (last three digits), error text masked.
 */
@Component
public class PaymentList {

    /** The CSV export's columns, in order. */
    public static final String[] COLUMNS = {"reference", "status", "type", "method", "amount", "currency", "recipient",
            "source", "batch_id", "batch_row", "error_code", "error", "created_at", "completed_at"};
    private static final String SELECT = "select id, reference, status, type, method, amount, currency, source, "
            + "batch_id, batch_row, last_error_code, last_error, command_json, created_at, completed_at from payments";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final ObjectMapper json = new ObjectMapper();

    public PaymentList(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** One page: at most {@code limit} rows after {@code cursor} (null: the newest), and the next page's cursor. */
    public Page page(PaymentFilter filter, String cursor, int limit) {
        List<Map<String, Object>> rows = rows(filter, Cursor.parse(cursor), limit + 1);
        boolean more = rows.size() > limit;
        List<Map<String, Object>> shown = more ? rows.subList(0, limit) : rows;
        String next = more ? (String) shown.get(shown.size() - 1).remove("cursor") : null;
        shown.forEach(r -> r.remove("cursor"));
        return new Page(shown, next);
    }

    public record Page(List<Map<String, Object>> rows, String next) { }

    /** Writes every row of the filter as CSV, a page of {@code pageSize} rows at a time (never the whole list). */
    public long export(PaymentFilter filter, CsvWriters.CsvOutput csv, int pageSize) {
        csv.record((Object[]) COLUMNS);
        long written = 0;
        Cursor cursor = null;
        while (true) {
            List<Map<String, Object>> rows = rows(filter, cursor, pageSize);
            for (Map<String, Object> r : rows) {
                csv.text(r.get("reference"), r.get("status"), r.get("type"), r.get("method"),
                        r.get("amount"), r.get("currency"), recipientText(r.get("recipient")), r.get("source"),
                        r.get("batchId"), r.get("batchRow"), r.get("errorCode"), r.get("error"), r.get("createdAt"),
                        r.get("completedAt"));
            }
            written += rows.size();
            csv.flush();
            if (rows.size() < pageSize) {
                return written;
            }
            cursor = Cursor.parse((String) rows.get(rows.size() - 1).get("cursor"));
        }
    }

    private List<Map<String, Object>> rows(PaymentFilter filter, Cursor cursor, int limit) {
        if (!postgres()) {
            return select(filter, cursor, limit);
        }
        // PostgreSQL plans a statement the driver prepared five times once for every value (a "generic plan"):
        // method = $1 is then estimated at half the ledger and the newest-first index walked, which reads all of it
        // for a method no payment has (method=TILL: 260-630 ms at 1,000,000 payments, against 11 ms when planned
        // for the value). Each page is planned for its own values.
        return readOnly.execute(page -> {
            jdbc.execute("set local plan_cache_mode = force_custom_plan");
            return select(filter, cursor, limit);
        });
    }

    private List<Map<String, Object>> select(PaymentFilter filter, Cursor cursor, int limit) {
        PaymentFilter.Condition condition = filter.condition();
        List<Object> args = new ArrayList<>(condition.args());
        String where;
        if (cursor == null) {
            where = condition.where();
        } else {
            where = condition.where("created_at <= ?", "(created_at < ? or id < ?)");
            args.add(cursor.createdAt().atOffset(ZoneOffset.UTC));
            args.add(cursor.createdAt().atOffset(ZoneOffset.UTC));
            args.add(cursor.id());
        }
        String page = " order by " + filter.order() + " fetch first " + limit + " rows only";
        if (filter.prefix() != null && filter.order().startsWith("created_at") && postgres()) {
            // PostgreSQL would walk the newest-first index and test every reference, reading the whole ledger when
            // the prefix's payments are old: read the prefix's (id, created_at) from its own index first (V27)
            return jdbc.query("with matching as materialized (select id, created_at from payments" + where + ") "
                    + SELECT + " where id in (select id from matching order by created_at desc, id desc fetch first "
                    + limit + " rows only) order by " + filter.order(), (rs, i) -> row(rs), args.toArray());
        }
        if (filter.prefix() != null && postgres()) {
            // a prefix may match many payments: pick the page's ids from the index of (reference, created_at, id)
            // alone, then read only those rows
            return jdbc.query(SELECT + " where id in (select id from payments" + where + page + ") order by "
                    + filter.order(), (rs, i) -> row(rs), args.toArray());
        }
        if (filter.prefix() != null) {
            // a prefix may match many payments (100,000 of a million), and H2 sorts them slowly: read the matches'
            // (created_at, id) from the index of (reference, created_at, id), keep the newest few, then read only
            // those rows
            List<Long> ids = newest("select created_at, id from payments" + where, args, limit);
            if (ids.isEmpty()) {
                return new ArrayList<>();
            }
            return jdbc.query(SELECT + " where id in (" + ids.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + ") order by " + filter.order(), (rs, i) -> row(rs));
        }
        String from = postgres() ? SELECT : SELECT + " use index (" + filter.index() + ")";
        return jdbc.query(from + where + page, (rs, i) -> row(rs), args.toArray());
    }

    /**
     * The ids of the newest {@code limit} rows of a query of (created_at, id), newest first, kept in a bounded heap
     * while H2 streams the rows (lazy execution: a result of 100,000 rows is neither sorted nor kept, which spills to
     * disk beyond H2's in-memory row limit).
     */
    private List<Long> newest(String sql, List<Object> args, int limit) {
        Comparator<long[]> order = Comparator.<long[]>comparingLong(r -> r[0]).thenComparingLong(r -> r[1]);
        PriorityQueue<long[]> heap = new PriorityQueue<>(limit + 1, order);
        jdbc.execute((ConnectionCallback<Void>) c -> {
            try (Statement lazy = c.createStatement()) {
                lazy.execute("set lazy_query_execution true");
            }
            try (PreparedStatement query = c.prepareStatement(sql)) {
                new ArgumentPreparedStatementSetter(args.toArray()).setValues(query);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        Instant created = rs.getObject(1, OffsetDateTime.class).toInstant();
                        long[] key = {created.getEpochSecond() * 1_000_000_000L + created.getNano(), rs.getLong(2)};
                        if (heap.size() < limit) {
                            heap.add(key);
                        } else if (order.compare(key, heap.peek()) > 0) {
                            heap.poll();
                            heap.add(key);
                        }
                    }
                }
            } finally {
                try (Statement eager = c.createStatement()) {
                    eager.execute("set lazy_query_execution false");
                }
            }
            return null;
        });
        List<long[]> kept = new ArrayList<>(heap);
        kept.sort(order.reversed());
        return kept.stream().map(r -> r[1]).toList();
    }

    private Boolean postgres;

    private boolean postgres() {
        if (postgres == null) {
            postgres = Boolean.TRUE.equals(jdbc.execute((ConnectionCallback<Boolean>) c ->
                    c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")));
        }
        return postgres;
    }

    private Map<String, Object> row(ResultSet rs) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        String currency = rs.getString("currency");
        Instant created = ConsoleQueries.instant(rs, "created_at");
        row.put("reference", rs.getString("reference"));
        row.put("status", rs.getString("status"));
        row.put("type", rs.getString("type"));
        row.put("method", rs.getString("method"));
        row.put("amount", ConsoleQueries.money(rs.getBigDecimal("amount"), currency));
        row.put("currency", currency);
        row.put("recipient", recipient(rs.getString("command_json")));
        row.put("source", rs.getString("source"));
        row.put("batchId", rs.getString("batch_id"));
        row.put("batchRow", rs.getObject("batch_row"));
        row.put("errorCode", rs.getString("last_error_code"));
        row.put("error", LogMasker.mask(rs.getString("last_error")));
        row.put("createdAt", created);
        row.put("completedAt", ConsoleQueries.instant(rs, "completed_at"));
        row.put("cursor", new Cursor(created, rs.getLong("id")).toString());
        return row;
    }

    /** The recipient as the timeline shows it: names and networks plain, every personal number masked. */
    private Map<String, Object> recipient(String commandJson) {
        try {
            return PaymentTimeline.recipient(json.readTree(commandJson).path("recipient"));
        } catch (Exception unreadable) {
            return Map.of();
        }
    }

    @SuppressWarnings("unchecked")
    private static String recipientText(Object recipient) {
        return ((Map<String, Object>) recipient).entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** A position in the list: the last row's creation time and id ({@code 2026-12-01T08:00:00.123456Z~42}). */
    record Cursor(Instant createdAt, long id) {
        static Cursor parse(String text) {
            if (text == null || text.isBlank()) {
                return null;
            }
            int sep = text.lastIndexOf('~');
            try {
                return new Cursor(Instant.parse(text.substring(0, Math.max(0, sep))), Long.parseLong(text.substring(sep + 1)));
            } catch (DateTimeParseException | NumberFormatException | IndexOutOfBoundsException e) {
                throw new IllegalArgumentException("after must be a cursor given by a previous page (next)");
            }
        }

        @Override
        public String toString() {
            return createdAt + "~" + id;
        }
    }
}
