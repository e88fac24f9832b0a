package io.kotanihub.bridge;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The bridge's ledger (tables of V9, plain JDBC): transfers unique by provider reference, the status machine of
 * {@link TransferStatus} applied under the transfer's row lock, anomalies, the events every change produces (in the
 * same transaction), the report outbox and the stored Kotani callbacks.
 */
@Component
public class BridgeLedger {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeLedger.class);

    static final String COLUMNS = "id, provider_reference_id, kotani_reference_id, status, create_state, request_json, "
            + "request_hash, source, amount, source_currency, chain, token, payment_hash, invoice_expires_at, "
            + "refund_config, refund_expires_at, refund_regenerations, refund_regenerated_at, refund_state, "
            + "refund_target, failure_stage, failure_reason, failure_message, last_report, kotani_error, anomalies, "
            + "created_at, updated_at";
    private static final String REPORT_COLUMNS = "id, transfer_id, status, body, state, attempts, next_attempt_at, "
            + "last_status, last_error, created_at, delivered_at";

    /** What a status change did. */
    public enum Outcome { APPLIED, DUPLICATE, STALE, ANOMALY }

    /** A failure's details, as far as they are known. */
    public record Failure(String stage, String reason, String message) { }

    /**
     * A status reported by Kotani (callback, poll, acknowledgement of a report).
     *
     * @param refundConfig a refund config that came with it, or null
     */
    public record Change(TransferStatus status, Instant at, String source, Failure failure, JsonNode refundConfig) { }

    /** A new transfer, before Kotani is called. */
    public record NewTransfer(String providerReferenceId, String requestJson, String requestHash, String source,
                              BigDecimal amount, String sourceCurrency, String chain, String token, String paymentHash,
                              Instant invoiceExpiresAt) { }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final BridgeProperties properties;
    private final ObjectProvider<MeterRegistry> meters;

    public BridgeLedger(JdbcTemplate jdbc, PlatformTransactionManager transactions, BridgeProperties properties,
                        ObjectProvider<MeterRegistry> meters) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.properties = properties;
        this.meters = meters;
    }

    // ------------------------------------------------------------------ transfers

    /** Inserts a PENDING transfer; empty when the provider reference is already used (the unique constraint says so). */
    public Optional<Long> insert(NewTransfer t) {
        OffsetDateTime now = now();
        try {
            jdbc.update("insert into bridge_transfers (provider_reference_id, create_state, request_json, request_hash, "
                            + "source, amount, source_currency, chain, token, payment_hash, invoice_expires_at, "
                            + "created_at, updated_at) values (?, 'PENDING', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    t.providerReferenceId(), t.requestJson(), t.requestHash(), t.source(), t.amount(),
                    t.sourceCurrency(), t.chain(), t.token(), t.paymentHash(), db(t.invoiceExpiresAt()), now, now);
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
        return find(t.providerReferenceId()).map(BridgeTransfer::id);
    }

    public Optional<BridgeTransfer> find(String providerReference) {
        return jdbc.query("select " + COLUMNS + " from bridge_transfers where provider_reference_id = ?",
                (rs, i) -> map(rs), providerReference).stream().findFirst();
    }

    public Optional<BridgeTransfer> findByKotaniReference(String kotaniReference) {
        return jdbc.query("select " + COLUMNS + " from bridge_transfers where kotani_reference_id = ?",
                (rs, i) -> map(rs), kotaniReference).stream().findFirst();
    }

    public Optional<BridgeTransfer> get(long id) {
        return jdbc.query("select " + COLUMNS + " from bridge_transfers where id = ?", (rs, i) -> map(rs), id)
                .stream().findFirst();
    }

    /**
     * Kotani accepted the create: its reference, the refund config and DEPOSIT_INITIATED are stored in one
     * transaction, the moment the answer is read.
     */
    public void recordCreated(long id, String kotaniReference, String paymentHash, JsonNode refundConfig,
                              TransferStatus status, Instant at) {
        tx.executeWithoutResult(s -> {
            lock(id);
            jdbc.update("update bridge_transfers set kotani_reference_id = ?, create_state = 'CREATED', "
                            + "payment_hash = coalesce(?, payment_hash), refund_config = ?, refund_expires_at = ?, "
                            + "kotani_error = null, updated_at = ? where id = ?",
                    kotaniReference, paymentHash, refundConfig == null ? null : refundConfig.toString(),
                    db(expiresAt(refundConfig)), now(), id);
            applyLocked(id, new Change(status == null ? TransferStatus.DEPOSIT_INITIATED : status, at, "CREATE",
                    null, null));
        });
    }

    /** Kotani refused the create (final) or its answer was lost (to be asked again). */
    public void recordCreateProblem(long id, String createState, String message) {
        jdbc.update("update bridge_transfers set create_state = ?, kotani_error = ?, updated_at = ? where id = ?",
                createState, truncate(message, 2000), now(), id);
    }

    /** PENDING or UNKNOWN creates not touched for {@code olderThan}, leased (updated_at moves) for this instance. */
    public List<BridgeTransfer> leaseUnconfirmedCreates(Duration olderThan, int limit) {
        OffsetDateTime now = now();
        List<BridgeTransfer> candidates = jdbc.query("select " + COLUMNS + " from bridge_transfers where create_state "
                + "in ('PENDING', 'UNKNOWN') and updated_at <= ? order by id fetch first " + limit + " rows only",
                (rs, i) -> map(rs), now.minus(olderThan));
        List<BridgeTransfer> leased = new ArrayList<>();
        for (BridgeTransfer t : candidates) {
            if (jdbc.update("update bridge_transfers set updated_at = ? where id = ? and updated_at = ?", now, t.id(),
                    db(t.updatedAt())) == 1) {
                leased.add(t);
            }
        }
        return leased;
    }

    /** Created transfers not finished whose poll is due, leased until the next poll interval. */
    public List<BridgeTransfer> leaseDuePolls(int limit) {
        OffsetDateTime now = now();
        List<BridgeTransfer> due = jdbc.query("select " + COLUMNS + " from bridge_transfers where create_state = "
                + "'CREATED' and next_poll_at <= ? order by next_poll_at fetch first " + limit + " rows only",
                (rs, i) -> map(rs), now);
        List<BridgeTransfer> leased = new ArrayList<>();
        for (BridgeTransfer t : due) {
            if (jdbc.update("update bridge_transfers set next_poll_at = ? where id = ? and next_poll_at <= ?",
                    now.plus(properties.getPollInterval()), t.id(), now) == 1) {
                leased.add(t);
            }
        }
        return leased;
    }

    /** Ask Kotani about this transfer at the next polling round (an unverified callback said something changed). */
    public void pollSoon(long id) {
        jdbc.update("update bridge_transfers set next_poll_at = ? where id = ? and next_poll_at is not null", now(), id);
    }

    public List<BridgeTransfer.HistoryEntry> history(long id) {
        return jdbc.query("select status, at, source from bridge_status_history where transfer_id = ? order by id",
                (rs, i) -> new BridgeTransfer.HistoryEntry(TransferStatus.parse(rs.getString("status")),
                        instant(rs, "at"), rs.getString("source")), id);
    }

    public List<BridgeTransfer.Anomaly> anomalies(long id) {
        return jdbc.query("select from_status, to_status, source, detail, at from bridge_anomalies where transfer_id = ? "
                + "order by id", (rs, i) -> new BridgeTransfer.Anomaly(rs.getString("from_status"),
                rs.getString("to_status"), rs.getString("source"), rs.getString("detail"), instant(rs, "at")), id);
    }

    // ------------------------------------------------------------------ the status machine

    /** Applies a status Kotani reported, under the transfer's row lock. */
    public Outcome apply(long id, Change change) {
        return tx.execute(s -> {
            lock(id);
            return applyLocked(id, change);
        });
    }

    private Outcome applyLocked(long id, Change change) {
        BridgeTransfer t = get(id).orElseThrow();
        if (change.refundConfig() != null && change.refundConfig().isObject()) {
            storeRefundConfigIfNewer(t, change.refundConfig());
        }
        TransferStatus target = change.status();
        TransferStatus current = t.status();
        List<BridgeTransfer.HistoryEntry> history = history(id);
        Instant at = change.at() == null ? Instant.now() : change.at();
        if (current == target) {
            return Outcome.DUPLICATE;
        }
        boolean seen = history.stream().anyMatch(h -> h.status() == target);
        Instant lastAt = history.isEmpty() ? null : history.get(history.size() - 1).at();
        if (current == null) {
            if (target != TransferStatus.DEPOSIT_INITIATED) {
                return anomaly(t, target, change.source(), "no status yet, the first must be DEPOSIT_INITIATED");
            }
            move(t, null, target, at, change.source(), change.failure());
            return Outcome.APPLIED;
        }
        if (seen && (!current.canMoveTo(target) || lastAt != null && at.isBefore(lastAt))) {
            LOG.info("bridge {}: {} from {} is older than the current {}; ignored", t.providerReferenceId(), target,
                    change.source(), current);
            return Outcome.STALE;
        }
        if (current.canMoveTo(target)) {
            move(t, current, target, at, change.source(), change.failure());
            return Outcome.APPLIED;
        }
        List<TransferStatus> implied = target.impliedPredecessors(current);
        if (!implied.isEmpty() && implied.get(implied.size() - 1).canMoveTo(target)) {
            TransferStatus from = current;
            for (TransferStatus between : implied) {
                move(t, from, between, at, "INFERRED", null);
                from = between;
            }
            move(get(id).orElseThrow(), from, target, at, change.source(), change.failure());
            return Outcome.APPLIED;
        }
        return anomaly(t, target, change.source(), "transition " + current + " -> " + target + " is not allowed");
    }

    private void move(BridgeTransfer t, TransferStatus from, TransferStatus to, Instant at, String source,
                      Failure failure) {
        OffsetDateTime now = now();
        if (to == TransferStatus.FAILED) {
            String stage = failure != null && failure.stage() != null ? failure.stage() : inferFailureStage(t, from);
            boolean refundDue = "SETTLEMENT".equals(stage);
            jdbc.update("update bridge_transfers set failure_stage = ?, failure_reason = coalesce(?, failure_reason), "
                            + "failure_message = coalesce(?, failure_message), refund_state = ? where id = ?", stage,
                    failure == null ? null : truncate(failure.reason(), 128),
                    failure == null ? null : truncate(failure.message(), 2000),
                    refundDue ? "PENDING" : null, t.id());
        }
        if (to == TransferStatus.REFUNDED) {
            jdbc.update("update bridge_transfers set refund_state = 'DONE' where id = ?", t.id());
        }
        boolean finished = to.isFinal() || to == TransferStatus.FAILED && !"SETTLEMENT".equals(
                jdbc.queryForObject("select failure_stage from bridge_transfers where id = ?", String.class, t.id()));
        jdbc.update("update bridge_transfers set status = ?, next_poll_at = ?, updated_at = ? where id = ?", to.name(),
                finished ? null : now.plus(properties.getPollInterval()), now, t.id());
        jdbc.update("insert into bridge_status_history (transfer_id, status, source, at) values (?, ?, ?, ?)", t.id(),
                to.name(), source, db(at));
        BridgeTransfer after = get(t.id()).orElseThrow();
        ObjectNode event = BridgeEvents.statusChanged(after, from, to, at, source);
        insertEvent(after, BridgeEvents.STATUS_CHANGED, event, at);
        LOG.info("bridge {} ({}): {} -> {} ({})", t.providerReferenceId(), t.kotaniReferenceId(), from, to, source);
    }

    private static String inferFailureStage(BridgeTransfer t, TransferStatus from) {
        if ("FAILED".equals(t.lastReport())) {
            return "SETTLEMENT";
        }
        if (from == null) {
            return "DEPOSIT_COLLECTION";
        }
        return switch (from) {
            case DEPOSIT_INITIATED -> "DEPOSIT_COLLECTION";
            case DEPOSIT_CONFIRMED, PAYMENT_SENT -> "CRYPTO_PAYMENT";
            default -> "SETTLEMENT";
        };
    }

    private Outcome anomaly(BridgeTransfer t, TransferStatus target, String source, String detail) {
        jdbc.update("insert into bridge_anomalies (transfer_id, from_status, to_status, source, detail, at) "
                        + "values (?, ?, ?, ?, ?, ?)", t.id(), t.status() == null ? null : t.status().name(),
                target.name(), source, truncate(detail, 2000), now());
        jdbc.update("update bridge_transfers set anomalies = anomalies + 1 where id = ?", t.id());
        MeterRegistry registry = meters.getIfAvailable();
        if (registry != null) {
            registry.counter("hub.bridge.anomalies", "to", target.name(), "source", source).increment();
        }
        LOG.error("bridge {} ({}): ANOMALY, {} reported by {} while the transfer is {}: {}; not applied",
                t.providerReferenceId(), t.kotaniReferenceId(), target, source, t.status(), detail);
        return Outcome.ANOMALY;
    }

    /** Records an anomaly outside a status change (e.g. Kotani refused a report). */
    public void recordAnomaly(long id, String toStatus, String source, String detail) {
        tx.executeWithoutResult(s -> {
            BridgeTransfer t = lock(id);
            TransferStatus target = TransferStatus.parse(toStatus);
            anomaly(t, target == null ? TransferStatus.FAILED : target, source, detail);
        });
    }

    // ------------------------------------------------------------------ refund config and refund state

    private void storeRefundConfigIfNewer(BridgeTransfer t, JsonNode config) {
        Instant expires = expiresAt(config);
        if (t.refundConfig() != null && t.refundExpiresAt() != null
                && (expires == null || !expires.isAfter(t.refundExpiresAt()))) {
            return;
        }
        jdbc.update("update bridge_transfers set refund_config = ?, refund_expires_at = ? where id = ?",
                config.toString(), db(expires), t.id());
    }

    /** A regenerated refund invoice (§16.5): replaces the config and counts the regeneration. */
    public void recordRegeneration(long id, JsonNode config, Instant at) {
        jdbc.update("update bridge_transfers set refund_config = ?, refund_expires_at = ?, refund_regenerations = "
                        + "refund_regenerations + 1, refund_regenerated_at = ?, updated_at = ? where id = ?",
                config.toString(), db(expiresAt(config)), db(at), now(), id);
    }

    /** Transfers whose refund instruction must be (re)issued: PENDING, or REQUIRED with an invoice that expired. */
    public List<BridgeTransfer> refundsToReview(Instant now, int limit) {
        return jdbc.query("select " + COLUMNS + " from bridge_transfers where status = 'FAILED' and (refund_state = "
                + "'PENDING' or refund_state = 'REQUIRED' and refund_target = 'CRYPTO_INVOICE' and refund_expires_at <= ?) "
                + "order by id fetch first " + limit + " rows only", (rs, i) -> map(rs),
                db(now.plus(properties.getRefund().getInvoiceMargin())));
    }

    /**
     * Issues a REFUND_REQUIRED instruction (only when the transfer's refund state is still {@code expectedState}, so
     * that two instances cannot issue it twice).
     */
    public boolean refundRequired(long id, String expectedState, String target, ObjectNode event) {
        Boolean done = tx.execute(s -> {
            BridgeTransfer t = lock(id);
            if (!expectedState.equals(t.refundState()) || t.status() != TransferStatus.FAILED) {
                return false;
            }
            jdbc.update("update bridge_transfers set refund_state = 'REQUIRED', refund_target = ?, updated_at = ? "
                    + "where id = ?", target, now(), id);
            insertEvent(t, BridgeEvents.REFUND_REQUIRED, event, Instant.now());
            return true;
        });
        return Boolean.TRUE.equals(done);
    }

    // ------------------------------------------------------------------ events

    private void insertEvent(BridgeTransfer t, String type, ObjectNode payload, Instant at) {
        jdbc.update("insert into bridge_events (transfer_id, provider_reference_id, type, payload, at) values "
                + "(?, ?, ?, ?, ?)", t.id(), t.providerReferenceId(), type, payload.toString(), db(at));
    }

    /** One stored event. */
    public record StoredEvent(long id, String providerReferenceId, String type, String payload, Instant at) { }

    /**
     * The stored events of these ids (those that still exist), oldest first: for the endpoints that read the event log
     * ({@link BridgeEventFeed}).
     */
    public List<StoredEvent> events(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.query("select id, provider_reference_id, type, payload, at from bridge_events where id in ("
                + String.join(", ", Collections.nCopies(ids.size(), "?")) + ") order by id",
                (rs, i) -> new StoredEvent(rs.getLong("id"), rs.getString("provider_reference_id"),
                        rs.getString("type"), rs.getString("payload"), instant(rs, "at")), ids.toArray());
    }

    public List<StoredEvent> events(long transferId) {
        return jdbc.query("select id, provider_reference_id, type, payload, at from bridge_events where transfer_id = ? "
                + "order by id", (rs, i) -> new StoredEvent(rs.getLong("id"), rs.getString("provider_reference_id"),
                rs.getString("type"), rs.getString("payload"), instant(rs, "at")), transferId);
    }

    // ------------------------------------------------------------------ report outbox

    /** Stores a report to Kotani (before any attempt) and remembers it as the provider's last report. */
    public long enqueueReport(long transferId, String status, String body) {
        OffsetDateTime now = now();
        Long id = tx.execute(s -> {
            lock(transferId);
            jdbc.update("insert into bridge_reports (transfer_id, status, body, state, attempts, next_attempt_at, "
                    + "created_at, updated_at) values (?, ?, ?, 'PENDING', 0, ?, ?, ?)", transferId, status, body, now,
                    now, now);
            jdbc.update("update bridge_transfers set last_report = ?, updated_at = ? where id = ?", status, now,
                    transferId);
            return jdbc.queryForObject("select max(id) from bridge_reports where transfer_id = ?", Long.class,
                    transferId);
        });
        return id == null ? -1 : id;
    }

    /** Marks the transfer's refund as reported by the provider (stops re-issuing refund instructions). */
    public void refundReported(long transferId) {
        jdbc.update("update bridge_transfers set refund_state = 'REPORTED', updated_at = ? where id = ? and "
                + "refund_state <> 'DONE'", now(), transferId);
    }

    /** Due reports, the oldest pending one per transfer, leased for {@code lease}. */
    public List<BridgeTransfer.Report> leaseDueReports(Duration lease, int limit) {
        OffsetDateTime now = now();
        List<BridgeTransfer.Report> due = jdbc.query("select " + REPORT_COLUMNS + " from bridge_reports r where "
                + "r.state = 'PENDING' and r.next_attempt_at <= ? and not exists (select 1 from bridge_reports e where "
                + "e.transfer_id = r.transfer_id and e.state = 'PENDING' and e.id < r.id) order by r.next_attempt_at, "
                + "r.id fetch first " + limit + " rows only", (rs, i) -> mapReport(rs), now);
        List<BridgeTransfer.Report> leased = new ArrayList<>();
        for (BridgeTransfer.Report r : due) {
            if (jdbc.update("update bridge_reports set next_attempt_at = ?, updated_at = ? where id = ? and state = "
                    + "'PENDING' and attempts = ?", now.plus(lease), now, r.id(), r.attempts()) == 1) {
                leased.add(r);
            }
        }
        return leased;
    }

    public void reportDelivered(long reportId, int status) {
        OffsetDateTime now = now();
        jdbc.update("update bridge_reports set state = 'DELIVERED', attempts = attempts + 1, last_status = ?, "
                + "last_error = null, delivered_at = ?, updated_at = ? where id = ?", status, now, now, reportId);
    }

    public void reportRejected(long reportId, int status, String error) {
        OffsetDateTime now = now();
        jdbc.update("update bridge_reports set state = 'REJECTED', attempts = attempts + 1, last_status = ?, "
                + "last_error = ?, updated_at = ? where id = ?", status, truncate(error, 2000), now, reportId);
    }

    public void reportRetry(long reportId, Integer status, String error, Instant next) {
        jdbc.update("update bridge_reports set attempts = attempts + 1, last_status = ?, last_error = ?, "
                + "next_attempt_at = ?, updated_at = ? where id = ?", status, truncate(error, 2000), db(next), now(),
                reportId);
    }

    public List<BridgeTransfer.Report> reports(long transferId) {
        return jdbc.query("select " + REPORT_COLUMNS + " from bridge_reports where transfer_id = ? order by id",
                (rs, i) -> mapReport(rs), transferId);
    }

    // ------------------------------------------------------------------ stored callbacks

    /** Stores a callback; false when the same content was stored before. */
    public boolean storeCallback(String dedupeKey, String kotaniReference, String status, String body) {
        try {
            jdbc.update("insert into bridge_callbacks (dedupe_key, kotani_reference_id, status, body, received_at) "
                    + "values (?, ?, ?, ?, ?)", dedupeKey, truncate(kotaniReference, 128), truncate(status, 32), body,
                    now());
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** One stored callback not applied yet. */
    public record StoredCallback(long id, String kotaniReference, String body, Instant receivedAt) { }

    public List<StoredCallback> pendingCallbacks(int limit) {
        return jdbc.query("select id, kotani_reference_id, body, received_at from bridge_callbacks where applied_at "
                + "is null and (retry_at is null or retry_at <= ?) order by id fetch first " + limit + " rows only",
                (rs, i) -> new StoredCallback(rs.getLong("id"), rs.getString("kotani_reference_id"),
                        rs.getString("body"), instant(rs, "received_at")), now());
    }

    /** A callback whose transfer is not recorded yet is looked at again after {@code delay}. */
    public void callbackLater(long id, Duration delay) {
        jdbc.update("update bridge_callbacks set retry_at = ? where id = ?", now().plus(delay), id);
    }

    public void callbackApplied(long id) {
        jdbc.update("update bridge_callbacks set applied_at = ? where id = ? and applied_at is null", now(), id);
    }

    // ------------------------------------------------------------------ helpers

    private BridgeTransfer lock(long id) {
        return jdbc.query("select " + COLUMNS + " from bridge_transfers where id = ? for update", (rs, i) -> map(rs), id)
                .stream().findFirst().orElseThrow(() -> new IllegalStateException("no bridge transfer " + id));
    }

    static Instant expiresAt(JsonNode config) {
        if (config == null || !config.hasNonNull("expires_at")) {
            return null;
        }
        try {
            return OffsetDateTime.parse(config.get("expires_at").asText()).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static BridgeTransfer map(ResultSet rs) throws SQLException {
        return new BridgeTransfer(rs.getLong("id"), rs.getString("provider_reference_id"),
                rs.getString("kotani_reference_id"), TransferStatus.parse(rs.getString("status")),
                rs.getString("create_state"), rs.getString("request_json"), rs.getString("request_hash"),
                rs.getString("source"), rs.getBigDecimal("amount"), rs.getString("source_currency"),
                rs.getString("chain"), rs.getString("token"), rs.getString("payment_hash"),
                instant(rs, "invoice_expires_at"), rs.getString("refund_config"), instant(rs, "refund_expires_at"),
                rs.getInt("refund_regenerations"), instant(rs, "refund_regenerated_at"), rs.getString("refund_state"),
                rs.getString("refund_target"), rs.getString("failure_stage"), rs.getString("failure_reason"),
                rs.getString("failure_message"), rs.getString("last_report"), rs.getString("kotani_error"),
                rs.getInt("anomalies"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static BridgeTransfer.Report mapReport(ResultSet rs) throws SQLException {
        return new BridgeTransfer.Report(rs.getLong("id"), rs.getLong("transfer_id"), rs.getString("status"),
                rs.getString("body"), rs.getString("state"), rs.getInt("attempts"), instant(rs, "next_attempt_at"),
                (Integer) rs.getObject("last_status", Integer.class), rs.getString("last_error"),
                instant(rs, "created_at"), instant(rs, "delivered_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private static OffsetDateTime db(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    static String write(Object value) {
        try {
            return BridgeClient.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
