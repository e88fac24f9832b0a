package io.kotanihub.events;

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

    public KafkaEventPublisher(PaymentEventFeed feed, ProducerTemplate producer) {
        this.feed = feed;
        this.producer = producer;
    }

    /** Returns how many events were published in this round. */
    public int publishPending() {
        return feed.publishPending(PaymentEventFeed.Channel.KAFKA, 500, event -> producer.sendBodyAndHeader("direct:publish-payment-event", event,
                "kafka.KEY", event.reference()));
    }
}
