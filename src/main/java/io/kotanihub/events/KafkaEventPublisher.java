package io.kotanihub.events;

/**
 * The Kafka events topic's message contract. Its messages are published by the event log's endpoint for the topic
 * ({@code io.kotanihub.events.endpoints}: with {@code hub.kafka.enabled} the topic is one of the endpoints that read
 * the event log, each from its own durable position) through the {@code direct:publish-payment-event} route (which
 * owns the Kafka details): payment status changes (the {@link PaymentEvent} itself, key = reference) and Kotani's own
 * events (a {@link KotaniEventMessage}, key = reference or {@code kotani:<event>}). The {@value #TYPE_HEADER} header
 * tells them apart: {@value #PAYMENT_EVENT} or {@value KotaniEventMessage#TYPE}.
 */
public final class KafkaEventPublisher {

    /** Kafka header naming what a message on the events topic is. */
    public static final String TYPE_HEADER = "kotani-hub-event-type";
    /** {@value #TYPE_HEADER} of a payment status change. */
    public static final String PAYMENT_EVENT = "payment.status.updated";

    private KafkaEventPublisher() {
    }
}
