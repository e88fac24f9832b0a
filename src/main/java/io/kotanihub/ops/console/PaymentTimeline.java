package io.kotanihub.ops.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kotanihub.common.logging.LogMasker;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Everything that happened to one payment, in time order, from the ledger: the command received, every Kotani call
 * and its classified answer ({@code kotani_calls}), every status change, every Kotani webhook received for its
 * reference, and every ERP delivery of it. Phone and account numbers are masked (last three digits), and so is any
 * number in free text; request and webhook bodies are not shown.
 */
@Component
public class PaymentTimeline {

    /** Recipient fields shown as they are; the others are numbers of a person and are masked. */
    private static final Set<String> PLAIN_RECIPIENT_FIELDS = Set.of("name", "network", "bankCode", "paybillNumber",
            "tillNumber");

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = new ObjectMapper();
    private List<PaymentTimelineSource> sources = List.of();

    public PaymentTimeline(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Map<String, Object>> of(String reference) {
        List<Map<String, Object>> found = jdbc.query("select id, reference, type, method, amount, currency, country, "
                + "status, kotani_id, kotani_status, batch_id, batch_row, source, attempts, fee, last_error_code, "
                + "last_error, command_json, created_at, submitted_at, completed_at from payments where reference = ?",
                (rs, i) -> {
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("id", rs.getLong("id"));
                    p.put("reference", rs.getString("reference"));
                    p.put("type", rs.getString("type"));
                    p.put("method", rs.getString("method"));
                    p.put("amount", ConsoleQueries.money(rs.getBigDecimal("amount"), rs.getString("currency")));
                    p.put("currency", rs.getString("currency"));
                    p.put("country", rs.getString("country"));
                    p.put("status", rs.getString("status"));
                    p.put("kotaniId", rs.getString("kotani_id"));
                    p.put("kotaniStatus", rs.getString("kotani_status"));
                    p.put("batchId", rs.getString("batch_id"));
                    p.put("batchRow", rs.getObject("batch_row"));
                    p.put("source", rs.getString("source"));
                    p.put("attempts", rs.getInt("attempts"));
                    p.put("fee", ConsoleQueries.money(rs.getBigDecimal("fee"), rs.getString("currency")));
                    p.put("errorCode", rs.getString("last_error_code"));
                    p.put("error", LogMasker.mask(rs.getString("last_error")));
                    p.put("commandJson", rs.getString("command_json"));
                    p.put("createdAt", ConsoleQueries.instant(rs, "created_at"));
                    p.put("submittedAt", ConsoleQueries.instant(rs, "submitted_at"));
                    p.put("completedAt", ConsoleQueries.instant(rs, "completed_at"));
                    return p;
                }, reference);
        if (found.isEmpty()) {
            return otherSources(reference);
        }
        Map<String, Object> payment = found.get(0);
        JsonNode command = readCommand((String) payment.remove("commandJson"));
        payment.put("recipient", recipient(command.path("recipient")));
        payment.put("description", LogMasker.mask(text(command, "description")));

        List<Map<String, Object>> events = new ArrayList<>();
        events.add(event((Instant) payment.get("createdAt"), "COMMAND", "Command received from " + payment.get("source")
                        + (payment.get("batchId") == null ? "" : " (batch row " + payment.get("batchRow") + ")"),
                payment.get("type") + " " + payment.get("method") + " " + payment.get("amount") + " " + payment.get("currency"),
                "info"));
        jdbc.query("select status, kotani_status, detail, at from payment_status_history where payment_id = ? order by id",
                rs -> {
                    String status = rs.getString("status");
                    String kotani = rs.getString("kotani_status");
                    events.add(event(ConsoleQueries.instant(rs, "at"), "STATUS", "Status " + status
                            + (kotani == null ? "" : " (Kotani " + kotani + ")"), LogMasker.mask(rs.getString("detail")),
                            ConsoleQueries.FAILURES.contains(status) ? "bad" : "SUCCESSFUL".equals(status) ? "good" : "info"));
                }, payment.get("id"));
        jdbc.query("select operation, http_method, http_status, outcome, message, latency_ms, at from kotani_calls "
                + "where reference = ? order by id", rs -> {
                    int status = rs.getInt("http_status");
                    String outcome = rs.getString("outcome");
                    events.add(event(ConsoleQueries.instant(rs, "at"), "KOTANI", "Kotani " + rs.getString("http_method") + " "
                            + rs.getString("operation") + " \u2192 " + (status == 0 ? "no answer" : "HTTP " + status) + " "
                            + outcome + " in " + rs.getInt("latency_ms") + " ms", rs.getString("message"),
                            "ACCEPTED".equals(outcome) ? "info" : "bad"));
                }, reference);
        jdbc.query("select id, event_name, kind, status, signature_verified, received_at, processed_at, outcome "
                + "from kotani_webhook_events where reference = ? order by id", rs -> {
                    String outcome = rs.getString("outcome");
                    Instant processed = ConsoleQueries.instant(rs, "processed_at");
                    events.add(event(ConsoleQueries.instant(rs, "received_at"), "WEBHOOK", "Kotani webhook "
                            + nullToDash(rs.getString("event_name")) + " (" + rs.getString("kind") + ") status "
                            + nullToDash(rs.getString("status")),
                            (rs.getBoolean("signature_verified") ? "signature verified" : "direct callback, confirmed by polling")
                                    + (processed == null ? ", not applied yet" : ", applied: " + nullToDash(outcome)),
                            "info"));
                }, reference);
        jdbc.query("select id, target_url, state, attempts, last_status, last_error, created_at, delivered_at "
                + "from erp_deliveries where reference = ? order by id", rs -> {
                    long id = rs.getLong("id");
                    String state = rs.getString("state");
                    Object last = rs.getObject("last_status");
                    String lastError = LogMasker.mask(rs.getString("last_error"));
                    events.add(event(ConsoleQueries.instant(rs, "created_at"), "ERP", "ERP delivery #" + id + " to "
                            + LogMasker.mask(rs.getString("target_url")) + ": " + state + " after " + rs.getInt("attempts")
                            + " attempt(s)", (last == null ? "" : "last answer HTTP " + last)
                            + (lastError == null ? "" : (last == null ? "" : "; ") + lastError),
                            "DEAD".equals(state) ? "bad" : "DELIVERED".equals(state) ? "good" : "info"));
                    Instant delivered = ConsoleQueries.instant(rs, "delivered_at");
                    if (delivered != null) {
                        events.add(event(delivered, "ERP", "ERP delivery #" + id + " delivered", "", "good"));
                    }
                }, reference);
        events.sort(Comparator.comparing((Map<String, Object> e) -> (Instant) e.get("at"),
                Comparator.nullsFirst(Comparator.naturalOrder())));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("payment", payment);
        out.put("timeline", events);
        return Optional.of(out);
    }

    /** Payments of other tables (receivables' link payments): the first source that knows the reference. */
    @Autowired(required = false)
    public void setSources(List<PaymentTimelineSource> sources) {
        this.sources = List.copyOf(sources);
    }

    private Optional<Map<String, Object>> otherSources(String reference) {
        return sources.stream().map(s -> s.timeline(reference)).flatMap(Optional::stream).findFirst();
    }

    private JsonNode readCommand(String commandJson) {
        try {
            return json.readTree(commandJson);
        } catch (Exception unreadable) {
            return json.createObjectNode();
        }
    }

    /** The recipient with every personal number masked (last three digits kept). */
    static Map<String, Object> recipient(JsonNode recipient) {
        Map<String, Object> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = recipient.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                continue;
            }
            String value = field.getValue().asText();
            out.put(field.getKey(), PLAIN_RECIPIENT_FIELDS.contains(field.getKey()) ? value : LogMasker.number(value));
        }
        return out;
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

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String nullToDash(String value) {
        return value == null ? "\u2014" : value;
    }
}
