package io.kotanihub.events;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes pending ledger events through the {@code direct:publish-payment-event} route (which owns the Kafka
 * details), synchronously, inside each feed's transaction: payment status changes ({@link PaymentEventFeed}, the
 * {@link PaymentEvent} itself, key = reference) and Kotani's own events ({@link KotaniEventFeed}, a
 * {@link KotaniEventMessage}, key = reference or {@code kotani:<event>}). The {@value #TYPE_HEADER} header tells
 * them apart: {@value #PAYMENT_EVENT} or {@value KotaniEventMessage#TYPE}.
 */
@Component
public class KafkaEventPublisher {

    /** Kafka header naming what a message on the events topic is. */
    public static final String TYPE_HEADER = "kotani-hub-event-type";
    /** {@value #TYPE_HEADER} of a payment status change. */
    public static final String PAYMENT_EVENT = "payment.status.updated";

    private static final int BATCH = 500;

    private final PaymentEventFeed feed;
    private final KotaniEventFeed kotaniEvents;
    private final ProducerTemplate producer;
    private final ObjectMapper json;

    public KafkaEventPublisher(PaymentEventFeed feed, KotaniEventFeed kotaniEvents, ProducerTemplate producer,
                               ObjectMapper json) {
        this.feed = feed;
        this.kotaniEvents = kotaniEvents;
        this.producer = producer;
        this.json = json;
    }

    /** Returns how many events were published in this round. */
    public int publishPending() {
        int payments = feed.publishPending(PaymentEventFeed.Channel.KAFKA, BATCH, event ->
                send(event.reference(), PAYMENT_EVENT, toJson(event, "event " + event.eventId())));
        int kotani = kotaniEvents.publishPending(BATCH, message -> send(message.key(), KotaniEventMessage.TYPE,
                toJson(message.body(), "Kotani event " + message.kotaniEventId())));
        return payments + kotani;
    }

    private void send(String key, String type, byte[] body) {
        producer.sendBodyAndHeaders("direct:publish-payment-event", body, Map.of("kafka.KEY", key, TYPE_HEADER, type));
    }

    private byte[] toJson(Object value, String what) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(what + " cannot be written as JSON", e);
        }
    }
}
