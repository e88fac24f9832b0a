package io.kotanihub.ledger;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import io.kotanihub.model.PaymentMethod;
import io.kotanihub.model.PaymentStatus;
import io.kotanihub.model.PaymentType;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code payments} table and its {@code payment_status_history}. Every status change goes through this class
 * and is appended to the history in the same transaction. Writes run in their own transactions
 * ({@code REQUIRES_NEW}): when a method returns, what it reports is durably in the database.
 * <p>
 * A reference is unique by the database constraint {@code uq_payments_reference}, never by a look-up first:
 * {@link #insert} catches the duplicate-key violation; {@link #insertAll} uses {@code ON CONFLICT DO NOTHING}
 * (portable between PostgreSQL and H2's PostgreSQL mode) so that one duplicate does not abort a JDBC batch.
 * <p>
 * A final status that changes later (Kotani's late corrections) reopens the payment's batch if its result file was
 * written already, in the same transaction, so that the file is written again ({@link BatchRepository}).
 * <p>
 * {@code next_check_at} is "when to look at this payment next", for every non-final state: when a RECEIVED payment
 * is due for dispatch, when a SUBMITTING payment counts as abandoned, when a SUBMITTED, PROCESSING or UNKNOWN
 * payment is due for a status check. It is null only when nothing more is expected.
 */
@Repository
public class PaymentRepository {

    static final String COLUMNS = "id, reference, type, method, amount, currency, country, status, kotani_id, "
            + "kotani_status, batch_id, batch_row, source, attempts, fee, transaction_amount, last_error_code, "
            + "last_error, command_json, command_hash, next_check_at, created_at, updated_at, submitted_at, "
            + "completed_at, version";

    private static final String INSERT = "insert into payments (reference, type, method, amount, currency, country, "
            + "status, batch_id, batch_row, source, attempts, command_json, command_hash, next_check_at, created_at, "
            + "updated_at, version, bulk_chunk_id) values (?, ?, ?, ?, ?, ?, 'RECEIVED', ?, ?, ?, 0, ?, ?, ?, ?, ?, 0, ?)";

    private static final String INSERT_HISTORY =
            "insert into payment_status_history (payment_id, status, kotani_status, detail, at) values (?, ?, ?, ?, ?)";

    /** References per {@code IN (...)} look-up when a batch is read back. */
    private static final int LOOKUP_CHUNK = 500;
    private static final int MAX_TEXT = 4000;

    private static final RowMapper<Payment> PAYMENT = PaymentRepository::map;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public PaymentRepository(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    // ---------------------------------------------------------------- inserts

    /**
     * Inserts a RECEIVED payment and its first history entry, or, when the reference is already in the ledger,
     * returns the row that holds it ({@code inserted == false}).
     */
    public InsertOutcome insert(NewPayment payment) {
        Instant now = LedgerTime.now();
        try {
            InsertOutcome inserted = tx.execute(status -> {
                KeyHolder keys = new GeneratedKeyHolder();
                jdbc.update(con -> {
                    PreparedStatement ps = con.prepareStatement(INSERT, new String[] {"id"});
                    bindInsert(ps, payment, now);
                    return ps;
                }, keys);
                long id = Objects.requireNonNull(keys.getKey(), "generated id").longValue();
                jdbc.update(INSERT_HISTORY, id, PaymentStatus.RECEIVED.name(), null, null, LedgerTime.toDb(now));
                return new InsertOutcome(true, id, payment.reference(), PaymentStatus.RECEIVED, payment.commandHash(),
                        payment.batchId(), payment.batchRow());
            });
            return inserted;
        } catch (DuplicateKeyException duplicate) {
            Payment existing = findByReference(payment.reference()).orElseThrow(() -> new IllegalStateException(
                    "duplicate key for a reference that is not in the ledger", duplicate));
            return InsertOutcome.of(false, existing);
        }
    }

    /**
     * Inserts many payments in one transaction with JDBC batches; each reference already in the ledger (or earlier
     * in the same list) is reported with the row that holds it. Outcomes are in the order of the input.
     */
    public List<InsertOutcome> insertAll(List<NewPayment> payments) {
        if (payments.isEmpty()) {
            return List.of();
        }
        Instant now = LedgerTime.now();
        return tx.execute(status -> {
            int[] counts = jdbc.batchUpdate(INSERT + " on conflict do nothing", new BatchPreparedStatementSetter() {
                @Override
                public void setValues(PreparedStatement ps, int i) throws SQLException {
                    bindInsert(ps, payments.get(i), now);
                }

                @Override
                public int getBatchSize() {
                    return payments.size();
                }
            });
            Map<String, InsertOutcome> byReference = keysOf(payments.stream().map(NewPayment::reference).toList());
            List<InsertOutcome> outcomes = new ArrayList<>(payments.size());
            List<Object[]> history = new ArrayList<>();
            for (int i = 0; i < payments.size(); i++) {
                if (counts[i] == Statement.SUCCESS_NO_INFO) {
                    throw new IllegalStateException("the JDBC driver does not report per-row batch counts "
                            + "(PostgreSQL: do not set reWriteBatchedInserts); duplicates could not be told apart");
                }
                InsertOutcome row = byReference.get(payments.get(i).reference());
                boolean inserted = counts[i] > 0;
                outcomes.add(inserted ? row : new InsertOutcome(false, row.paymentId(), row.reference(), row.status(),
                        row.commandHash(), row.batchId(), row.batchRow()));
                if (inserted) {
                    history.add(new Object[] {row.paymentId(), PaymentStatus.RECEIVED.name(), null, null,
                            LedgerTime.toDb(now)});
                }
            }
            jdbc.batchUpdate(INSERT_HISTORY, history, new int[] {Types.BIGINT, Types.VARCHAR, Types.VARCHAR,
                    Types.VARCHAR, Types.TIMESTAMP_WITH_TIMEZONE});
            return outcomes;
        });
    }

    private static void bindInsert(PreparedStatement ps, NewPayment p, Instant now) throws SQLException {
        ps.setString(1, p.reference());
        ps.setString(2, p.type().name());
        ps.setString(3, p.method().name());
        ps.setBigDecimal(4, p.amount());
        ps.setString(5, p.currency());
        ps.setString(6, p.country());
        ps.setString(7, p.batchId());
        if (p.batchRow() == null) {
            ps.setNull(8, Types.INTEGER);
        } else {
            ps.setInt(8, p.batchRow());
        }
        ps.setString(9, p.source());
        ps.setString(10, p.commandJson());
        ps.setString(11, p.commandHash());
        OffsetDateTime at = LedgerTime.toDb(now);
        ps.setObject(12, at);
        ps.setObject(13, at);
        ps.setObject(14, at);
        if (p.bulkChunkId() == null) {
            ps.setNull(15, Types.BIGINT);
        } else {
            ps.setLong(15, p.bulkChunkId());
        }
    }

    // ---------------------------------------------------------------- state changes

    /**
     * The atomic claim before a create call: RECEIVED and due becomes SUBMITTING (attempts + 1), or nothing happens
     * because another worker or hub instance got there first. {@code abandonedAt} is when the reconciler may treat
     * the payment as left behind by a crash. Returns the claimed row.
     */
    public Optional<Payment> claim(long id, Instant abandonedAt) {
        Instant now = LedgerTime.now();
        return Optional.ofNullable(tx.execute(status -> {
            int updated = jdbc.update("update payments set status = 'SUBMITTING', attempts = attempts + 1, "
                    + "version = version + 1, updated_at = ?, next_check_at = ? "
                    + "where id = ? and status = 'RECEIVED' and next_check_at <= ? and bulk_chunk_id is null",
                    LedgerTime.toDb(now), LedgerTime.toDb(abandonedAt), id, LedgerTime.toDb(now));
            if (updated == 0) {
                return null;
            }
            jdbc.update(INSERT_HISTORY, id, PaymentStatus.SUBMITTING.name(), null, null, LedgerTime.toDb(now));
            return findById(id).orElseThrow();
        }));
    }

    /**
     * Confirms, right before the create call, that a SUBMITTING payment is still this worker's (nobody, such as the
     * reconciler of another instance, took it over meanwhile) and moves its abandonment deadline to
     * {@code abandonedAt}. Empty when the claim was lost: then nothing may be sent.
     */
    public Optional<Payment> renewClaim(Payment claimed, Instant abandonedAt) {
        Instant now = LedgerTime.now();
        int updated = jdbc.update("update payments set next_check_at = ?, updated_at = ?, version = version + 1 "
                        + "where id = ? and version = ? and status = 'SUBMITTING'",
                LedgerTime.toDb(abandonedAt), LedgerTime.toDb(now), claimed.id(), claimed.version());
        return updated == 0 ? Optional.empty()
                : Optional.of(stored(claimed.withNextCheckAt(abandonedAt), claimed, now));
    }

    /**
     * Writes {@code next}'s mutable fields (status, Kotani id and status, amounts, error, times, next check) if the
     * row is still at {@code current}'s version, and appends a history entry when the status or Kotani's status
     * changed. Returns the stored row, or empty when someone else changed it first (re-read and decide again).
     *
     * @throws IllegalArgumentException when the status change is not allowed by {@link PaymentTransitions}
     */
    public Optional<Payment> update(Payment current, Payment next, String detail) {
        boolean statusChanged = current.status() != next.status();
        if (statusChanged && !PaymentTransitions.allowed(current.status(), next.status())) {
            throw new IllegalArgumentException("payment " + current.reference() + ": " + current.status() + " -> "
                    + next.status() + " is not allowed");
        }
        boolean kotaniStatusChanged = !Objects.equals(current.kotaniStatus(), next.kotaniStatus());
        Instant now = LedgerTime.now();
        return Optional.ofNullable(tx.execute(status -> {
            int updated = jdbc.update("update payments set status = ?, kotani_id = ?, kotani_status = ?, fee = ?, "
                    + "transaction_amount = ?, last_error_code = ?, last_error = ?, next_check_at = ?, "
                    + "submitted_at = ?, completed_at = ?, updated_at = ?, version = version + 1 "
                    + "where id = ? and version = ?",
                    next.status().name(), next.kotaniId(), next.kotaniStatus(), next.fee(), next.transactionAmount(),
                    truncate(next.lastErrorCode(), 128), truncate(next.lastError(), MAX_TEXT),
                    LedgerTime.toDb(next.nextCheckAt()), LedgerTime.toDb(next.submittedAt()),
                    LedgerTime.toDb(next.completedAt()), LedgerTime.toDb(now), current.id(), current.version());
            if (updated == 0) {
                return null;
            }
            if (statusChanged || kotaniStatusChanged) {
                jdbc.update(INSERT_HISTORY, current.id(), next.status().name(), next.kotaniStatus(),
                        truncate(detail, MAX_TEXT), LedgerTime.toDb(now));
            }
            if (statusChanged && current.status().isTerminal() && current.batchId() != null) {
                BatchRepository.reopenForCorrection(jdbc, current.batchId(), now);
            }
            return stored(next, current, now);
        }));
    }

    /**
     * Takes a payment out of the due lists until {@code until} (so that neither this instance's next poll nor
     * another instance picks it up while it is being checked). Empty when the row changed meanwhile.
     */
    public Optional<Payment> lease(Payment current, Instant until) {
        int updated = jdbc.update("update payments set next_check_at = ?, version = version + 1 "
                + "where id = ? and version = ?", LedgerTime.toDb(until), current.id(), current.version());
        return updated == 0 ? Optional.empty()
                : Optional.of(stored(current.withNextCheckAt(until), current, current.updatedAt()));
    }

    /**
     * Moves a RECEIVED payment's next dispatch time forward to {@code until} (the throttle had no budget for it
     * yet). No status change, no history; an earlier time is never set.
     */
    public void postpone(long id, Instant until) {
        jdbc.update("update payments set next_check_at = ? where id = ? and status = 'RECEIVED' and next_check_at < ?",
                LedgerTime.toDb(until), id, LedgerTime.toDb(until));
    }

    // ---------------------------------------------------------------- work lists

    /** A RECEIVED payment due for dispatch: its id, type and method (which pick Kotani's endpoint and rate budget). */
    public record DueDispatch(long id, PaymentType type, PaymentMethod method) { }

    /** RECEIVED payments whose time has come, earliest first. */
    public List<DueDispatch> dueForDispatch(Instant now, int limit) {
        return dueForDispatch(now, null, limit).payments();
    }

    /** Where a sweep of the due RECEIVED payments stands: the last one read, in the order of the sweep. */
    public record DueCursor(Instant nextCheckAt, long id) { }

    /** One page of a sweep: the payments, and the cursor after the last of them (null when the page is empty). */
    public record DuePage(List<DueDispatch> payments, DueCursor last) { }

    /**
     * RECEIVED payments whose time has come, in the order {@code (next_check_at, id)}, after {@code after} (from the
     * start when null): keyset paging, so that a sweep reads each due row once.
     */
    public DuePage dueForDispatch(Instant now, DueCursor after, int limit) {
        List<DueDispatch> due = new ArrayList<>();
        DueCursor[] last = new DueCursor[1];
        RowCallbackHandler row = rs -> {
            due.add(new DueDispatch(rs.getLong(1), PaymentType.valueOf(rs.getString(2)),
                    PaymentMethod.valueOf(rs.getString(3))));
            last[0] = new DueCursor(LedgerTime.fromDb(rs.getObject(4, OffsetDateTime.class)), rs.getLong(1));
        };
        String select = "select id, type, method, next_check_at from payments where status = 'RECEIVED' "
                + "and next_check_at <= ? and bulk_chunk_id is null ";
        String order = "order by status, next_check_at, id fetch first " + limit + " rows only";
        if (after == null) {
            jdbc.query(select + order, row, LedgerTime.toDb(now));
        } else {
            OffsetDateTime at = LedgerTime.toDb(after.nextCheckAt());
            jdbc.query(select + "and next_check_at >= ? and (next_check_at > ? or id > ?) " + order, row,
                    LedgerTime.toDb(now), at, at, after.id());
        }
        return new DuePage(due, last[0]);
    }

    /** Payments in one of {@code statuses} whose next check is due, earliest first, at most {@code limit}. */
    public List<Payment> dueForCheck(Collection<PaymentStatus> statuses, Instant now, int limit) {
        List<Payment> due = new ArrayList<>();
        for (PaymentStatus status : statuses) {
            due.addAll(jdbc.query("select " + COLUMNS + " from payments where status = ? and next_check_at <= ? "
                    + "order by status, next_check_at, id fetch first " + limit + " rows only",
                    PAYMENT, status.name(), LedgerTime.toDb(now)));
        }
        due.sort((a, b) -> a.nextCheckAt().compareTo(b.nextCheckAt()));
        return due.size() > limit ? new ArrayList<>(due.subList(0, limit)) : due;
    }

    // ---------------------------------------------------------------- queries

    public Optional<Payment> findById(long id) {
        return jdbc.query("select " + COLUMNS + " from payments where id = ?", PAYMENT, id).stream().findFirst();
    }

    public Optional<Payment> findByReference(String reference) {
        return jdbc.query("select " + COLUMNS + " from payments where reference = ?", PAYMENT, reference)
                .stream().findFirst();
    }

    /** A payment with every status it reached, oldest first. */
    public record PaymentWithHistory(Payment payment, List<StatusChange> history) { }

    public Optional<PaymentWithHistory> findWithHistory(String reference) {
        return findByReference(reference).map(p -> new PaymentWithHistory(p, history(p.id())));
    }

    public List<StatusChange> history(long paymentId) {
        return jdbc.query("select status, kotani_status, detail, at from payment_status_history "
                        + "where payment_id = ? order by id",
                (rs, n) -> new StatusChange(PaymentStatus.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3),
                        LedgerTime.fromDb(rs.getObject(4, OffsetDateTime.class))), paymentId);
    }

    /** How many of a batch's payments are in each status (statuses with none are absent). */
    public Map<PaymentStatus, Long> countsByStatus(String batchId) {
        Map<PaymentStatus, Long> counts = new EnumMap<>(PaymentStatus.class);
        jdbc.query("select status, count(*) from payments where batch_id = ? group by status",
                rs -> { counts.put(PaymentStatus.valueOf(rs.getString(1)), rs.getLong(2)); }, batchId);
        return counts;
    }

    /** One page of a batch's payments in row order: rows after {@code afterRow}, at most {@code limit}. */
    public List<Payment> listBatch(String batchId, int afterRow, int limit) {
        return jdbc.query("select " + COLUMNS + " from payments where batch_id = ? and batch_row > ? "
                + "order by batch_id, batch_row fetch first " + limit + " rows only", PAYMENT, batchId, afterRow);
    }

    /** Every payment of a batch in row order, read page by page (memory stays flat for any batch size). */
    public void forEachInBatch(String batchId, int pageSize, Consumer<Payment> action) {
        int after = Integer.MIN_VALUE;
        while (true) {
            List<Payment> page = listBatch(batchId, after, pageSize);
            page.forEach(action);
            if (page.size() < pageSize) {
                return;
            }
            after = page.get(page.size() - 1).batchRow();
        }
    }

    /** The identifying columns of the rows holding these references, read back after a batch insert. */
    private Map<String, InsertOutcome> keysOf(List<String> references) {
        Map<String, InsertOutcome> found = new HashMap<>();
        List<String> distinct = references.stream().distinct().toList();
        for (int from = 0; from < distinct.size(); from += LOOKUP_CHUNK) {
            List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + LOOKUP_CHUNK));
            String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            jdbc.query("select id, reference, status, command_hash, batch_id, batch_row from payments "
                    + "where reference in (" + marks + ")", rs -> {
                        found.put(rs.getString(2), new InsertOutcome(true, rs.getLong(1), rs.getString(2),
                                PaymentStatus.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5),
                                rs.getObject(6, Integer.class)));
                    }, chunk.toArray());
        }
        return found;
    }

    static Payment map(ResultSet rs, int rowNum) throws SQLException {
        return new Payment(
                rs.getLong("id"),
                rs.getString("reference"),
                PaymentType.valueOf(rs.getString("type")),
                PaymentMethod.valueOf(rs.getString("method")),
                rs.getBigDecimal("amount"),
                rs.getString("currency"),
                rs.getString("country"),
                PaymentStatus.valueOf(rs.getString("status")),
                rs.getString("kotani_id"),
                rs.getString("kotani_status"),
                rs.getString("batch_id"),
                rs.getObject("batch_row", Integer.class),
                rs.getString("source"),
                rs.getInt("attempts"),
                rs.getBigDecimal("fee"),
                rs.getBigDecimal("transaction_amount"),
                rs.getString("last_error_code"),
                rs.getString("last_error"),
                rs.getString("command_json"),
                rs.getString("command_hash"),
                LedgerTime.fromDb(rs.getObject("next_check_at", OffsetDateTime.class)),
                LedgerTime.fromDb(rs.getObject("created_at", OffsetDateTime.class)),
                LedgerTime.fromDb(rs.getObject("updated_at", OffsetDateTime.class)),
                LedgerTime.fromDb(rs.getObject("submitted_at", OffsetDateTime.class)),
                LedgerTime.fromDb(rs.getObject("completed_at", OffsetDateTime.class)),
                rs.getInt("version"));
    }

    /**
     * The row as a conditional update ({@code where id = ? and version = ?}) that succeeded has just stored it:
     * {@code next}'s mutable fields as written (text truncated, times at the ledger's precision), every other column
     * unchanged from {@code current} (the version matched, so nobody else wrote in between), the version one higher.
     * Saves reading the row back after every write.
     */
    private static Payment stored(Payment next, Payment current, Instant updatedAt) {
        return new Payment(current.id(), current.reference(), current.type(), current.method(), current.amount(),
                current.currency(), current.country(), next.status(), next.kotaniId(), next.kotaniStatus(),
                current.batchId(), current.batchRow(), current.source(), current.attempts(), numeric(next.fee()),
                numeric(next.transactionAmount()), truncate(next.lastErrorCode(), 128), truncate(next.lastError(), MAX_TEXT),
                current.commandJson(), current.commandHash(), micros(next.nextCheckAt()), current.createdAt(),
                micros(updatedAt), micros(next.submittedAt()), micros(next.completedAt()), current.version() + 1);
    }

    /** An amount as a {@code numeric(24, 8)} column gives it back. */
    private static BigDecimal numeric(BigDecimal amount) {
        return amount == null ? null : amount.setScale(8, RoundingMode.HALF_UP);
    }

    private static Instant micros(Instant at) {
        return at == null ? null : LedgerTime.fromDb(LedgerTime.toDb(at));
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
