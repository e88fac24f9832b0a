package io.kotanihub.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes pending ledger events through the {@code direct:publish-payment-event} route (which owns the Kafka
 * details), synchronously, inside the feed's transaction.
 */
@Component
public class KafkaEventPublisher {

    private final PaymentEventFeed feed;
    private final ProducerTemplate producer;
    private final ObjectMapper json;

    public KafkaEventPublisher(PaymentEventFeed feed, ProducerTemplate producer, ObjectMapper json) {
        this.feed = feed;
        this.producer = producer;
        this.json = json;
    }

    /** Returns how many events were published in this round. */
    public int publishPending() {
        return feed.publishPending(PaymentEventFeed.Channel.KAFKA, 500, event -> producer.sendBodyAndHeader(
                "direct:publish-payment-event", toJson(event), "kafka.KEY", event.reference()));
    }

    private byte[] toJson(PaymentEvent event) {
        try {
            return json.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + event.eventId() + " cannot be written as JSON", e);
        }
    }
}
