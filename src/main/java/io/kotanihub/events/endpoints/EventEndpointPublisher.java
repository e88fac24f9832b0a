package io.kotanihub.events.endpoints;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kotanihub.bridge.BridgeEventFeed;
import io.kotanihub.events.KafkaEventPublisher;
import io.kotanihub.events.KotaniEventFeed;
import io.kotanihub.events.KotaniEventMessage;
import io.kotanihub.events.LedgerEvent;
import io.kotanihub.events.PaymentEvent;
import io.kotanihub.events.PaymentEventFeed;
import io.kotanihub.common.logging.LogMasker;
import io.kotanihub.common.logging.LogText;
import io.kotanihub.invoices.InvoiceEventFeed;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers the event log to one endpoint of {@code hub.events.endpoints} from its durable position. In one
 * transaction: take the endpoint's row in {@code event_endpoints} for update (one hub instance delivers to an endpoint
 * at a time; other endpoints have rows of their own and are not held back), read the entries after its position,
 * hand each to {@code direct:hub-event-to-endpoint} in {@code seq} order, and move the position past those delivered.
 * A failed send stops the round there: the position keeps every event before it, the endpoint waits
 * {@code hub.events.retry-initial}, doubled per consecutive failure up to {@code hub.events.retry-max}, and then
 * resends from that event (at least once; in order).
 * <p>
 * The messages are those of the Kafka topics: the JSON of a {@link PaymentEvent}, of a {@link KotaniEventMessage}, or
 * of a crypto-bridge or receivables event ({@link LedgerEvent#body()}), with the headers
 * {@value KafkaEventPublisher#TYPE_HEADER} ({@code payment.status.updated}, {@code kotani.event},
 * {@code bridge.status.updated}, {@code bridge.refund.required}, {@code payment_link.created}, ...),
 * {@value #KEY_HEADER} (the reference, the provider reference, the invoice reference, or {@code kotani:<event>}; also
 * as {@code kafka.KEY} for a {@code kafka:} endpoint) and {@value #ID_HEADER} (the event's id:
 * {@code payment-<eventId>}, {@code kotani-<kotaniEventId>}, {@code bridge-<event_id>} or {@code invoice-<eventId>}).
 * <p>
 * The Kafka events topic ({@code hub.kafka.enabled}) is one of these endpoints: its messages go through
 * {@value EventEndpoints#KAFKA_ROUTE} with the topic's own headers ({@value KafkaEventPublisher#TYPE_HEADER},
 * {@code kafka.KEY}), a bridge event's through {@value EventEndpoints#BRIDGE_KAFKA_ROUTE} to the bridge's events topic
 * with its key alone, and it skips the events the Kafka relays of earlier versions had published already. So is the
 * ERP outbox: each payment status change, bridge event and receivables event goes to
 * {@value EventEndpoints#ERP_ROUTE}, which writes its deliveries in this round's transaction, so that the outbox rows
 * and the position commit together (Kotani events are forwarded to the ERP by the webhook applier).
 */
@Component
public class EventEndpointPublisher {

    /** The ordering key of an event: its reference, or {@code kotani:<event>} for a Kotani event without one. */
    public static final String KEY_HEADER = "kotani-hub-event-key";
    /** The event's unique id, to drop a redelivered duplicate: {@code payment-<eventId>} or {@code kotani-<id>}. */
    public static final String ID_HEADER = "kotani-hub-event-id";
    /** The variable naming the endpoint {@code direct:hub-event-to-endpoint} sends to. */
    public static final String ENDPOINT_VARIABLE = "kotaniHubEventEndpoint";

    private static final Logger LOG = LoggerFactory.getLogger(EventEndpointPublisher.class);

    private record Position(long deliveredSeq, int attempts, OffsetDateTime nextAttemptAt) {
    }

    private record Entry(long seq, String kind, long sourceId) {
    }

    /**
     * One message for an endpoint; {@code topicRoute}: where the Kafka events topic's endpoint sends it instead of its
     * own route (null: its own), {@code typeOnTopic}: whether the Kafka topic's message carries the type header.
     */
    private record Outgoing(String key, String type, String id, byte[] body, String topicRoute, boolean typeOnTopic) {
        Outgoing(String key, String type, String id, byte[] body) {
            this(key, type, id, body, null, true);
        }
    }

    /** The event log's kinds, each with the source table whose rows it logs. */
    private static final Map<String, String> TABLES = Map.of(EventLog.PAYMENT, "payment_status_history",
            EventLog.KOTANI, "kotani_webhook_events", EventLog.BRIDGE, "bridge_events",
            EventLog.INVOICE, "invoice_events");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final EventEndpoints endpoints;
    private final EventEndpointsProperties properties;
    private final PaymentEventFeed payments;
    private final KotaniEventFeed kotani;
    private final BridgeEventFeed bridge;
    private final InvoiceEventFeed invoices;
    private final ProducerTemplate producer;
    private final ObjectMapper json;

    public EventEndpointPublisher(JdbcTemplate jdbc, PlatformTransactionManager transactions, EventEndpoints endpoints,
                                  EventEndpointsProperties properties, PaymentEventFeed payments,
                                  KotaniEventFeed kotani, BridgeEventFeed bridge, InvoiceEventFeed invoices,
                                  ProducerTemplate producer, ObjectMapper json) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.endpoints = endpoints;
        this.properties = properties;
        this.payments = payments;
        this.kotani = kotani;
        this.bridge = bridge;
        this.invoices = invoices;
        this.producer = producer;
        this.json = json;
    }

    /** Makes sure every configured endpoint has its position row (a new endpoint starts at the log's beginning). */
    public void register() {
        for (EventEndpoints.Endpoint endpoint : endpoints.all()) {
            Integer known = jdbc.queryForObject("select count(*) from event_endpoints where endpoint = ?", Integer.class,
                    endpoint.name());
            if (known != null && known == 0) {
                try {
                    jdbc.update("insert into event_endpoints (endpoint, delivered_seq, attempts, updated_at) "
                            + "values (?, 0, 0, ?)", endpoint.name(), now());
                } catch (DuplicateKeyException anotherInstanceWasFirst) {
                    LOG.debug("event endpoint {} registered by another instance", endpoint.name());
                }
            }
        }
    }

    /**
     * One round for the endpoint at {@code index} of {@code hub.events.endpoints}: returns how many events it
     * delivered (0 when nothing is pending, when it is waiting to retry, or when its first send failed).
     */
    public int deliver(int index) {
        EventEndpoints.Endpoint endpoint = endpoints.get(index);
        Integer delivered = tx.execute(status -> round(endpoint));
        return delivered == null ? 0 : delivered;
    }

    private int round(EventEndpoints.Endpoint endpoint) {
        List<Position> rows = jdbc.query("select delivered_seq, attempts, next_attempt_at from event_endpoints "
                + "where endpoint = ? for update", (rs, i) -> new Position(rs.getLong(1), rs.getInt(2),
                rs.getObject(3, OffsetDateTime.class)), endpoint.name());
        if (rows.isEmpty()) {
            register();
            return 0;
        }
        long position = rows.get(0).deliveredSeq();
        int attempts = rows.get(0).attempts();
        OffsetDateTime nextAttempt = rows.get(0).nextAttemptAt();
        if (nextAttempt != null && nextAttempt.isAfter(now())) {
            return 0;
        }
        List<Entry> entries = jdbc.query("select seq, kind, source_id from event_log where seq > ? order by seq "
                        + "fetch first " + properties.getBatchSize() + " rows only",
                (rs, i) -> new Entry(rs.getLong(1), rs.getString(2), rs.getLong(3)), position);
        if (entries.isEmpty()) {
            return 0;
        }
        Map<Long, PaymentEvent> paymentEvents = payments.events(ids(entries, EventLog.PAYMENT));
        Map<Long, KotaniEventFeed.Message> kotaniEvents = kotani.messages(ids(entries, EventLog.KOTANI));
        Map<String, LedgerEvent> ledgerEvents = new HashMap<>();
        bridge.events(ids(entries, EventLog.BRIDGE)).values().forEach(e -> ledgerEvents.put(key(e), e));
        invoices.events(ids(entries, EventLog.INVOICE)).values().forEach(e -> ledgerEvents.put(key(e), e));
        Set<String> handedOverBefore = endpoint.kafkaTopic() ? handedOverBefore(entries, "kafka_published_at")
                : endpoint.erpOutbox() ? handedOverBefore(entries, "erp_enqueued_at") : Set.of();
        long delivered = position;
        int sent = 0;
        for (Entry entry : entries) {
            Object outgoing = handedOverBefore.contains(entry.kind() + ":" + entry.sourceId()) ? null
                    : endpoint.erpOutbox() ? erpEvent(entry, paymentEvents, ledgerEvents)
                    : outgoing(entry, paymentEvents, kotaniEvents, ledgerEvents);
            if (outgoing != null) {
                Exception failure = outgoing instanceof Outgoing message ? send(endpoint, message)
                        : enqueue(endpoint, outgoing);
                if (failure != null) {
                    failed(endpoint, delivered, attempts + 1, failure, sent);
                    return 0;
                }
                sent++;
            }
            delivered = entry.seq();
        }
        jdbc.update("update event_endpoints set delivered_seq = ?, attempts = 0, next_attempt_at = null, "
                + "last_error = null, last_delivered_at = case when ? > 0 then ? else last_delivered_at end, "
                + "updated_at = ? where endpoint = ?", delivered, sent, now(), now(), endpoint.name());
        if (attempts > 0) {
            LOG.info("event endpoint {} delivers again after {} failed attempt(s)", endpoint.name(), attempts);
        }
        return entries.size();
    }

    /**
     * The entries whose event the relay of earlier versions handed over already (its own mark, {@code column}, on the
     * source row: {@code kafka_published_at} for the Kafka topic, {@code erp_enqueued_at} for the ERP outbox), as
     * {@code kind:sourceId}: the endpoint skips them rather than hand them over twice.
     */
    private Set<String> handedOverBefore(List<Entry> entries, String column) {
        Set<String> done = new HashSet<>();
        for (String kind : List.of(EventLog.PAYMENT, EventLog.KOTANI, EventLog.BRIDGE, EventLog.INVOICE)) {
            if (EventLog.KOTANI.equals(kind) && !"kafka_published_at".equals(column)) {
                continue;
            }
            List<Long> ids = ids(entries, kind);
            if (ids.isEmpty()) {
                continue;
            }
            String table = TABLES.get(kind);
            jdbc.queryForList("select id from " + table + " where " + column + " is not null and id in ("
                            + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")", Long.class, ids.toArray())
                    .forEach(id -> done.add(kind + ":" + id));
        }
        return done;
    }

    private static String key(LedgerEvent event) {
        return event.kind() + ":" + event.id();
    }

    private static List<Long> ids(List<Entry> entries, String kind) {
        return entries.stream().filter(e -> kind.equals(e.kind())).map(Entry::sourceId).toList();
    }

    /**
     * The event of an entry for the ERP outbox: a {@link PaymentEvent} or a bridge or receivables {@link LedgerEvent};
     * none for a Kotani event (the webhook applier forwards those to the ERP itself, when it decides they are events
     * of their own).
     */
    private static Object erpEvent(Entry entry, Map<Long, PaymentEvent> paymentEvents,
                                   Map<String, LedgerEvent> ledgerEvents) {
        return EventLog.PAYMENT.equals(entry.kind()) ? paymentEvents.get(entry.sourceId())
                : EventLog.KOTANI.equals(entry.kind()) ? null : ledgerEvents.get(entry.kind() + ":" + entry.sourceId());
    }

    /** Hands one event to the ERP outbox route; it writes in this round's transaction (same thread). */
    private Exception enqueue(EventEndpoints.Endpoint endpoint, Object event) {
        return producer.send(endpoint.uri(), exchange -> exchange.getMessage().setBody(event)).getException();
    }

    private void failed(EventEndpoints.Endpoint endpoint, long delivered, int attempts, Exception failure, int sent) {
        Duration wait = backoff(attempts);
        String error = LogText.value(LogMasker.mask(String.valueOf(failure.getMessage())), 480);
        jdbc.update("update event_endpoints set delivered_seq = ?, attempts = ?, next_attempt_at = ?, last_error = ?, "
                        + "last_delivered_at = case when ? > 0 then ? else last_delivered_at end, updated_at = ? "
                        + "where endpoint = ?",
                delivered, attempts, now().plus(wait), error, sent, now(), now(), endpoint.name());
        LOG.warn("event endpoint {}: delivery failed (attempt {}), retrying in {}: {}: {}", endpoint.name(), attempts,
                wait, failure.getClass().getSimpleName(), error);
    }

    Duration backoff(int attempts) {
        Duration wait = properties.getRetryInitial();
        for (int i = 1; i < attempts && wait.compareTo(properties.getRetryMax()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(properties.getRetryMax()) > 0 ? properties.getRetryMax() : wait;
    }

    private Outgoing outgoing(Entry entry, Map<Long, PaymentEvent> paymentEvents,
                              Map<Long, KotaniEventFeed.Message> kotaniEvents, Map<String, LedgerEvent> ledgerEvents) {
        if (EventLog.PAYMENT.equals(entry.kind())) {
            PaymentEvent event = paymentEvents.get(entry.sourceId());
            return event == null ? null : new Outgoing(event.reference(), KafkaEventPublisher.PAYMENT_EVENT,
                    "payment-" + event.eventId(), toJson(event));
        }
        if (!EventLog.KOTANI.equals(entry.kind())) {
            LedgerEvent event = ledgerEvents.get(entry.kind() + ":" + entry.sourceId());
            if (event == null) {
                return null;
            }
            byte[] body = event.body().getBytes(StandardCharsets.UTF_8);
            String id = event.kind().toLowerCase(Locale.ROOT) + "-" + event.id();
            // the bridge's events topic carries the key alone; receivables events share the payments' events topic
            return EventLog.BRIDGE.equals(event.kind())
                    ? new Outgoing(event.key(), event.type(), id, body, EventEndpoints.BRIDGE_KAFKA_ROUTE, false)
                    : new Outgoing(event.key(), event.type(), id, body);
        }
        KotaniEventFeed.Message message = kotaniEvents.get(entry.sourceId());
        return message == null ? null : new Outgoing(message.key(), KotaniEventMessage.TYPE,
                "kotani-" + message.kotaniEventId(), toJson(message.body()));
    }

    private Exception send(EventEndpoints.Endpoint endpoint, Outgoing outgoing) {
        Exchange result = producer.send("direct:hub-event-to-endpoint", exchange -> {
            Map<String, Object> headers = new HashMap<>();
            if (!endpoint.kafkaTopic() || outgoing.typeOnTopic()) {
                headers.put(KafkaEventPublisher.TYPE_HEADER, outgoing.type());
            }
            if (!endpoint.kafkaTopic()) {
                headers.put(KEY_HEADER, outgoing.key());
                headers.put(ID_HEADER, outgoing.id());
            }
            if (endpoint.kafkaTopic() || endpoint.uri().startsWith("kafka:")) {
                headers.put("kafka.KEY", outgoing.key());
            }
            exchange.getMessage().setHeaders(headers);
            exchange.getMessage().setBody(outgoing.body());
            exchange.setVariable(ENDPOINT_VARIABLE, endpoint.kafkaTopic() && outgoing.topicRoute() != null
                    ? outgoing.topicRoute() : endpoint.uri());
        });
        return result.getException();
    }

    private byte[] toJson(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event cannot be written as JSON", e);
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
