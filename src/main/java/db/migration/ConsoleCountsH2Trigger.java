package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.h2.api.Trigger;

/**
 * H2's keeper of {@code console_counts} (see {@link V27__console_counts}): a row-level trigger on {@code payments}
 * (insert, update, delete) and {@code kotani_calls} (insert) that moves the row's count from its old key to its new
 * one in the same transaction. Keys are touched in sorted order, so two transactions never wait on each other in
 * opposite orders.
 */
public class ConsoleCountsH2Trigger implements Trigger {

    private boolean payments;
    private String schema;
    private final Map<String, Integer> columns = new HashMap<>();

    /**
     * The table is told by the trigger's name, and its column positions are read at the first row: {@code ALTER
     * TABLE} rebuilds the table as {@code payments_COPY_n_m} with the trigger renamed
     * {@code payments_COPY_n_m_console_count_payments}, inits it there (before the new column exists) and renames the
     * table back without calling {@code init} again.
     */
    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before, int type) {
        payments = triggerName.toLowerCase(Locale.ROOT).contains("console_count_payments");
        schema = schemaName;
    }

    private void readColumns(Connection conn) throws SQLException {
        columns.clear();
        try (PreparedStatement columnsOf = conn.prepareStatement("select column_name, ordinal_position from "
                + "information_schema.columns where upper(table_schema) = upper(?) and upper(table_name) = upper(?)")) {
            columnsOf.setString(1, schema);
            columnsOf.setString(2, payments ? "payments" : "kotani_calls");
            try (ResultSet rs = columnsOf.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getInt(2) - 1);
                }
            }
        }
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        Object[] row = newRow != null ? newRow : oldRow;
        if (columns.isEmpty() || columns.size() != row.length) {
            readColumns(conn);
        }
        Key before = oldRow == null ? null : key(oldRow);
        Key after = newRow == null ? null : key(newRow);
        if (before != null && after != null && before.sameAs(after)) {
            return;
        }
        List<Key> keys = before == null ? List.of(after) : after == null ? List.of(before)
                : before.compareTo(after) <= 0 ? List.of(before, after) : List.of(after, before);
        for (Key k : keys) {
            add(conn, k, k == before ? -1 : 1, k == before ? -k.latency : k.latency);
        }
    }

    private record Key(String kind, LocalDate day, String batch, String k1, String k2, int shard, long latency)
            implements Comparable<Key> {
        boolean sameAs(Key o) {
            return compareTo(o) == 0;
        }

        @Override
        public int compareTo(Key o) {
            int c = day.compareTo(o.day);
            c = c != 0 ? c : batch.compareTo(o.batch);
            c = c != 0 ? c : k1.compareTo(o.k1);
            c = c != 0 ? c : k2.compareTo(o.k2);
            return c != 0 ? c : Integer.compare(shard, o.shard);
        }
    }

    private Key key(Object[] row) {
        int shard = (int) Math.floorMod(((Number) value(row, "id")).longValue(), 16L);
        if (payments) {
            Object batch = value(row, "batch_id");
            return new Key("PAYMENT", day(value(row, "created_at")), batch == null ? "" : batch.toString(),
                    value(row, "status").toString(), value(row, "type").toString(), shard, 0);
        }
        String outcome = value(row, "outcome").toString();
        Object httpStatus = value(row, "http_status");
        boolean error = List.of("REJECTED", "UNKNOWN", "NOT_SENT").contains(outcome)
                && !("CUSTOMER_BY_PHONE".equals(value(row, "operation"))
                     && httpStatus != null && ((Number) httpStatus).intValue() == 404);
        return new Key("CALL", day(value(row, "at")), "", outcome, error ? "ERROR" : "", shard,
                ((Number) value(row, "latency_ms")).longValue());
    }

    private Object value(Object[] row, String column) {
        return row[columns.get(column)];
    }

    private static LocalDate day(Object at) {
        Instant instant = at instanceof OffsetDateTime o ? o.toInstant()
                : at instanceof java.sql.Timestamp t ? t.toInstant()
                : at instanceof java.time.ZonedDateTime z ? z.toInstant()
                : at instanceof Instant i ? i : OffsetDateTime.parse(at.toString()).toInstant();
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    private static void add(Connection conn, Key k, long n, long total) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try (PreparedStatement update = conn.prepareStatement("update console_counts set n = n + ?, total = total + ? "
                    + "where kind = ? and on_day = ? and batch_id = ? and k1 = ? and k2 = ? and shard = ?")) {
                update.setLong(1, n);
                update.setLong(2, total);
                bind(update, 3, k);
                if (update.executeUpdate() > 0) {
                    return;
                }
            }
            try (PreparedStatement insert = conn.prepareStatement("insert into console_counts (kind, on_day, batch_id, k1, "
                    + "k2, shard, n, total) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
                bind(insert, 1, k);
                insert.setLong(7, n);
                insert.setLong(8, total);
                insert.executeUpdate();
                return;
            } catch (SQLException e) {
                // another session inserted the same key first: add to its row
                if (attempt > 0 || !"23505".equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
    }

    private static void bind(PreparedStatement s, int from, Key k) throws SQLException {
        s.setString(from, k.kind());
        s.setObject(from + 1, k.day());
        s.setString(from + 2, k.batch());
        s.setString(from + 3, k.k1());
        s.setString(from + 4, k.k2());
        s.setInt(from + 5, k.shard());
    }
}
