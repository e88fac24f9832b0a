package io.kotanihub.ops.console.receivables;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kotanihub.common.logging.LogMasker;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The receivables console's reads (tables {@code invoices}, {@code invoice_payments}, {@code invoice_events} of
 * V20/V21): the newest invoices with their link or checkout, status, amount due, paid and outstanding, and their
 * payments; and one link payment's timeline in the shape of the payment timeline ({@code /console/payments?reference=}).
 * Read-only; kept apart from the payment console's queries.
 */
@Component
public class ReceivablesQueries {

    static final Set<String> STATUSES = Set.of("OPEN", "PARTIALLY_PAID", "PAID", "EXPIRED", "DEACTIVATED", "FAILED",
            "REJECTED");
    private static final int LIMIT = 200;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = new ObjectMapper();

    public ReceivablesQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The newest invoices (of one status, or all), each with its payments, and totals per currency. */
    public Map<String, Object> list(String status) {
        List<Object> args = new ArrayList<>();
        String where = "";
        if (status != null && STATUSES.contains(status)) {
            where = " where status = ?";
            args.add(status);
        }
        List<Map<String, Object>> invoices = jdbc.query("select id, reference, source, collection, amount_due, "
                + "amount_paid, fees_paid, currency, pricing, usage_type, max_uses, status, link_state, short_code, "
                + "link_url, link_status, checkout_url, bank_details, expires_at, kotani_error, created_at, updated_at "
                + "from invoices" + where + " order by id desc fetch first " + LIMIT + " rows only",
                (rs, i) -> invoice(rs), args.toArray());
        Map<Long, Map<String, Object>> byId = new LinkedHashMap<>();
        invoices.forEach(inv -> byId.put((Long) inv.get("id"), inv));
        if (!byId.isEmpty()) {
            String ids = String.join(",", byId.keySet().stream().map(String::valueOf).toList());
            jdbc.query("select invoice_id, reference, status, amount, fee, at, source from invoice_payments where "
                    + "invoice_id in (" + ids + ") order by at, id", rs -> {
                        @SuppressWarnings("unchecked")
                        List<Map<String, Object>> payments = (List<Map<String, Object>>) byId
                                .get(rs.getLong("invoice_id")).get("payments");
                        Map<String, Object> p = new LinkedHashMap<>();
                        p.put("reference", rs.getString("reference"));
                        p.put("status", rs.getString("status"));
                        p.put("amount", plain(rs.getBigDecimal("amount")));
                        p.put("fee", plain(rs.getBigDecimal("fee")));
                        p.put("at", instant(rs, "at"));
                        p.put("source", rs.getString("source"));
                        payments.add(p);
                    });
        }
        List<Map<String, Object>> totals = jdbc.query("select currency, count(*) as invoices, sum(amount_due) as due, "
                + "sum(amount_paid) as paid, sum(case when amount_due > amount_paid and status in ('OPEN', "
                + "'PARTIALLY_PAID') then amount_due - amount_paid else 0 end) as outstanding from invoices" + where
                + " group by currency order by currency", (rs, i) -> {
                    Map<String, Object> t = new LinkedHashMap<>();
                    t.put("currency", rs.getString("currency"));
                    t.put("invoices", rs.getLong("invoices"));
                    t.put("due", plain(rs.getBigDecimal("due")));
                    t.put("paid", plain(rs.getBigDecimal("paid")));
                    t.put("outstanding", plain(rs.getBigDecimal("outstanding")));
                    return t;
                }, args.toArray());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", status);
        out.put("totals", totals);
        out.put("invoices", invoices);
        return out;
    }

    private Map<String, Object> invoice(ResultSet rs) throws SQLException {
        Map<String, Object> inv = new LinkedHashMap<>();
        inv.put("id", rs.getLong("id"));
        inv.put("reference", rs.getString("reference"));
        inv.put("source", rs.getString("source"));
        inv.put("collection", rs.getString("collection"));
        inv.put("status", rs.getString("status"));
        inv.put("currency", rs.getString("currency"));
        BigDecimal due = rs.getBigDecimal("amount_due");
        BigDecimal paid = rs.getBigDecimal("amount_paid");
        inv.put("amountDue", plain(due));
        inv.put("amountPaid", plain(paid));
        BigDecimal outstanding = due == null || paid == null ? null : due.subtract(paid);
        inv.put("outstanding", plain(outstanding == null || outstanding.signum() < 0 ? BigDecimal.ZERO : outstanding));
        inv.put("feesPaid", plain(rs.getBigDecimal("fees_paid")));
        inv.put("pricing", rs.getString("pricing"));
        inv.put("usage", rs.getString("usage_type"));
        inv.put("maxUses", rs.getObject("max_uses"));
        inv.put("linkState", rs.getString("link_state"));
        inv.put("shortCode", rs.getString("short_code"));
        inv.put("url", rs.getString("link_url") != null ? rs.getString("link_url") : rs.getString("checkout_url"));
        inv.put("linkStatus", rs.getString("link_status"));
        inv.put("bankAccount", bankAccount(rs.getString("bank_details")));
        inv.put("expiresAt", instant(rs, "expires_at"));
        inv.put("error", LogMasker.mask(rs.getString("kotani_error")));
        inv.put("createdAt", instant(rs, "created_at"));
        inv.put("payments", new ArrayList<Map<String, Object>>());
        return inv;
    }

    /** A bank checkout's transfer details in one line (the collection account is Kotani's, not a person's). */
    private String bankAccount(String details) {
        if (details == null) {
            return null;
        }
        try {
            JsonNode d = json.readTree(details);
            return String.join(" · ", List.of(d.path("bankName").asText(""), d.path("accountNumber").asText(""),
                    d.path("reference").asText(""))).replaceAll("( · )+$", "");
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * A payment made through an invoice's link, checkout or card deposit, in the payment timeline's shape: the
     * invoice received, its link or checkout created, the payment's webhooks and Kotani calls, its final status, and
     * the ERP deliveries of the invoice's events about it.
     */
    public Optional<Map<String, Object>> timeline(String reference) {
        List<Map<String, Object>> found = jdbc.query("select p.id, p.reference, p.kotani_id, p.status, "
                + "p.deposit_status, p.amount, p.fee, p.error_message, p.source, p.at, p.created_at, i.id as invoice_id, "
                + "i.reference as invoice_reference, i.currency, i.collection, i.source as invoice_source, "
                + "i.created_at as invoice_created_at from invoice_payments p join invoices i on i.id = p.invoice_id "
                + "where p.reference = ?", (rs, i) -> {
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("reference", rs.getString("reference"));
                    p.put("status", rs.getString("status"));
                    p.put("kotaniStatus", rs.getString("deposit_status"));
                    p.put("kotaniId", rs.getString("kotani_id"));
                    p.put("type", "INVOICE");
                    p.put("method", rs.getString("collection"));
                    p.put("amount", plain(rs.getBigDecimal("amount")));
                    p.put("currency", rs.getString("currency"));
                    p.put("fee", plain(rs.getBigDecimal("fee")));
                    p.put("recipient", Map.of());
                    p.put("source", rs.getString("invoice_source"));
                    p.put("attempts", null);
                    p.put("errorCode", null);
                    p.put("error", LogMasker.mask(rs.getString("error_message")));
                    p.put("batchId", null);
                    p.put("invoiceReference", rs.getString("invoice_reference"));
                    p.put("invoiceId", rs.getLong("invoice_id"));
                    p.put("at", instant(rs, "at"));
                    p.put("createdAt", instant(rs, "created_at"));
                    p.put("invoiceCreatedAt", instant(rs, "invoice_created_at"));
                    p.put("reportedBy", rs.getString("source"));
                    return p;
                }, reference);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> payment = found.get(0);
        String invoice = (String) payment.get("invoiceReference");
        long invoiceId = (Long) payment.remove("invoiceId");
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(event((Instant) payment.remove("invoiceCreatedAt"), "INVOICE", "Invoice " + invoice
                + " received from " + payment.get("source"), "", "info"));
        events.add(event((Instant) payment.get("createdAt"), "PAYMENT", "Payment seen (" + payment.get("reportedBy")
                + ")", payment.get("amount") + " " + payment.get("currency"), "info"));
        List<Long> eventIds = new ArrayList<>();
        jdbc.query("select id, type, payload, at from invoice_events where invoice_id = ? order by id", rs -> {
            String type = rs.getString("type");
            JsonNode payload = read(rs.getString("payload"));
            String about = payload.at("/payment/reference").asText(null);
            if (about != null && !about.equals(reference)) {
                return;
            }
            eventIds.add(rs.getLong("id"));
            String detail = about != null ? payload.at("/payment/status").asText("") + " "
                    + payload.at("/payment/amount").asText("") + " fee " + payload.at("/payment/fee").asText("—")
                    : payload.path("status").asText("");
            events.add(event(instant(rs, "at"), "EVENT", type, detail,
                    about != null && "SUCCESSFUL".equals(payload.at("/payment/status").asText()) ? "good"
                            : about != null ? "bad" : "info"));
        }, invoiceId);
        jdbc.query("select event_name, kind, status, signature_verified, received_at, outcome from "
                + "kotani_webhook_events where reference = ? order by id", rs -> {
                    events.add(event(instant(rs, "received_at"), "WEBHOOK", "Kotani webhook "
                            + dash(rs.getString("event_name")) + " status " + dash(rs.getString("status")),
                            (rs.getBoolean("signature_verified") ? "signature verified" : "direct callback, confirmed "
                                    + "by polling") + ", " + dash(rs.getString("outcome")), "info"));
                }, reference);
        jdbc.query("select operation, http_method, http_status, outcome, message, latency_ms, at from kotani_calls "
                + "where reference in (?, ?) order by id", rs -> {
                    int status = rs.getInt("http_status");
                    events.add(event(instant(rs, "at"), "KOTANI", "Kotani " + rs.getString("http_method") + " "
                            + rs.getString("operation") + " \u2192 " + (status == 0 ? "no answer" : "HTTP " + status)
                            + " " + rs.getString("outcome") + " in " + rs.getInt("latency_ms") + " ms",
                            LogMasker.mask(rs.getString("message")),
                            "ACCEPTED".equals(rs.getString("outcome")) ? "info" : "bad"));
                }, reference, invoice);
        if (!eventIds.isEmpty()) {
            jdbc.query("select id, state, attempts, created_at, delivered_at from erp_deliveries where "
                    + "invoice_event_id in (" + String.join(",", eventIds.stream().map(String::valueOf).toList())
                    + ") order by id", rs -> {
                        String state = rs.getString("state");
                        events.add(event(instant(rs, "created_at"), "ERP", "ERP delivery #" + rs.getLong("id") + ": "
                                + state + " after " + rs.getInt("attempts") + " attempt(s)", "",
                                "DEAD".equals(state) ? "bad" : "DELIVERED".equals(state) ? "good" : "info"));
                    });
        }
        events.add(event((Instant) payment.get("at"), "STATUS", "Status " + payment.get("status")
                + (payment.get("kotaniStatus") == null ? "" : " (Kotani " + payment.get("kotaniStatus") + ")"),
                payment.get("error") == null ? "" : String.valueOf(payment.get("error")),
                "SUCCESSFUL".equals(payment.get("status")) ? "good"
                        : List.of("PENDING", "PROCESSING").contains(payment.get("status")) ? "info" : "bad"));
        events.sort((a, b) -> {
            Instant x = (Instant) a.get("at");
            Instant y = (Instant) b.get("at");
            return x == null ? (y == null ? 0 : -1) : y == null ? 1 : x.compareTo(y);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("payment", payment);
        out.put("timeline", events);
        return Optional.of(out);
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            return json.createObjectNode();
        }
    }

    private static Map<String, Object> event(Instant at, String kind, String title, String detail, String tone) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("at", at);
        e.put("kind", kind);
        e.put("title", title);
        e.put("detail", detail == null ? "" : detail);
        e.put("tone", tone);
        return e;
    }

    private static String dash(String value) {
        return value == null ? "\u2014" : value;
    }

    private static String plain(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros().toPlainString();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
