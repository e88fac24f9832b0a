package io.kotanihub.ledger;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.kotanihub.model.PaymentStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code bulk_chunks} table (bulk mode, REFERENCE §15) and the status changes of a chunk's rows, which always
 * happen in the same transaction as the chunk's own change and append the rows' history like
 * {@link PaymentRepository#update} (so events, ERP deliveries and result files follow them as in per-payment mode).
 * A chunk's rows are the payments whose {@code bulk_chunk_id} names it; the per-payment dispatcher never takes them,
 * and while a chunk's create call is under way or unknown its rows are SUBMITTING with no {@code next_check_at}, so
 * that only the chunk's reconciliation (never the per-payment reconciler) decides about them.
 * Every write runs in its own transaction ({@code REQUIRES_NEW}) and is conditional on the chunk's version.
 */
@Repository
public class BulkChunkRepository {

    public static final String OPEN = "OPEN";
    public static final String READY = "READY";
    public static final String CREATING = "CREATING";
    public static final String UNKNOWN = "UNKNOWN";
    public static final String CREATED = "CREATED";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";

    private static final String COLUMNS = "id, batch_id, currency, seq, name, status, row_count, total_amount, "
            + "wallet_id, kotani_batch_id, kotani_transaction_id, kotani_status, successful, failed, pending, "
            + "file_hash, is_duplicate, reconciled, attempts, error_code, error_message, next_check_at, created_at, "
            + "updated_at, version";
    private static final String INSERT_HISTORY =
            "insert into payment_status_history (payment_id, status, kotani_status, detail, at) values (?, ?, ?, ?, ?)";

    /** One chunk. */
    public record Chunk(long id, String batchId, String currency, int seq, String name, String status, int rowCount,
                        BigDecimal totalAmount, String walletId, String kotaniBatchId, String kotaniTransactionId,
                        String kotaniStatus, Integer successful, Integer failed, Integer pending, String fileHash,
                        Boolean isDuplicate, boolean reconciled, int attempts, String errorCode, String errorMessage,
                        Instant nextCheckAt, Instant createdAt, Instant updatedAt, int version) { }

    private static final RowMapper<Chunk> CHUNK = BulkChunkRepository::map;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public BulkChunkRepository(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    // ---------------------------------------------------------------- planning (intake)

    /**
     * The {@code count} OPEN chunks of a batch's currency, created when absent (a resumed batch finds the ones it
     * created before); ids in {@code seq} order.
     */
    public List<Long> plan(String batchId, String currency, int count) {
        Instant now = LedgerTime.now();
        for (int seq = 1; seq <= count; seq++) {
            String name = "kotani-hub " + batchId + " " + currency + " " + seq;
            jdbc.update("insert into bulk_chunks (batch_id, currency, seq, name, status, created_at, updated_at) "
                    + "values (?, ?, ?, ?, 'OPEN', ?, ?) on conflict do nothing", batchId, currency, seq, name,
                    LedgerTime.toDb(now), LedgerTime.toDb(now));
        }
        return jdbc.queryForList("select id from bulk_chunks where batch_id = ? and currency = ? and seq <= ? "
                + "order by seq", Long.class, batchId, currency, count);
    }

    /** Every row of the batch is in the ledger: its OPEN chunks become READY (or DONE when they got no row). */
    public void seal(String batchId) {
        Instant now = LedgerTime.now();
        tx.executeWithoutResult(status -> {
            jdbc.update("update bulk_chunks set row_count = (select count(*) from payments p where p.bulk_chunk_id "
                    + "= bulk_chunks.id), total_amount = (select sum(p.amount) from payments p where p.bulk_chunk_id "
                    + "= bulk_chunks.id), updated_at = ?, version = version + 1 where batch_id = ? and status = 'OPEN'",
                    LedgerTime.toDb(now), batchId);
            jdbc.update("update bulk_chunks set status = case when row_count = 0 then 'DONE' else 'READY' end, "
                    + "next_check_at = ? where batch_id = ? and status = 'OPEN'", LedgerTime.toDb(now), batchId);
        });
    }

    /** The dispatch mode asked for a batch (REST: its request's {@code dispatchMode}), or null. */
    public String dispatchMode(String batchId) {
        List<String> modes = jdbc.queryForList("select dispatch_mode from batches where id = ?", String.class, batchId);
        return modes.isEmpty() ? null : modes.get(0);
    }

    public void setDispatchMode(String batchId, String mode) {
        jdbc.update("update batches set dispatch_mode = ? where id = ?", mode, batchId);
    }

    // ---------------------------------------------------------------- work lists

    /** Chunks in one of {@code statuses} whose next step is due, earliest first. */
    public List<Chunk> due(Collection<String> statuses, Instant now, int limit) {
        List<Chunk> due = new ArrayList<>();
        for (String status : statuses) {
            due.addAll(jdbc.query("select " + COLUMNS + " from bulk_chunks where status = ? and next_check_at <= ? "
                    + "order by status, next_check_at, id fetch first " + limit + " rows only", CHUNK, status,
                    LedgerTime.toDb(now)));
        }
        due.sort((a, b) -> a.nextCheckAt().compareTo(b.nextCheckAt()));
        return due.size() > limit ? new ArrayList<>(due.subList(0, limit)) : due;
    }

    public Optional<Chunk> find(long id) {
        return jdbc.query("select " + COLUMNS + " from bulk_chunks where id = ?", CHUNK, id).stream().findFirst();
    }

    /** The chunks of a batch, for the console: Kotani's batch, its status and progress. */
    public List<Map<String, Object>> forBatch(String batchId) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Chunk c : jdbc.query("select " + COLUMNS + " from bulk_chunks where batch_id = ? order by currency, seq",
                CHUNK, batchId)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("chunk", c.seq());
            row.put("currency", c.currency());
            row.put("status", c.status());
            row.put("rows", c.rowCount());
            row.put("totalAmount", c.totalAmount() == null ? null : c.totalAmount().stripTrailingZeros().toPlainString());
            row.put("kotaniBatchId", c.kotaniBatchId());
            row.put("kotaniTransactionId", c.kotaniTransactionId());
            row.put("kotaniStatus", c.kotaniStatus());
            row.put("successful", c.successful());
            row.put("failed", c.failed());
            row.put("pending", c.pending());
            row.put("fileHash", c.fileHash());
            row.put("isDuplicate", c.isDuplicate());
            row.put("attempts", c.attempts());
            row.put("error", c.errorMessage());
            out.add(row);
        }
        return out;
    }

    /** The chunk's rows in a status, in row order. */
    public List<Payment> rows(long chunkId, PaymentStatus status) {
        return jdbc.query("select " + PaymentRepository.COLUMNS + " from payments where bulk_chunk_id = ? and status = ? "
                + "order by batch_row, id", PaymentRepository::map, chunkId, status.name());
    }

    /** The chunk's rows that are not final yet. */
    public List<Payment> openRows(long chunkId) {
        return jdbc.query("select " + PaymentRepository.COLUMNS + " from payments where bulk_chunk_id = ? and status in "
                + "('RECEIVED', 'SUBMITTING', 'SUBMITTED', 'PROCESSING', 'UNKNOWN', 'REFUND_PENDING') order by batch_row, id",
                PaymentRepository::map, chunkId);
    }

    // ---------------------------------------------------------------- chunk steps

    /** Takes the chunk out of the due list until {@code until}; empty when it changed meanwhile. */
    public Optional<Chunk> lease(Chunk chunk, Instant until) {
        int updated = jdbc.update("update bulk_chunks set next_check_at = ?, version = version + 1 where id = ? "
                + "and version = ?", LedgerTime.toDb(until), chunk.id(), chunk.version());
        return updated == 0 ? Optional.empty() : find(chunk.id());
    }

    /**
     * The claim before the create call, durable before it is made: READY → CREATING (attempts + 1, abandoned after
     * {@code abandonedAt}), the wallet used, and the chunk's RECEIVED rows → SUBMITTING, in one transaction.
     */
    public Optional<Chunk> claimForCreate(Chunk chunk, String walletId, Instant abandonedAt) {
        Instant now = LedgerTime.now();
        return Optional.ofNullable(tx.execute(status -> {
            int updated = jdbc.update("update bulk_chunks set status = 'CREATING', attempts = attempts + 1, "
                    + "wallet_id = ?, next_check_at = ?, updated_at = ?, version = version + 1 "
                    + "where id = ? and version = ? and status = 'READY'", walletId, LedgerTime.toDb(abandonedAt),
                    LedgerTime.toDb(now), chunk.id(), chunk.version());
            if (updated == 0) {
                return null;
            }
            moveRows(chunk.id(), PaymentStatus.RECEIVED, PaymentStatus.SUBMITTING, now, null,
                    "claimed for bulk chunk " + chunk.name(), Rows.ATTEMPT);
            return find(chunk.id()).orElseThrow();
        }));
    }

    /** Keeps a CREATING chunk ours until {@code abandonedAt}, right before its create call; empty: it was taken over. */
    public Optional<Chunk> renew(Chunk chunk, Instant abandonedAt) {
        int updated = jdbc.update("update bulk_chunks set next_check_at = ?, version = version + 1 where id = ? "
                + "and version = ? and status = 'CREATING'", LedgerTime.toDb(abandonedAt), chunk.id(), chunk.version());
        return updated == 0 ? Optional.empty() : find(chunk.id());
    }

    /** Kotani's answer to the chunk's CSV validation ({@code fileHash}, {@code isDuplicate}). */
    public Optional<Chunk> validated(Chunk chunk, String fileHash, Boolean duplicate) {
        int updated = jdbc.update("update bulk_chunks set file_hash = ?, is_duplicate = ?, version = version + 1 "
                + "where id = ? and version = ?", fileHash, duplicate, chunk.id(), chunk.version());
        return updated == 0 ? Optional.empty() : find(chunk.id());
    }

    /**
     * Kotani has the chunk as its batch {@code kotaniBatchId}: CREATED (tracked from {@code trackAt}), its
     * SUBMITTING rows SUBMITTED. Their statuses then come from the withdrawal webhooks; {@code next_check_at} stays
     * null until the chunk's tracking sees them sent (before that Kotani's status endpoint has no record of them).
     */
    public boolean created(Chunk chunk, String kotaniBatchId, String kotaniTransactionId, String kotaniStatus,
                           Instant trackAt, String detail) {
        Instant now = LedgerTime.now();
        return Boolean.TRUE.equals(tx.execute(status -> {
            int updated = jdbc.update("update bulk_chunks set status = 'CREATED', kotani_batch_id = ?, "
                    + "kotani_transaction_id = ?, kotani_status = ?, error_code = null, error_message = null, "
                    + "next_check_at = ?, updated_at = ?, version = version + 1 where id = ? and version = ?",
                    kotaniBatchId, kotaniTransactionId, kotaniStatus, LedgerTime.toDb(trackAt), LedgerTime.toDb(now),
                    chunk.id(), chunk.version());
            if (updated == 0) {
                return false;
            }
            moveRows(chunk.id(), PaymentStatus.SUBMITTING, PaymentStatus.SUBMITTED, now, null, detail, Rows.SUBMITTED);
            return true;
        }));
    }

    /** Nothing reached Kotani (429, no connection, or reconciled as never created): READY again, rows RECEIVED. */
    public boolean ready(Chunk chunk, Instant at, String errorCode, String error, boolean reconciled) {
        Instant now = LedgerTime.now();
        return Boolean.TRUE.equals(tx.execute(status -> {
            int updated = jdbc.update("update bulk_chunks set status = 'READY', next_check_at = ?, error_code = ?, "
                    + "error_message = ?, reconciled = ?, updated_at = ?, version = version + 1 "
                    + "where id = ? and version = ?", LedgerTime.toDb(at), errorCode, truncate(error),
                    reconciled || chunk.reconciled(), LedgerTime.toDb(now), chunk.id(), chunk.version());
            if (updated == 0) {
                return false;
            }
            moveRows(chunk.id(), PaymentStatus.SUBMITTING, PaymentStatus.RECEIVED, now, null, error, Rows.PLAIN);
            return true;
        }));
    }

    /** The create call's outcome is unknown: reconcile at {@code checkAt}; the rows stay SUBMITTING. */
    public boolean unknown(Chunk chunk, Instant checkAt, String errorCode, String error) {
        return jdbc.update("update bulk_chunks set status = 'UNKNOWN', next_check_at = ?, error_code = ?, "
                + "error_message = ?, updated_at = ?, version = version + 1 where id = ? and version = ?",
                LedgerTime.toDb(checkAt), errorCode, truncate(error), LedgerTime.toDb(LedgerTime.now()), chunk.id(),
                chunk.version()) == 1;
    }

    /** Kotani refused the chunk for good: FAILED, and its rows FAILED with {@code errorCode} and {@code error}. */
    public boolean failed(Chunk chunk, String errorCode, String error) {
        Instant now = LedgerTime.now();
        return Boolean.TRUE.equals(tx.execute(status -> {
            int updated = jdbc.update("update bulk_chunks set status = 'FAILED', next_check_at = null, error_code = ?, "
                    + "error_message = ?, updated_at = ?, version = version + 1 where id = ? and version = ?",
                    errorCode, truncate(error), LedgerTime.toDb(now), chunk.id(), chunk.version());
            if (updated == 0) {
                return false;
            }
            Rows failure = new Rows(errorCode, error);
            moveRows(chunk.id(), PaymentStatus.SUBMITTING, PaymentStatus.FAILED, now, null, error, failure);
            moveRows(chunk.id(), PaymentStatus.RECEIVED, PaymentStatus.FAILED, now, null, error, failure);
            return true;
        }));
    }

    /**
     * Kotani refused the chunk's create call because of some of its rows (a refused create creates nothing): those
     * rows FAILED, each with {@code errorCode} and its own message of {@code refused} (payment id → message); the
     * chunk READY again at {@code at} with its other rows RECEIVED, or FAILED when none is left.
     */
    public boolean refusedRows(Chunk chunk, Map<Long, String> refused, String errorCode, Instant at, String detail) {
        Instant now = LedgerTime.now();
        OffsetDateTime nowDb = LedgerTime.toDb(now);
        return Boolean.TRUE.equals(tx.execute(status -> {
            int updated = jdbc.update("update bulk_chunks set status = 'READY', next_check_at = ?, error_code = ?, "
                    + "error_message = ?, updated_at = ?, version = version + 1 where id = ? and version = ? "
                    + "and status = 'CREATING'", LedgerTime.toDb(at), errorCode, truncate(detail), nowDb, chunk.id(),
                    chunk.version());
            if (updated == 0) {
                return false;
            }
            for (Map.Entry<Long, String> row : refused.entrySet()) {
                if (jdbc.update("update payments set status = 'FAILED', last_error_code = ?, last_error = ?, "
                        + "completed_at = ?, next_check_at = null, updated_at = ?, version = version + 1 "
                        + "where id = ? and bulk_chunk_id = ? and status = 'SUBMITTING'", truncate(errorCode, 128),
                        truncate(row.getValue()), nowDb, nowDb, row.getKey(), chunk.id()) == 1) {
                    jdbc.update(INSERT_HISTORY, row.getKey(), PaymentStatus.FAILED.name(), null,
                            truncate(row.getValue()), nowDb);
                }
            }
            Integer left = jdbc.queryForObject("select count(*) from payments where bulk_chunk_id = ? and status = ?",
                    Integer.class, chunk.id(), PaymentStatus.SUBMITTING.name());
            if (left == null || left == 0) {
                jdbc.update("update bulk_chunks set status = 'FAILED', next_check_at = null where id = ?", chunk.id());
                return true;
            }
            moveRows(chunk.id(), PaymentStatus.SUBMITTING, PaymentStatus.RECEIVED, now, null, detail, Rows.PLAIN);
            return true;
        }));
    }

    /**
     * Rows Kotani already knows one by one (its withdrawal status endpoint has them): out of the chunk, UNKNOWN and
     * due for the per-payment reconciler, which adopts Kotani's record; they are never sent again.
     */
    public int detach(Chunk chunk, Collection<Long> paymentIds, String detail) {
        Instant now = LedgerTime.now();
        Integer moved = tx.execute(status -> {
            int count = 0;
            for (Long id : paymentIds) {
                int updated = jdbc.update("update payments set status = 'UNKNOWN', bulk_chunk_id = null, "
                        + "next_check_at = ?, updated_at = ?, version = version + 1 where id = ? and bulk_chunk_id = ? "
                        + "and status = 'SUBMITTING'", LedgerTime.toDb(now), LedgerTime.toDb(now), id, chunk.id());
                if (updated == 1) {
                    jdbc.update(INSERT_HISTORY, id, PaymentStatus.UNKNOWN.name(), null, truncate(detail),
                            LedgerTime.toDb(now));
                    count++;
                }
            }
            return count;
        });
        return moved == null ? 0 : moved;
    }

    /** Kotani's view of the chunk's batch (status, progress); DONE when {@code done}, else tracked again at {@code at}. */
    public boolean tracked(Chunk chunk, String kotaniStatus, Integer successful, Integer failed, Integer pending,
                           boolean done, Instant at, String error) {
        return jdbc.update("update bulk_chunks set status = ?, kotani_status = coalesce(?, kotani_status), "
                + "successful = coalesce(?, successful), failed = coalesce(?, failed), pending = coalesce(?, pending), "
                + "next_check_at = ?, error_message = ?, updated_at = ?, version = version + 1 "
                + "where id = ? and version = ?", done ? DONE : chunk.status(), kotaniStatus, successful, failed,
                pending, done ? null : LedgerTime.toDb(at), truncate(error), LedgerTime.toDb(LedgerTime.now()),
                chunk.id(), chunk.version()) == 1;
    }

    /**
     * The chunk's sent rows that wait for no check yet become due for the status poller now (Kotani's status
     * endpoint fills what the webhooks did not bring).
     */
    public int checkRowsNow(long chunkId, Collection<Long> paymentIds) {
        Instant now = LedgerTime.now();
        int count = 0;
        for (Long id : paymentIds) {
            count += jdbc.update("update payments set next_check_at = ?, version = version + 1 where id = ? "
                    + "and bulk_chunk_id = ? and status in ('SUBMITTED', 'PROCESSING') "
                    + "and (next_check_at is null or next_check_at > ?)", LedgerTime.toDb(now), id, chunkId,
                    LedgerTime.toDb(now));
        }
        return count;
    }

    // ---------------------------------------------------------------- rows

    /** What a set move writes besides the status. */
    private record Rows(String errorCode, String error) {
        static final Rows PLAIN = new Rows(null, null);
        static final Rows ATTEMPT = new Rows("ATTEMPT", null);
        static final Rows SUBMITTED = new Rows("SUBMITTED", null);
    }

    private void moveRows(long chunkId, PaymentStatus from, PaymentStatus to, Instant now, String kotaniStatus,
                          String detail, Rows rows) {
        List<Long> ids = jdbc.queryForList("select id from payments where bulk_chunk_id = ? and status = ? order by id",
                Long.class, chunkId, from.name());
        if (ids.isEmpty()) {
            return;
        }
        OffsetDateTime at = LedgerTime.toDb(now);
        List<Object[]> args = new ArrayList<>();
        String sql;
        if (rows == Rows.ATTEMPT) {
            sql = "update payments set status = ?, attempts = attempts + 1, next_check_at = null, updated_at = ?, "
                    + "version = version + 1 where id = ? and status = ?";
            ids.forEach(id -> args.add(new Object[] {to.name(), at, id, from.name()}));
        } else if (rows == Rows.SUBMITTED) {
            sql = "update payments set status = ?, submitted_at = ?, last_error_code = null, last_error = null, "
                    + "next_check_at = null, updated_at = ?, version = version + 1 where id = ? and status = ?";
            ids.forEach(id -> args.add(new Object[] {to.name(), at, at, id, from.name()}));
        } else if (to.isTerminal()) {
            sql = "update payments set status = ?, last_error_code = ?, last_error = ?, completed_at = ?, "
                    + "next_check_at = null, updated_at = ?, version = version + 1 where id = ? and status = ?";
            ids.forEach(id -> args.add(new Object[] {to.name(), truncate(rows.errorCode(), 128),
                    truncate(rows.error() == null ? "" : rows.error()), at, at, id, from.name()}));
        } else {
            sql = "update payments set status = ?, next_check_at = " + (to == PaymentStatus.RECEIVED ? "updated_at" : "null")
                    + ", updated_at = ?, version = version + 1 where id = ? and status = ?";
            ids.forEach(id -> args.add(new Object[] {to.name(), at, id, from.name()}));
        }
        int[] counts = jdbc.batchUpdate(sql, args);
        List<Object[]> history = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (counts[i] != 0) {
                history.add(new Object[] {ids.get(i), to.name(), kotaniStatus, truncate(detail), at});
            }
        }
        jdbc.batchUpdate(INSERT_HISTORY, history, new int[] {Types.BIGINT, Types.VARCHAR, Types.VARCHAR,
                Types.VARCHAR, Types.TIMESTAMP_WITH_TIMEZONE});
    }

    private static String truncate(String text) {
        return truncate(text, 4000);
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    private static Chunk map(ResultSet rs, int rowNum) throws SQLException {
        return new Chunk(rs.getLong("id"), rs.getString("batch_id"), rs.getString("currency"), rs.getInt("seq"),
                rs.getString("name"), rs.getString("status"), rs.getInt("row_count"), rs.getBigDecimal("total_amount"),
                rs.getString("wallet_id"), rs.getString("kotani_batch_id"), rs.getString("kotani_transaction_id"),
                rs.getString("kotani_status"), (Integer) rs.getObject("successful", Integer.class),
                rs.getObject("failed", Integer.class), rs.getObject("pending", Integer.class),
                rs.getString("file_hash"), rs.getObject("is_duplicate", Boolean.class), rs.getBoolean("reconciled"),
                rs.getInt("attempts"), rs.getString("error_code"), rs.getString("error_message"),
                LedgerTime.fromDb(rs.getObject("next_check_at", OffsetDateTime.class)),
                LedgerTime.fromDb(rs.getObject("created_at", OffsetDateTime.class)),
                LedgerTime.fromDb(rs.getObject("updated_at", OffsetDateTime.class)), rs.getInt("version"));
    }
}
