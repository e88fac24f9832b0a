package io.kotanihub.ledger;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The {@code batches} table (one row per dropped file or posted CSV, unique by content hash) and
 * {@code batch_row_issues} (rows of a batch that did not become payments: {@code DUPLICATE}, {@code INVALID}).
 * <p>
 * Status flow: RECEIVED → VALIDATING → REJECTED, or → DISPATCHING → DISPATCHED → COMPLETED (and back to
 * DISPATCHED when a final row is corrected after the result file was written, so that it is written again). A batch
 * that is not finished is owned by the instance that claimed it ({@code claimed_by}), which shows it is alive by moving
 * {@code heartbeat_at}; another instance may take it over only once the heartbeat is older than the lease.
 */
@Repository
public class BatchRepository {

    public static final String RECEIVED = "RECEIVED";
    public static final String VALIDATING = "VALIDATING";
    public static final String REJECTED = "REJECTED";
    public static final String DISPATCHING = "DISPATCHING";
    public static final String DISPATCHED = "DISPATCHED";
    public static final String COMPLETED = "COMPLETED";

    private static final int MAX_TEXT = 4000;
    private static final int MAX_REFERENCE = 256;

    private static final String COLUMNS = "id, source, file_name, file_hash, status, total_rows, valid_rows, "
            + "invalid_rows, dispatched_rows, duplicate_rows, claimed_by, heartbeat_at, created_at, updated_at, "
            + "dispatched_at, completed_at, result_file";

    private static final RowMapper<Batch> BATCH = (rs, n) -> new Batch(rs.getString("id"), rs.getString("source"),
            rs.getString("file_name"), rs.getString("file_hash"), rs.getString("status"), rs.getInt("total_rows"),
            rs.getInt("valid_rows"), rs.getInt("invalid_rows"), rs.getInt("dispatched_rows"),
            rs.getInt("duplicate_rows"), rs.getString("claimed_by"), instant(rs, "heartbeat_at"),
            instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "dispatched_at"),
            instant(rs, "completed_at"), rs.getString("result_file"));

    /** One row of {@code batches}. */
    public record Batch(String id, String source, String fileName, String fileHash, String status, int totalRows,
                        int validRows, int invalidRows, int dispatchedRows, int duplicateRows, String claimedBy,
                        Instant heartbeatAt, Instant createdAt, Instant updatedAt, Instant dispatchedAt,
                        Instant completedAt, String resultFile) {

        /** Nothing more will happen to it. */
        public boolean finished() {
            return REJECTED.equals(status) || COMPLETED.equals(status);
        }
    }

    /** A row of a batch that was not paid, and why. */
    public record RowIssue(int row, String reference, String status, BigDecimal amount, String currency,
                           String errorCode, String errorMessage) { }

    /** One line of a batch's result: a ledger payment of the batch or a row issue, in row order. */
    public record ResultRow(int row, String reference, String status, String kotaniId, BigDecimal amount,
                            String currency, BigDecimal fee, Instant completedAt, String errorCode,
                            String errorMessage) { }

    private final JdbcTemplate jdbc;

    public BatchRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a new batch in status RECEIVED, claimed by {@code owner}; empty when a batch with the same content hash
     * exists (the unique constraint {@code uq_batches_file_hash} decides, never a look-up first).
     */
    public Optional<Batch> create(String id, String source, String fileName, String fileHash, String owner) {
        OffsetDateTime now = now();
        try {
            jdbc.update("insert into batches (id, source, file_name, file_hash, status, claimed_by, heartbeat_at, "
                    + "created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    id, source, fileName, fileHash, RECEIVED, owner, now, now, now);
        } catch (DuplicateKeyException duplicate) {
            return Optional.empty();
        }
        return findById(id);
    }

    public Optional<Batch> findById(String id) {
        return jdbc.query("select " + COLUMNS + " from batches where id = ?", BATCH, id).stream().findFirst();
    }

    public Optional<Batch> findByHash(String fileHash) {
        return jdbc.query("select " + COLUMNS + " from batches where file_hash = ?", BATCH, fileHash)
                .stream().findFirst();
    }

    /**
     * Takes over an unfinished batch whose owner has shown no sign of life since {@code staleBefore} (or that
     * {@code owner} already holds); true when {@code owner} now holds it.
     */
    public boolean takeOver(String id, String owner, Instant staleBefore) {
        OffsetDateTime now = now();
        return jdbc.update("update batches set claimed_by = ?, heartbeat_at = ?, updated_at = ? where id = ? "
                + "and status not in ('" + REJECTED + "', '" + COMPLETED + "') "
                + "and (claimed_by = ? or claimed_by is null or heartbeat_at is null or heartbeat_at < ?)",
                owner, now, now, id, owner, at(staleBefore)) == 1;
    }

    /** Moves the heartbeat of a batch {@code owner} holds; false when it has lost it (taken over). */
    public boolean heartbeat(String id, String owner) {
        return jdbc.update("update batches set heartbeat_at = ? where id = ? and claimed_by = ?", now(), id, owner)
                == 1;
    }

    public void setStatus(String id, String status) {
        OffsetDateTime now = now();
        jdbc.update("update batches set status = ?, updated_at = ?, heartbeat_at = ? where id = ?",
                status, now, now, id);
    }

    /** The outcome of validation: row counts and the next status. */
    public void validated(String id, int totalRows, int validRows, int invalidRows, String status) {
        OffsetDateTime now = now();
        jdbc.update("update batches set total_rows = ?, valid_rows = ?, invalid_rows = ?, status = ?, "
                + "updated_at = ?, heartbeat_at = ?, completed_at = ? where id = ?",
                totalRows, validRows, invalidRows, status, now, now, REJECTED.equals(status) ? now : null, id);
    }

    /** Progress of the hand-over to the ledger (also the heartbeat). */
    public void dispatchProgress(String id, int dispatchedRows, int duplicateRows) {
        OffsetDateTime now = now();
        jdbc.update("update batches set dispatched_rows = ?, duplicate_rows = ?, updated_at = ?, heartbeat_at = ? "
                + "where id = ?", dispatchedRows, duplicateRows, now, now, id);
    }

    /** Every row is in the ledger (or recorded as an issue): from now on only the result is awaited. */
    public void dispatched(String id, int dispatchedRows, int duplicateRows) {
        OffsetDateTime now = now();
        jdbc.update("update batches set status = ?, dispatched_rows = ?, duplicate_rows = ?, dispatched_at = ?, "
                + "updated_at = ?, heartbeat_at = ? where id = ?",
                DISPATCHED, dispatchedRows, duplicateRows, now, now, now, id);
    }

    /** The result file is written; true when this call completed the batch (one writer wins). */
    public boolean completed(String id, String resultFile) {
        OffsetDateTime now = now();
        return jdbc.update("update batches set status = ?, result_file = ?, completed_at = ?, updated_at = ? "
                + "where id = ? and status = ?", COMPLETED, resultFile, now, now, id, DISPATCHED) == 1;
    }

    /**
     * A final status of one of the batch's payments changed (a late correction such as CANCELLED → SUCCESSFUL):
     * a COMPLETED batch whose result file was written goes back to DISPATCHED, so that the file is written again
     * from the ledger. Batches without a result file (REST batches, read from the ledger live) stay as they are.
     * Runs in the caller's transaction (the payment's status change).
     */
    static void reopenForCorrection(JdbcTemplate jdbc, String batchId, Instant at) {
        jdbc.update("update batches set status = ?, updated_at = ? where id = ? and status = ? "
                + "and result_file is not null", DISPATCHED, at(at), batchId, COMPLETED);
    }

    /** Batches of a source whose rows are all handed over and whose result is not written yet, oldest first. */
    public List<Batch> awaitingResult(String source) {
        return jdbc.query("select " + COLUMNS + " from batches where status = ? and source = ? order by created_at",
                BATCH, DISPATCHED, source);
    }

    /** Records rows that were not paid; a row recorded before (a resumed batch) is left as it is. */
    public void recordIssues(String batchId, List<RowIssue> issues) {
        if (issues.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("insert into batch_row_issues (batch_id, batch_row, reference, status, amount, currency, "
                + "error_code, error_message) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing", issues, 500,
                (ps, issue) -> {
                    ps.setString(1, batchId);
                    ps.setInt(2, issue.row());
                    ps.setString(3, truncate(issue.reference(), MAX_REFERENCE));
                    ps.setString(4, issue.status());
                    ps.setBigDecimal(5, issue.amount());
                    ps.setString(6, issue.currency());
                    ps.setString(7, truncate(issue.errorCode(), 64));
                    ps.setString(8, truncate(issue.errorMessage(), MAX_TEXT));
                });
    }

    /** How many of a batch's rows are in each status: its ledger payments by status plus its row issues. */
    public Map<String, Long> countsByStatus(String batchId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query("select status, count(*) from payments where batch_id = ? group by status order by status",
                rs -> { counts.merge(rs.getString(1), rs.getLong(2), Long::sum); }, batchId);
        jdbc.query("select status, count(*) from batch_row_issues where batch_id = ? group by status order by status",
                rs -> { counts.merge(rs.getString(1), rs.getLong(2), Long::sum); }, batchId);
        return counts;
    }

    /** How many of a batch's ledger payments are not in a terminal state yet. */
    public long pendingPayments(String batchId, List<String> terminalStatuses) {
        String placeholders = String.join(", ", terminalStatuses.stream().map(s -> "?").toList());
        List<Object> args = new ArrayList<>();
        args.add(batchId);
        args.addAll(terminalStatuses);
        Long pending = jdbc.queryForObject("select count(*) from payments where batch_id = ? and status not in ("
                + placeholders + ")", Long.class, args.toArray());
        return pending == null ? 0 : pending;
    }

    /**
     * The first row number, at or after {@code fromRow}, of a batch's ledger payment that is not in a terminal state
     * yet; empty when there is none. Cheap to ask often: it reads the batch's rows in row order from
     * {@code fromRow} only up to the first pending one.
     */
    public OptionalInt firstPendingRow(String batchId, int fromRow, List<String> terminalStatuses) {
        String placeholders = String.join(", ", terminalStatuses.stream().map(s -> "?").toList());
        List<Object> args = new ArrayList<>();
        args.add(batchId);
        args.add(fromRow);
        args.addAll(terminalStatuses);
        List<Integer> rows = jdbc.queryForList("select batch_row from payments where batch_id = ? and batch_row >= ? "
                + "and status not in (" + placeholders + ") order by batch_id, batch_row fetch first 1 rows only",
                Integer.class, args.toArray());
        return rows.isEmpty() || rows.get(0) == null ? OptionalInt.empty() : OptionalInt.of(rows.get(0));
    }

    /**
     * Every line of a batch's result in row order: its ledger payments merged with its row issues, read page by
     * page so that memory stays flat for any batch size.
     */
    public void forEachResultRow(String batchId, int pageSize, Consumer<ResultRow> action) {
        Pager payments = new Pager(after -> jdbc.query("select batch_row, reference, status, kotani_id, amount, "
                + "currency, fee, completed_at, last_error_code, last_error from payments where batch_id = ? "
                + "and batch_row > ? order by batch_id, batch_row fetch first " + pageSize + " rows only",
                (rs, n) -> new ResultRow(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBigDecimal(5), rs.getString(6), rs.getBigDecimal(7), instant(rs, "completed_at"),
                        rs.getString(9), rs.getString(10)), batchId, after));
        Pager issues = new Pager(after -> jdbc.query("select batch_row, reference, status, amount, currency, "
                + "error_code, error_message from batch_row_issues where batch_id = ? and batch_row > ? "
                + "order by batch_id, batch_row fetch first " + pageSize + " rows only",
                (rs, n) -> new ResultRow(rs.getInt(1), rs.getString(2), rs.getString(3), null, rs.getBigDecimal(4),
                        rs.getString(5), null, null, rs.getString(6), rs.getString(7)), batchId, after));
        ResultRow p = payments.next();
        ResultRow i = issues.next();
        while (p != null || i != null) {
            if (i == null || (p != null && p.row() <= i.row())) {
                action.accept(p);
                p = payments.next();
            } else {
                action.accept(i);
                i = issues.next();
            }
        }
    }

    /** Keyset pagination by row over one query. */
    private static final class Pager {
        private final java.util.function.IntFunction<List<ResultRow>> page;
        private List<ResultRow> rows = List.of();
        private int index;
        private int after;
        private boolean exhausted;

        Pager(java.util.function.IntFunction<List<ResultRow>> page) {
            this.page = page;
        }

        ResultRow next() {
            if (index == rows.size()) {
                if (exhausted) {
                    return null;
                }
                rows = page.apply(after);
                index = 0;
                if (rows.isEmpty()) {
                    exhausted = true;
                    return null;
                }
            }
            ResultRow row = rows.get(index++);
            after = row.row();
            return row;
        }
    }

    private static OffsetDateTime now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
