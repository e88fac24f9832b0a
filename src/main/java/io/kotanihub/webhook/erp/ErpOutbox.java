package io.kotanihub.webhook.erp;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kotanihub.common.logging.PaymentMdc;
import io.kotanihub.events.KotaniEventMessage;
import io.kotanihub.events.LedgerEvent;
import io.kotanihub.events.PaymentEvent;
import io.kotanihub.webhook.StandardWebhooks;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The durable outbox of ERP webhooks. Every payment status change in the ledger is written here by the event log's ERP
 * endpoint (one row per target:
 * the ERP URL and the command's own callback URL) before anything is sent, and so is every crypto-bridge and
 * receivables event (to the ERP URL); deliveries are attempted on the retry
 * schedule, in order per reference and target, each through {@value #POST_ROUTE} (camel-http), and only a 2xx counts. Exhausted deliveries stay as DEAD until replayed.
 * Kotani webhooks that are not payment status changes (refunds, settlements, unknown events) are forwarded through the
 * same outbox as their own event type ({@link #forwardKotaniEvent}).
 */
@Component
public class ErpOutbox {

    private static final Logger LOG = LoggerFactory.getLogger(ErpOutbox.class);
    /** The {@code type} of a forwarded Kotani webhook (its own event name is in {@code data.event}). */
    public static final String KOTANI_EVENT_TYPE = KotaniEventMessage.TYPE;

    /** The route that POSTs one signed delivery through camel-http (routes/erp-webhooks.camel.yaml). */
    static final String POST_ROUTE = "direct:erp-webhook-post";

    private static final String COLUMNS = "id, event_id, kotani_event_id, message_id, reference, target_url, payload, state, attempts, "
            + "next_attempt_at, last_status, last_error, created_at, delivered_at";

    private final JdbcTemplate jdbc;
    private final ErpWebhookProperties properties;
    private final ObjectMapper json;
    private final ProducerTemplate producer;

    public ErpOutbox(JdbcTemplate jdbc, ErpWebhookProperties properties, ObjectMapper json,
                     ProducerTemplate producer) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.json = json;
        this.producer = producer;
    }

    /**
     * Writes the outbox rows of one payment status change: one per target (the ERP URL, the command's own callback
     * URL), none when neither is set. Called by the event log's ERP endpoint, in its transaction (the rows commit with
     * its position; a round that fails rolls them back and is retried).
     */
    public void enqueue(PaymentEvent event) {
        Set<String> targets = new LinkedHashSet<>();
        if (properties.getWebhookUrl() != null && !properties.getWebhookUrl().isBlank()) {
            targets.add(properties.getWebhookUrl().strip());
        }
        if (event.callbackUrl() != null && !event.callbackUrl().isBlank()) {
            targets.add(event.callbackUrl().strip());
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        int n = 0;
        for (String target : targets) {
            jdbc.update("insert into erp_deliveries (event_id, message_id, reference, target_url, payload, state, "
                            + "attempts, next_attempt_at, created_at, updated_at) values (?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?)",
                    event.eventId(), "msg_" + event.eventId() + "_" + n++, event.reference(), target, payload(event),
                    now.plus(properties.getRetrySchedule().isEmpty() ? Duration.ZERO
                            : properties.getRetrySchedule().get(0)), now, now);
        }
    }

    /**
     * Writes the outbox rows that forward one received Kotani webhook ({@code type} {@value #KOTANI_EVENT_TYPE}) to
     * the ERP. Idempotent: forwarding the same event again (after a crash before it was marked processed) writes
     * nothing new. Events without a reference are ordered among themselves by event name.
     *
     * @param data Kotani's {@code data} member exactly as received (numbers exact)
     * @return true when it is in the outbox (now or already), false when no ERP URL is configured
     */
    public boolean forwardKotaniEvent(long kotaniEventId, String eventName, String reference, Instant receivedAt,
                                  JsonNode data) {
        String webhookUrl = properties.getWebhookUrl();
        if (webhookUrl == null || webhookUrl.isBlank()) {
            return false;
        }
        Map<String, Object> body = KotaniEventMessage.body(kotaniEventId, eventName, reference, receivedAt, data);
        String payload;
        try {
            payload = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Kotani event " + kotaniEventId + " cannot be written as JSON", e);
        }
        insertOnce("kotani_event_id", kotaniEventId, "msg_kotani_" + kotaniEventId,
                KotaniEventMessage.orderingKey(reference, eventName), webhookUrl, payload);
        return true;
    }

    /**
     * Writes the outbox row of a crypto-bridge or receivables event ({@link #enqueueBridgeEvent},
     * {@link #enqueueInvoiceEvent}). Called by the event log's ERP endpoint, in its transaction, like
     * {@link #enqueue(PaymentEvent)}.
     */
    public void enqueueLedgerEvent(LedgerEvent event) {
        if (LedgerEvent.BRIDGE.equals(event.kind())) {
            enqueueBridgeEvent(event.id(), event.key(), event.erpPayload());
        } else if (LedgerEvent.INVOICE.equals(event.kind())) {
            enqueueInvoiceEvent(event.id(), event.key(), event.erpPayload());
        } else {
            throw new IllegalArgumentException("no ERP webhook for events of kind " + event.kind());
        }
    }

    /**
     * Writes the outbox row of one crypto-bridge event (a transfer's status change or refund instruction) for the
     * ERP. Idempotent per event: enqueuing the same event again (after a crash before it was marked) writes nothing.
     *
     * @param payload the whole webhook body ({@code type}, {@code timestamp}, {@code data})
     * @return true when it is in the outbox (now or already), false when no ERP URL is configured
     */
    public boolean enqueueBridgeEvent(long bridgeEventId, String providerReference, String payload) {
        String webhookUrl = properties.getWebhookUrl();
        if (webhookUrl == null || webhookUrl.isBlank()) {
            return false;
        }
        insertOnce("bridge_event_id", bridgeEventId, "msg_bridge_" + bridgeEventId,
                KotaniEventMessage.orderingKey("bridge:" + providerReference, null), webhookUrl, payload);
        return true;
    }

    /**
     * Writes the outbox row of one receivables event (a payment link created, a payment through it, an invoice's
     * status) for the ERP. Idempotent per event, like {@link #enqueueBridgeEvent}.
     *
     * @param payload the whole webhook body ({@code type}, {@code timestamp}, {@code data})
     * @return true when it is in the outbox (now or already), false when no ERP URL is configured
     */
    public boolean enqueueInvoiceEvent(long invoiceEventId, String invoiceReference, String payload) {
        String webhookUrl = properties.getWebhookUrl();
        if (webhookUrl == null || webhookUrl.isBlank()) {
            return false;
        }
        insertOnce("invoice_event_id", invoiceEventId, "msg_invoice_" + invoiceEventId,
                KotaniEventMessage.orderingKey("invoice:" + invoiceReference, null), webhookUrl, payload);
        return true;
    }

    /**
     * Inserts one pending delivery of an event that is not a payment status change, keyed by its source event
     * ({@code sourceColumn} = {@code sourceId}); a second insert for the same event and target writes nothing.
     */
    private void insertOnce(String sourceColumn, long sourceId, String messageId, String orderingKey, String webhookUrl,
                            String payload) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.update("insert into erp_deliveries (" + sourceColumn + ", message_id, reference, target_url, payload, "
                        + "state, attempts, next_attempt_at, created_at, updated_at) "
                        + "values (?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?) on conflict do nothing",
                sourceId, messageId, orderingKey, webhookUrl.strip(), payload,
                now.plus(properties.getRetrySchedule().isEmpty() ? Duration.ZERO : properties.getRetrySchedule().get(0)),
                now, now);
    }

    private String payload(PaymentEvent event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "payment.status.updated");
        body.put("timestamp", event.at() == null ? null : event.at().toString());
        body.put("data", event);
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + event.eventId() + " cannot be written as JSON", e);
        }
    }

    /** Attempts the deliveries that are due (the oldest pending one per reference and target); returns how many. */
    public int deliverDue() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<ErpDelivery> due = jdbc.query("select " + COLUMNS + " from erp_deliveries d where d.state = 'PENDING' "
                + "and d.next_attempt_at <= ? and not exists (select 1 from erp_deliveries e where e.reference = d.reference "
                + "and e.target_url = d.target_url and e.state = 'PENDING' and e.id < d.id) order by d.next_attempt_at, d.id "
                + "fetch first " + Math.max(1, properties.getBatchSize()) + " rows only", (rs, i) -> map(rs), now);
        int attempted = 0;
        for (ErpDelivery delivery : due) {
            OffsetDateTime lease = now.plus(properties.getTimeout().multipliedBy(3));
            int leased = jdbc.update("update erp_deliveries set next_attempt_at = ?, updated_at = ? where id = ? "
                    + "and state = 'PENDING' and attempts = ?", lease, now, delivery.id(), delivery.attempts());
            if (leased == 1) {
                try (PaymentMdc ignored = PaymentMdc.of(delivery.reference(), null)) {
                    attempt(delivery);
                }
                attempted++;
            }
        }
        return attempted;
    }

    private void attempt(ErpDelivery delivery) {
        Integer status = null;
        String error = null;
        try {
            byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
            Map<String, String> signature = new StandardWebhooks(properties.getWebhookSecret())
                    .sign(delivery.messageId(), Instant.now(), body);
            Exchange answer = producer.send(POST_ROUTE, exchange -> {
                exchange.getMessage().setHeaders(new LinkedHashMap<>(signature));
                exchange.getMessage().setHeader(Exchange.HTTP_URI, delivery.targetUrl());
                exchange.getMessage().setBody(body);
                exchange.setVariable("erpTimeoutMillis", properties.getTimeout().toMillis());
            });
            if (answer.getException() != null) {
                Exception e = answer.getException();
                error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } else {
                status = answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
                if (status == null || status / 100 != 2) {
                    error = "HTTP " + status;
                }
            }
        } catch (Exception e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        record(delivery, status, error);
    }

    private void record(ErpDelivery delivery, Integer status, String error) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        int attempts = delivery.attempts() + 1;
        if (error == null) {
            jdbc.update("update erp_deliveries set state = 'DELIVERED', attempts = ?, last_status = ?, last_error = null, "
                    + "delivered_at = ?, updated_at = ? where id = ?", attempts, status, now, now, delivery.id());
            return;
        }
        List<Duration> schedule = properties.getRetrySchedule();
        boolean dead = attempts >= schedule.size();
        OffsetDateTime next = dead ? now : now.plus(schedule.get(attempts));
        jdbc.update("update erp_deliveries set state = ?, attempts = ?, last_status = ?, last_error = ?, "
                        + "next_attempt_at = ?, updated_at = ? where id = ?", dead ? "DEAD" : "PENDING", attempts, status,
                error.length() > 2000 ? error.substring(0, 2000) : error, next, now, delivery.id());
        if (dead) {
            LOG.warn("ERP delivery {} of {} is dead after {} attempts: {}", delivery.id(), delivery.reference(), attempts, error);
        } else {
            LOG.info("ERP delivery {} of {} failed ({}), next attempt at {}", delivery.id(), delivery.reference(), error, next);
        }
    }

    public List<ErpDelivery> list(String state, int limit) {
        return jdbc.query("select " + COLUMNS + " from erp_deliveries where state = ? order by id desc fetch first "
                + Math.max(1, Math.min(limit, 1000)) + " rows only", (rs, i) -> map(rs), state);
    }

    public Optional<ErpDelivery> find(long id) {
        return jdbc.query("select " + COLUMNS + " from erp_deliveries where id = ?", (rs, i) -> map(rs), id)
                .stream().findFirst();
    }

    /** A DEAD delivery goes back to PENDING with a fresh schedule; false when it is not dead. */
    public boolean replay(long id) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return jdbc.update("update erp_deliveries set state = 'PENDING', attempts = 0, next_attempt_at = ?, "
                + "updated_at = ? where id = ? and state = 'DEAD'", now, now, id) == 1;
    }

    private static ErpDelivery map(ResultSet rs) throws SQLException {
        return new ErpDelivery(rs.getLong("id"), rs.getObject("event_id", Long.class),
                rs.getObject("kotani_event_id", Long.class), rs.getString("message_id"),
                rs.getString("reference"), rs.getString("target_url"), rs.getString("payload"), rs.getString("state"),
                rs.getInt("attempts"), instant(rs, "next_attempt_at"), (Integer) rs.getObject("last_status", Integer.class),
                rs.getString("last_error"), instant(rs, "created_at"), instant(rs, "delivered_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** For the REST API: a delivery without its payload bytes' internals. */
    public static Map<String, Object> view(ErpDelivery d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", d.id());
        out.put("eventId", d.eventId());
        out.put("kotaniEventId", d.kotaniEventId());
        out.put("messageId", d.messageId());
        out.put("reference", d.reference());
        out.put("targetUrl", d.targetUrl());
        out.put("state", d.state());
        out.put("attempts", d.attempts());
        out.put("nextAttemptAt", d.nextAttemptAt());
        out.put("lastStatus", d.lastStatus());
        out.put("lastError", d.lastError());
        out.put("createdAt", d.createdAt());
        out.put("deliveredAt", d.deliveredAt());
        return out;
    }
}
