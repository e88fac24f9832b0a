package io.kotanihub.ops.console;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.kotanihub.common.logging.LogMasker;
import io.kotanihub.events.endpoints.EventEndpointStatus;
import io.kotanihub.ledger.BatchRepository;
import io.kotanihub.model.CommandValidator;
import io.kotanihub.model.PaymentStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the console shows, read straight from the ledger: today's payments, Kotani calls and the outbox for the
 * overview; batches with their progress; a batch's rows. Free text that may carry personal data (errors, Kotani's
 * messages) goes through {@link LogMasker} before it leaves.
 */
@Component
public class ConsoleQueries {

    /** Final statuses in which the money did not (or no longer) reach the recipient. */
    static final Set<String> FAILURES = Set.of(PaymentStatus.FAILED.name(), PaymentStatus.CANCELLED.name(),
            PaymentStatus.EXPIRED.name(), PaymentStatus.REVERSED.name(), PaymentStatus.REFUND_FAILED.name());
    private static final Set<String> ISSUES = Set.of("DUPLICATE", "INVALID");
    private static final int BATCHES_LISTED = 100;

    private final JdbcTemplate jdbc;
    private EventEndpointStatus eventEndpoints;

    public ConsoleQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** hub.events.endpoints with their backlog, for the overview. */
    @Autowired
    void setEventEndpoints(EventEndpointStatus eventEndpoints) {
        this.eventEndpoints = eventEndpoints;
    }

    // ------------------------------------------------------------------------------------------------ overview

    public Map<String, Object> overview() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime today = LocalDate.now(ZoneOffset.UTC).atStartOfDay().atOffset(ZoneOffset.UTC);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", now.toInstant());
        out.put("since", today.toInstant());

        // the counters the database keeps with every ledger change (V27), not a count of today's payments
        Map<String, Long> byStatus = counts("select k1, sum(n) from console_counts where kind = 'PAYMENT' and on_day = ? "
                + "group by k1 having sum(n) <> 0 order by k1", today.toLocalDate());
        Map<String, Long> byType = counts("select k2, sum(n) from console_counts where kind = 'PAYMENT' and on_day = ? "
                + "group by k2 having sum(n) <> 0 order by k2", today.toLocalDate());
        Map<String, Object> payments = new LinkedHashMap<>();
        payments.put("total", byStatus.values().stream().mapToLong(Long::longValue).sum());
        payments.put("byStatus", byStatus);
        payments.put("byType", byType);
        out.put("payments", payments);

        Map<String, Object> throughput = new LinkedHashMap<>();
        long finalLastMinute = count("select count(*) from payments where completed_at >= ?", now.minusMinutes(1));
        long finalLast5 = count("select count(*) from payments where completed_at >= ?", now.minusMinutes(5));
        long receivedLastMinute = count("select count(*) from payments where created_at >= ?", now.minusMinutes(1));
        throughput.put("finalLastMinute", finalLastMinute);
        throughput.put("finalPerMinuteLast5", Math.round(finalLast5 / 5.0 * 10) / 10.0);
        throughput.put("receivedLastMinute", receivedLastMinute);
        out.put("throughput", throughput);

        Map<String, Object> kotani = new LinkedHashMap<>();
        Map<String, Long> byOutcome = counts("select k1, sum(n) from console_counts where kind = 'CALL' and on_day = ? "
                + "group by k1 order by k1", today.toLocalDate());
        long calls = byOutcome.values().stream().mapToLong(Long::longValue).sum();
        kotani.put("calls", calls);
        kotani.put("byOutcome", byOutcome);
        kotani.put("rateLimited", byOutcome.getOrDefault("RATE_LIMITED", 0L));
        // refusals, unknown outcomes and calls that never left; a customer look-up's 404 is the normal "not yet
        // registered" answer before the hub creates the customer, not an error (counted so by V27's triggers)
        kotani.put("errors", count("select coalesce(sum(n), 0) from console_counts where kind = 'CALL' and on_day = ? "
                + "and k2 = 'ERROR'", today.toLocalDate()));
        Long latency = jdbc.queryForObject("select sum(total) from console_counts where kind = 'CALL' and on_day = ?",
                Long.class, today.toLocalDate());
        kotani.put("averageLatencyMs", calls == 0 || latency == null ? null : Math.round((double) latency / calls));
        out.put("kotani", kotani);

        Map<String, Long> outbox = counts("select state, count(*) from erp_deliveries where state in ('PENDING', 'DEAD') "
                + "group by state order by state");
        Map<String, Object> erp = new LinkedHashMap<>();
        erp.put("backlog", outbox.getOrDefault("PENDING", 0L));
        erp.put("dead", outbox.getOrDefault("DEAD", 0L));
        erp.put("webhooksToApply", count("select count(*) from kotani_webhook_events where processed_at is null"));
        out.put("outbox", erp);

        out.put("batchesRunning", count("select count(*) from batches where status not in (?, ?)",
                BatchRepository.COMPLETED, BatchRepository.REJECTED));
        out.put("eventEndpoints", eventEndpoints == null ? List.of() : eventEndpoints.endpoints());
        return out;
    }

    // ------------------------------------------------------------------------------------------------- batches

    /** The latest batches (newest first) with their progress. */
    public List<Map<String, Object>> batches() {
        return batches(null, null, null, null);
    }

    /** The latest batches (newest first) with their progress, of a status and source, received in [from, to). */
    public List<Map<String, Object>> batches(String status, String source, Instant from, Instant to) {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (status != null) {
            where.add("status = ?");
            args.add(status);
        }
        if (source != null) {
            where.add("source = ?");
            args.add(source);
        }
        if (from != null) {
            where.add("created_at >= ?");
            args.add(from.atOffset(ZoneOffset.UTC));
        }
        if (to != null) {
            where.add("created_at < ?");
            args.add(to.atOffset(ZoneOffset.UTC));
        }
        List<BatchRow> rows = jdbc.query("select id, source, file_name, status, total_rows, valid_rows, invalid_rows, "
                + "duplicate_rows, dispatched_rows, created_at, completed_at from batches"
                + (where.isEmpty() ? "" : " where " + String.join(" and ", where)) + " order by created_at desc, id "
                + "fetch first " + BATCHES_LISTED + " rows only", (rs, i) -> batchRow(rs), args.toArray());
        if (rows.isEmpty()) {
            return List.of();
        }
        String in = String.join(", ", Collections.nCopies(rows.size(), "?"));
        Object[] ids = rows.stream().map(BatchRow::id).toArray();
        Map<String, Map<String, Long>> counts = new HashMap<>();
        jdbc.query("select batch_id, k1, sum(n) from console_counts where batch_id in (" + in + ") and kind = 'PAYMENT' "
                + "group by batch_id, k1 having sum(n) <> 0",
                rs -> { counts.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).merge(rs.getString(2), rs.getLong(3), Long::sum); },
                ids);
        jdbc.query("select batch_id, status, count(*) from batch_row_issues where batch_id in (" + in + ") group by batch_id, status",
                rs -> { counts.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).merge(rs.getString(2), rs.getLong(3), Long::sum); },
                ids);
        Instant now = Instant.now();
        return rows.stream().map(b -> view(b, counts.getOrDefault(b.id(), Map.of()), now)).toList();
    }

    /** One batch with its progress, or empty. */
    public Optional<Map<String, Object>> batch(String id) {
        List<BatchRow> rows = jdbc.query("select id, source, file_name, status, total_rows, valid_rows, invalid_rows, "
                + "duplicate_rows, dispatched_rows, created_at, completed_at from batches where id = ?", (rs, i) -> batchRow(rs), id);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query("select k1, sum(n) from console_counts where batch_id = ? and kind = 'PAYMENT' group by k1 "
                + "having sum(n) <> 0 order by k1", rs -> { counts.merge(rs.getString(1), rs.getLong(2), Long::sum); }, id);
        jdbc.query("select status, count(*) from batch_row_issues where batch_id = ? group by status order by status",
                rs -> { counts.merge(rs.getString(1), rs.getLong(2), Long::sum); }, id);
        return Optional.of(view(rows.get(0), counts, Instant.now()));
    }

    /** A page of a batch's rows in row order: its ledger payments and its unpaid rows (duplicates, invalid rows). */
    public List<Map<String, Object>> batchRows(String id, int afterRow, int limit) {
        return batchRows(id, afterRow, limit, null);
    }

    /** A page of a batch's rows of one status (null: all), in row order. */
    public List<Map<String, Object>> batchRows(String id, int afterRow, int limit, String status) {
        boolean issue = status != null && ISSUES.contains(status);
        String paid = status == null ? "" : " and status = ?";
        Object[] args = status == null ? new Object[]{id, afterRow} : new Object[]{id, afterRow, status};
        List<Map<String, Object>> rows = new ArrayList<>(issue ? List.of() : jdbc.query("select batch_row, reference, status, amount, currency, "
                + "kotani_id, kotani_status, last_error_code, last_error, completed_at from payments where batch_id = ? "
                + "and batch_row > ?" + paid + " order by batch_row fetch first " + limit + " rows only", (rs, i) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("row", rs.getInt("batch_row"));
                    row.put("reference", rs.getString("reference"));
                    row.put("status", rs.getString("status"));
                    row.put("amount", money(rs.getBigDecimal("amount"), rs.getString("currency")));
                    row.put("currency", rs.getString("currency"));
                    row.put("kotaniId", rs.getString("kotani_id"));
                    row.put("kotaniStatus", rs.getString("kotani_status"));
                    row.put("errorCode", rs.getString("last_error_code"));
                    row.put("error", LogMasker.mask(rs.getString("last_error")));
                    row.put("completedAt", instant(rs, "completed_at"));
                    row.put("paid", true);
                    return row;
                }, args));
        if (status != null && !issue) {
            return rows;
        }
        rows.addAll(jdbc.query("select batch_row, reference, status, amount, currency, error_code, error_message "
                + "from batch_row_issues where batch_id = ? and batch_row > ?" + paid + " order by batch_row fetch first " + limit
                + " rows only", (rs, i) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("row", rs.getInt("batch_row"));
                    row.put("reference", rs.getString("reference"));
                    row.put("status", rs.getString("status"));
                    row.put("amount", money(rs.getBigDecimal("amount"), rs.getString("currency")));
                    row.put("currency", rs.getString("currency"));
                    row.put("errorCode", rs.getString("error_code"));
                    row.put("error", LogMasker.mask(rs.getString("error_message")));
                    row.put("paid", false);
                    return row;
                }, args));
        rows.sort(Comparator.comparingInt(r -> (Integer) r.get("row")));
        return rows.size() > limit ? rows.subList(0, limit) : rows;
    }

    private record BatchRow(String id, String source, String name, String status, int totalRows, int validRows,
                            int invalidRows, int duplicateRows, int dispatchedRows, Instant createdAt,
                            Instant completedAt) { }

    private static BatchRow batchRow(ResultSet rs) throws SQLException {
        return new BatchRow(rs.getString("id"), rs.getString("source"), rs.getString("file_name"), rs.getString("status"),
                rs.getInt("total_rows"), rs.getInt("valid_rows"), rs.getInt("invalid_rows"), rs.getInt("duplicate_rows"),
                rs.getInt("dispatched_rows"), instant(rs, "created_at"), instant(rs, "completed_at"));
    }

    /**
     * A batch with its progress: {@code done} counts the rows that will not change any more (final payments, invalid
     * and duplicate rows), {@code failures} the final payments that were not paid plus the invalid rows; the estimate
     * of the time left assumes the rate since the batch arrived goes on.
     */
    private static Map<String, Object> view(BatchRow b, Map<String, Long> counts, Instant now) {
        boolean rejected = BatchRepository.REJECTED.equals(b.status());
        long terminal = 0;
        long pendingPayments = 0;
        long failures = 0;
        long issues = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (ISSUES.contains(e.getKey())) {
                issues += e.getValue();
                if ("INVALID".equals(e.getKey())) {
                    failures += e.getValue();
                }
            } else if (isTerminal(e.getKey())) {
                terminal += e.getValue();
                if (FAILURES.contains(e.getKey())) {
                    failures += e.getValue();
                }
            } else {
                pendingPayments += e.getValue();
            }
        }
        long total = b.totalRows();
        boolean handedOver = BatchRepository.DISPATCHED.equals(b.status()) || BatchRepository.COMPLETED.equals(b.status());
        boolean isFinal = rejected || BatchRepository.COMPLETED.equals(b.status()) || (handedOver && pendingPayments == 0);
        long done = rejected ? total : Math.min(total, terminal + issues);
        if (rejected) {
            failures = b.invalidRows();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", b.id());
        out.put("source", b.source());
        out.put("name", b.name());
        out.put("status", b.status());
        out.put("final", isFinal);
        out.put("totalRows", total);
        out.put("validRows", b.validRows());
        out.put("invalidRows", b.invalidRows());
        out.put("duplicateRows", b.duplicateRows());
        out.put("dispatchedRows", b.dispatchedRows());
        out.put("counts", counts);
        out.put("done", done);
        out.put("failures", failures);
        out.put("succeeded", counts.getOrDefault(PaymentStatus.SUCCESSFUL.name(), 0L));
        double percent = total == 0 ? (isFinal ? 100.0 : 0.0) : Math.floor(1000.0 * done / total) / 10.0;
        out.put("percent", isFinal ? 100.0 : Math.min(percent, 99.9));
        Long eta = null;
        if (!isFinal && done > 0 && total > done && b.createdAt() != null) {
            double elapsed = Math.max(1, Duration.between(b.createdAt(), now).toMillis()) / 1000.0;
            eta = Math.round((total - done) / (done / elapsed));
        }
        out.put("etaSeconds", eta);
        out.put("createdAt", b.createdAt());
        out.put("completedAt", b.completedAt());
        return out;
    }

    static boolean isTerminal(String status) {
        try {
            return PaymentStatus.valueOf(status).isTerminal();
        } catch (IllegalArgumentException notAPaymentStatus) {
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private Map<String, Long> counts(String sql, Object... args) {
        Map<String, Long> out = new LinkedHashMap<>();
        jdbc.query(sql, rs -> { out.put(rs.getString(1), rs.getLong(2)); }, args);
        return out;
    }

    private long count(String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** An amount as its currency writes it: at least its minor units ({@code 1500.50}), never an exponent. */
    static String money(BigDecimal amount, String currency) {
        if (amount == null) {
            return null;
        }
        BigDecimal stripped = amount.stripTrailingZeros();
        int minor = currency == null ? 0 : CommandValidator.minorUnits(currency).orElse(0);
        return stripped.setScale(Math.max(minor, Math.max(stripped.scale(), 0))).toPlainString();
    }
}
