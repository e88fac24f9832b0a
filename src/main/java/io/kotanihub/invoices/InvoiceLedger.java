package io.kotanihub.invoices;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The receivables ledger (tables of V20, plain JDBC): invoices unique by reference, how far each link create got,
 * the payments made through each link (unique by Kotani's reference), the invoice's totals and status recomputed
 * under its row lock with every change, and the events each change produces, written in the same transaction.
 */
@Component
public class InvoiceLedger {

    static final String COLUMNS = "id, reference, request_json, request_hash, source, amount, amount_due, currency, "
            + "pricing, usage_type, max_uses, expires_at, link_state, link_attempts, link_id, short_code, link_url, "
            + "link_status, status, amount_paid, fees_paid, kotani_error, created_at, updated_at, collection, "
            + "checkout_id, checkout_url, bank_details";
    static final String PAYMENT_COLUMNS = "id, invoice_id, reference, kotani_id, status, deposit_status, amount, fee, "
            + "transaction_amount, error_message, source, at";

    public static final String LINK_CREATED = "payment_link.created";
    public static final String LINK_REJECTED = "payment_link.rejected";
    public static final String PAYMENT_UPDATED = "payment_link.payment.updated";
    public static final String STATUS_UPDATED = "invoice.status.updated";
    public static final String CHECKOUT_CREATED = "checkout.created";
    public static final String CHECKOUT_PAYMENT_UPDATED = "checkout.payment.updated";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public InvoiceLedger(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
    }

    // ------------------------------------------------------------------ invoices

    /**
     * Inserts an invoice whose link create is taken by the caller for {@code lease} (the work engine takes it over
     * should the caller not finish); empty when the reference is already used (the unique constraint says so).
     */
    public Optional<Long> insert(InvoiceRequest request, String source, Duration lease) {
        OffsetDateTime now = now();
        try {
            jdbc.update("insert into invoices (reference, request_json, request_hash, source, amount, amount_due, "
                            + "currency, pricing, usage_type, max_uses, expires_at, link_state, link_attempts, status, "
                            + "next_attempt_at, created_at, updated_at, collection) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                            + "?, 'PENDING', 1, 'OPEN', ?, ?, ?, ?)",
                    request.reference(), request.canonicalJson(), request.hash(), source, request.amount(),
                    request.amountDue(), request.currency(), request.pricing(), request.usage(), request.maxUses(),
                    db(request.expiresAt()), now.plus(lease), now, now, request.collection());
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
        return find(request.reference()).map(Invoice::id);
    }

    public Optional<Invoice> find(String reference) {
        return jdbc.query("select " + COLUMNS + " from invoices where reference = ?", (rs, i) -> map(rs), reference)
                .stream().findFirst();
    }

    public Optional<Invoice> get(long id) {
        return jdbc.query("select " + COLUMNS + " from invoices where id = ?", (rs, i) -> map(rs), id)
                .stream().findFirst();
    }

    public Optional<Invoice> findByLinkId(String linkId) {
        return jdbc.query("select " + COLUMNS + " from invoices where link_id = ?", (rs, i) -> map(rs), linkId)
                .stream().findFirst();
    }

    public List<Invoice.Payment> payments(long invoiceId) {
        return jdbc.query("select " + PAYMENT_COLUMNS + " from invoice_payments where invoice_id = ? order by at, id",
                (rs, i) -> mapPayment(rs), invoiceId);
    }

    // ------------------------------------------------------------------ the link's create

    /** Invoices whose link create (or look-up) is due, each taken for {@code lease}. */
    public List<Invoice> claimDueCreates(Duration lease, int limit) {
        OffsetDateTime now = now();
        List<Long> due = jdbc.queryForList("select id from invoices where link_state in ('PENDING', 'SENDING', "
                + "'UNKNOWN') and next_attempt_at <= ? order by next_attempt_at, id fetch first " + limit
                + " rows only", Long.class, now);
        List<Invoice> claimed = new ArrayList<>();
        for (long id : due) {
            claim(id, lease).ifPresent(claimed::add);
        }
        return claimed;
    }

    /** Takes one invoice's link create for {@code lease} when it is due; empty when it is not (or another took it). */
    public Optional<Invoice> claim(long id, Duration lease) {
        OffsetDateTime now = now();
        int n = jdbc.update("update invoices set next_attempt_at = ?, link_attempts = link_attempts + 1, updated_at = ? "
                + "where id = ? and link_state in ('PENDING', 'SENDING', 'UNKNOWN') and next_attempt_at <= ?",
                now.plus(lease), now, id, now);
        return n == 1 ? get(id) : Optional.empty();
    }

    /** Durably notes that the create is about to be sent: from now on its outcome is unknown until recorded. */
    public void markSending(long id) {
        jdbc.update("update invoices set link_state = 'SENDING', updated_at = ? where id = ? and link_state <> 'CREATED'",
                now(), id);
    }

    /** Kotani has the link (its create answered, or a look-up found it): stored with its event, polling starts. */
    public boolean recordCreated(long id, String linkId, String shortCode, String url, String linkStatus,
                                 Duration firstPoll) {
        Boolean done = tx.execute(s -> {
            Invoice invoice = lock(id);
            if (Invoice.CREATED.equals(invoice.linkState())) {
                return false;
            }
            OffsetDateTime now = now();
            jdbc.update("update invoices set link_state = 'CREATED', link_id = ?, short_code = ?, link_url = ?, "
                    + "link_status = ?, kotani_error = null, next_attempt_at = null, next_poll_at = ?, updated_at = ? "
                    + "where id = ?", linkId, shortCode, url, linkStatus, now.plus(firstPoll), now, id);
            Invoice created = get(id).orElseThrow();
            Map<String, Object> payload = invoiceView(created);
            event(created, LINK_CREATED, payload, now);
            return true;
        });
        return Boolean.TRUE.equals(done);
    }

    /**
     * Kotani has the bank checkout or card deposit (its create answered, or its status found it): stored with the
     * customer's URL or bank details and its {@code checkout.created} event; the deposit is followed from now on.
     */
    public boolean recordCheckout(long id, String checkoutId, String url, String bankDetails, Duration firstPoll) {
        Boolean done = tx.execute(s -> {
            Invoice invoice = lock(id);
            if (Invoice.CREATED.equals(invoice.linkState())) {
                return false;
            }
            OffsetDateTime now = now();
            jdbc.update("update invoices set link_state = 'CREATED', checkout_id = ?, checkout_url = ?, bank_details = ?, "
                    + "link_status = 'PENDING', kotani_error = null, next_attempt_at = null, next_poll_at = ?, "
                    + "updated_at = ? where id = ?", checkoutId, url == null || url.isBlank() ? null : url,
                    bankDetails, now.plus(firstPoll), now, id);
            Invoice created = get(id).orElseThrow();
            event(created, CHECKOUT_CREATED, invoiceView(created), now);
            return true;
        });
        return Boolean.TRUE.equals(done);
    }

    /** A bank checkout or card deposit under this reference (the deposit's reference is the invoice's). */
    public Optional<Invoice> findCheckout(String reference) {
        return find(reference).filter(i -> !i.isLink());
    }

    /** Kotani refused the create: final. */
    public void recordRejected(long id, String message) {
        tx.executeWithoutResult(s -> {
            Invoice invoice = lock(id);
            if (Invoice.CREATED.equals(invoice.linkState()) || Invoice.REJECTED.equals(invoice.linkState())) {
                return;
            }
            OffsetDateTime now = now();
            jdbc.update("update invoices set link_state = 'REJECTED', status = 'REJECTED', kotani_error = ?, "
                    + "next_attempt_at = null, updated_at = ? where id = ?", truncate(message, 2000), now, id);
            Map<String, Object> payload = invoiceView(get(id).orElseThrow());
            event(invoice, LINK_REJECTED, payload, now);
        });
    }

    /**
     * The create is to be tried again after {@code delay}: {@code state} PENDING when nothing reached Kotani, UNKNOWN
     * when it may have (the next attempt looks the link up first).
     */
    public void recordRetry(long id, String state, String message, Duration delay) {
        OffsetDateTime now = now();
        jdbc.update("update invoices set link_state = ?, kotani_error = ?, next_attempt_at = ?, updated_at = ? "
                + "where id = ? and link_state in ('PENDING', 'SENDING', 'UNKNOWN')", state, truncate(message, 2000),
                now.plus(delay), now, id);
    }

    // ------------------------------------------------------------------ following payments

    /** Created invoices still collecting whose poll is due, each leased until {@code interval} from now. */
    public List<Invoice> leaseDuePolls(Duration interval, int limit) {
        OffsetDateTime now = now();
        List<Long> due = jdbc.queryForList("select id from invoices where link_state = 'CREATED' and next_poll_at <= ? "
                + "order by next_poll_at, id fetch first " + limit + " rows only", Long.class, now);
        List<Invoice> leased = new ArrayList<>();
        for (long id : due) {
            if (jdbc.update("update invoices set next_poll_at = ? where id = ? and next_poll_at <= ?",
                    now.plus(interval), id, now) == 1) {
                get(id).ifPresent(leased::add);
            }
        }
        return leased;
    }

    /** Ask Kotani about this invoice's link at the next round. */
    public void pollSoon(long id) {
        jdbc.update("update invoices set next_poll_at = ? where id = ? and link_state = 'CREATED'", now(), id);
    }

    /** Polling stops: nothing more is expected through the link. */
    public void stopPolling(long id) {
        jdbc.update("update invoices set next_poll_at = null where id = ?", id);
    }

    /**
     * Applies what Kotani said about one payment: stored (or moved forward: a later status never goes back, a
     * terminal failure may still be corrected to SUCCESSFUL), then the invoice's totals and status recomputed; a
     * payment reaching a final status and an invoice changing status each write an event. Idempotent.
     *
     * @return true when anything changed
     */
    public boolean applyPayment(long invoiceId, Invoice.PaymentSeen seen) {
        Boolean changed = tx.execute(s -> {
            Invoice invoice = lock(invoiceId);
            Optional<Invoice.Payment> known = jdbc.query("select " + PAYMENT_COLUMNS + " from invoice_payments where "
                    + "reference = ?", (rs, i) -> mapPayment(rs), seen.reference()).stream().findFirst();
            OffsetDateTime now = now();
            OffsetDateTime at = db(seen.at() == null ? Instant.now() : seen.at());
            if (known.isPresent() && known.get().invoiceId() != invoiceId) {
                return false;
            }
            if (known.isEmpty()) {
                jdbc.update("insert into invoice_payments (invoice_id, reference, kotani_id, status, deposit_status, "
                        + "amount, fee, transaction_amount, error_message, source, at, created_at, updated_at) values "
                        + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", invoiceId, seen.reference(), seen.kotaniId(),
                        seen.status(), seen.depositStatus(), seen.amount(), seen.fee(), seen.transactionAmount(),
                        truncate(seen.errorMessage(), 2000), seen.source(), at, now, now);
            } else {
                Invoice.Payment old = known.get();
                boolean forward = LinkPaymentStatus.rank(seen.status()) > LinkPaymentStatus.rank(old.status());
                boolean details = !forward && seen.status().equals(old.status()) && old.fee() == null
                        && seen.fee() != null;
                if (!forward && !details) {
                    return false;
                }
                jdbc.update("update invoice_payments set status = ?, deposit_status = coalesce(?, deposit_status), "
                        + "kotani_id = coalesce(?, kotani_id), amount = ?, fee = coalesce(?, fee), "
                        + "transaction_amount = coalesce(?, transaction_amount), error_message = ?, source = ?, at = ?, "
                        + "updated_at = ? where id = ?", seen.status(), seen.depositStatus(), seen.kotaniId(),
                        seen.amount(), seen.fee(), seen.transactionAmount(), truncate(seen.errorMessage(), 2000),
                        seen.source(), forward ? at : db(old.at()), now, old.id());
                if (!forward) {
                    return true;
                }
            }
            Invoice after = recompute(invoice, now);
            if (LinkPaymentStatus.isFinal(seen.status())) {
                Invoice.Payment payment = jdbc.queryForObject("select " + PAYMENT_COLUMNS + " from invoice_payments "
                        + "where reference = ?", (rs, i) -> mapPayment(rs), seen.reference());
                event(after, after.isLink() ? PAYMENT_UPDATED : CHECKOUT_PAYMENT_UPDATED, paymentEvent(after, payment),
                        now);
            }
            statusEvent(invoice, after, now);
            return true;
        });
        return Boolean.TRUE.equals(changed);
    }

    /** Kotani's word on the link itself (ACTIVE, INACTIVE, EXPIRED, COMPLETED); the invoice's status follows. */
    public void applyLinkStatus(long invoiceId, String linkStatus) {
        tx.executeWithoutResult(s -> {
            Invoice invoice = lock(invoiceId);
            OffsetDateTime now = now();
            if (linkStatus != null && !linkStatus.equals(invoice.linkStatus())) {
                jdbc.update("update invoices set link_status = ?, updated_at = ? where id = ?", linkStatus, now,
                        invoiceId);
            }
            statusEvent(invoice, recompute(lock(invoiceId), now), now);
        });
    }

    private Invoice recompute(Invoice before, OffsetDateTime now) {
        Invoice invoice = before;
        if (!invoice.isLink()) {
            // a checkout's one deposit: its status stands for the link's
            List<String> deposit = jdbc.queryForList("select status from invoice_payments where invoice_id = ? and "
                    + "reference = ?", String.class, invoice.id(), invoice.reference());
            if (!deposit.isEmpty()) {
                jdbc.update("update invoices set link_status = ? where id = ?", deposit.get(0), invoice.id());
                invoice = get(invoice.id()).orElseThrow();
            }
        }
        Map<String, Object> sums = jdbc.queryForMap("select coalesce(sum(amount), 0) as paid, coalesce(sum(fee), 0) "
                + "as fees from invoice_payments where invoice_id = ? and status = 'SUCCESSFUL'", invoice.id());
        BigDecimal paid = (BigDecimal) sums.get("paid");
        BigDecimal fees = (BigDecimal) sums.get("fees");
        String status = InvoiceStatus.of(invoice, paid, now.toInstant());
        jdbc.update("update invoices set amount_paid = ?, fees_paid = ?, status = ?, updated_at = ? where id = ?",
                paid, fees, status, now, invoice.id());
        return get(invoice.id()).orElseThrow();
    }

    private void statusEvent(Invoice before, Invoice after, OffsetDateTime now) {
        if (!after.status().equals(before.status())) {
            Map<String, Object> payload = invoiceView(after);
            payload.put("previousStatus", before.status());
            event(after, STATUS_UPDATED, payload, now);
        }
    }

    // ------------------------------------------------------------------ events

    /**
     * The stored events of these ids (those that still exist), oldest first: for the endpoints that read the event log
     * ({@link InvoiceEventFeed}).
     */
    public List<Invoice.Event> events(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.query("select id, invoice_reference, type, payload, at from invoice_events where id in ("
                + String.join(", ", Collections.nCopies(ids.size(), "?")) + ") order by id",
                (rs, i) -> new Invoice.Event(rs.getLong("id"), rs.getString("invoice_reference"),
                        rs.getString("type"), rs.getString("payload"), instant(rs, "at")), ids.toArray());
    }

    public List<Invoice.Event> events(String invoiceReference) {
        return jdbc.query("select id, invoice_reference, type, payload, at from invoice_events where "
                + "invoice_reference = ? order by id", (rs, i) -> new Invoice.Event(rs.getLong("id"),
                rs.getString("invoice_reference"), rs.getString("type"), rs.getString("payload"), instant(rs, "at")),
                invoiceReference);
    }

    private void event(Invoice invoice, String type, Map<String, Object> payload, OffsetDateTime at) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.putAll(payload);
        jdbc.update("insert into invoice_events (invoice_id, invoice_reference, type, payload, at) values (?, ?, ?, ?, ?)",
                invoice.id(), invoice.reference(), type, write(body), at);
    }

    /** The invoice as events and the API show it (without its payments). */
    static Map<String, Object> invoiceView(Invoice invoice) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("invoiceReference", invoice.reference());
        out.put("status", invoice.status());
        out.put("currency", invoice.currency());
        out.put("amount", plain(invoice.amount()));
        out.put("amountDue", plain(invoice.amountDue()));
        out.put("amountPaid", plain(invoice.amountPaid()));
        BigDecimal outstanding = invoice.amountDue().subtract(invoice.amountPaid());
        out.put("outstanding", plain(outstanding.signum() < 0 ? BigDecimal.ZERO : outstanding));
        out.put("overpaid", plain(outstanding.signum() < 0 ? outstanding.negate() : BigDecimal.ZERO));
        out.put("feesPaid", plain(invoice.feesPaid()));
        out.put("pricing", invoice.pricing());
        out.put("usage", invoice.usage());
        out.put("maxUses", invoice.maxUses());
        out.put("expiresAt", invoice.expiresAt() == null ? null : invoice.expiresAt().toString());
        out.put("link", linkView(invoice));
        out.put("collection", invoice.collection());
        out.put("checkout", checkoutView(invoice));
        return out;
    }

    /** A bank checkout's or card deposit's customer-facing part: its URL (hosted page, 3-D Secure) or bank details. */
    static Map<String, Object> checkoutView(Invoice invoice) {
        if (invoice.isLink() || invoice.checkoutId() == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("method", invoice.collection());
        out.put("id", invoice.checkoutId());
        out.put("referenceId", invoice.reference());
        out.put("redirectUrl", invoice.checkoutUrl());
        out.put("threeDSecure", InvoiceRequest.CARD_DEPOSIT.equals(invoice.collection())
                ? invoice.checkoutUrl() != null : null);
        Object details = null;
        if (invoice.bankDetails() != null) {
            try {
                details = InvoiceRequest.JSON.readTree(invoice.bankDetails());
            } catch (JsonProcessingException e) {
                details = null;
            }
        }
        out.put("bankPaymentDetails", details);
        out.put("status", invoice.linkStatus());
        return out;
    }

    static Map<String, Object> linkView(Invoice invoice) {
        if (invoice.linkId() == null) {
            return null;
        }
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("id", invoice.linkId());
        link.put("shortCode", invoice.shortCode());
        link.put("url", invoice.linkUrl());
        link.put("status", invoice.linkStatus());
        return link;
    }

    static Map<String, Object> paymentView(Invoice.Payment p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reference", p.reference());
        out.put("status", p.status());
        out.put("amount", plain(p.amount()));
        out.put("fee", plain(p.fee()));
        out.put("transactionAmount", plain(p.transactionAmount()));
        out.put("at", p.at() == null ? null : p.at().toString());
        out.put("kotaniId", p.kotaniId());
        out.put("depositStatus", p.depositStatus());
        out.put("errorMessage", p.errorMessage());
        out.put("source", p.source());
        return out;
    }

    /** A payment's final status for the ERP: amount, fee, the invoice reference and how it settles the invoice. */
    private static Map<String, Object> paymentEvent(Invoice invoice, Invoice.Payment payment) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("invoiceReference", invoice.reference());
        Map<String, Object> p = paymentView(payment);
        p.put("currency", invoice.currency());
        out.put("payment", p);
        if ("SUCCESSFUL".equals(payment.status())) {
            int cmp = invoice.amountPaid().compareTo(invoice.amountDue());
            out.put("settlement", cmp < 0 ? "PARTIAL" : cmp == 0 ? "FULL" : "OVER");
        }
        Map<String, Object> view = invoiceView(invoice);
        view.remove("invoiceReference");
        out.put("invoice", view);
        return out;
    }

    // ------------------------------------------------------------------ helpers

    private Invoice lock(long id) {
        return jdbc.query("select " + COLUMNS + " from invoices where id = ? for update", (rs, i) -> map(rs), id)
                .stream().findFirst().orElseThrow(() -> new IllegalStateException("no invoice " + id));
    }

    private static Invoice map(ResultSet rs) throws SQLException {
        return new Invoice(rs.getLong("id"), rs.getString("reference"), rs.getString("request_json"),
                rs.getString("request_hash"), rs.getString("source"), rs.getBigDecimal("amount"),
                rs.getBigDecimal("amount_due"), rs.getString("currency"), rs.getString("pricing"),
                rs.getString("usage_type"), (Integer) rs.getObject("max_uses", Integer.class), instant(rs, "expires_at"),
                rs.getString("link_state"), rs.getInt("link_attempts"), rs.getString("link_id"),
                rs.getString("short_code"), rs.getString("link_url"), rs.getString("link_status"),
                rs.getString("status"), rs.getBigDecimal("amount_paid"), rs.getBigDecimal("fees_paid"),
                rs.getString("kotani_error"), instant(rs, "created_at"), instant(rs, "updated_at"),
                rs.getString("collection"), rs.getString("checkout_id"), rs.getString("checkout_url"),
                rs.getString("bank_details"));
    }

    private static Invoice.Payment mapPayment(ResultSet rs) throws SQLException {
        return new Invoice.Payment(rs.getLong("id"), rs.getLong("invoice_id"), rs.getString("reference"),
                rs.getString("kotani_id"), rs.getString("status"), rs.getString("deposit_status"),
                rs.getBigDecimal("amount"), rs.getBigDecimal("fee"), rs.getBigDecimal("transaction_amount"),
                rs.getString("error_message"), rs.getString("source"), instant(rs, "at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private static OffsetDateTime db(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    static String plain(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros().toPlainString();
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    static String write(Object value) {
        try {
            return InvoiceRequest.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
