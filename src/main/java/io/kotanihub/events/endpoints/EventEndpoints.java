package io.kotanihub.events.endpoints;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.util.URISupport;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The endpoints that read the event log, each with the name it is known by (its URI with secrets masked): the
 * configured {@code hub.events.endpoints}; with {@code hub.kafka.enabled} the Kafka events topic, named
 * {@code kafka:<hub.kafka.events-topic>} and sent through {@value #KAFKA_ROUTE} (the route that owns the Kafka
 * settings) with the topic's own headers (the bridge's events through {@value #BRIDGE_KAFKA_ROUTE} to the bridge's
 * events topic); and always the ERP webhooks, named {@value #ERP_NAME}: each payment status change, crypto-bridge
 * event and receivables event handed to {@value #ERP_ROUTE}, which writes it into the ERP delivery outbox (its
 * targets: the ERP URL, and for a payment the command's own callback URL) in the same transaction as the endpoint's
 * position.
 */
@Component
public class EventEndpoints {

    /** Where the Kafka events topic's messages are handed over (routes/kafka-events.camel.yaml). */
    public static final String KAFKA_ROUTE = "direct:publish-payment-event";
    /** Where the Kafka endpoint hands over the crypto-bridge's events, to their own topic (routes/bridge-kafka.camel.yaml). */
    public static final String BRIDGE_KAFKA_ROUTE = "direct:publish-bridge-event";
    /** Where each payment status change is handed to the ERP delivery outbox (routes/erp-webhooks.camel.yaml). */
    public static final String ERP_ROUTE = "direct:erp-webhooks-enqueue";
    /** The ERP webhooks' name as an endpoint of the event log. */
    public static final String ERP_NAME = "erp-webhooks";

    /** What an endpoint is: one of {@code hub.events.endpoints}, the Kafka events topic or the ERP outbox. */
    public enum Kind { CONFIGURED, KAFKA_TOPIC, ERP_OUTBOX }

    /**
     * One endpoint: the URI its events are sent to, its name (secrets masked, the key of its position) and its kind
     * (the Kafka topic's messages carry only the topic's headers; the ERP outbox takes the payment event itself; both
     * skip the events their relays of earlier versions had handed over already).
     */
    public record Endpoint(int index, String uri, String name, Kind kind) {
        public Endpoint(int index, String uri, String name) {
            this(index, uri, name, Kind.CONFIGURED);
        }

        public boolean kafkaTopic() {
            return kind == Kind.KAFKA_TOPIC;
        }

        public boolean erpOutbox() {
            return kind == Kind.ERP_OUTBOX;
        }
    }

    private final List<Endpoint> endpoints;

    public EventEndpoints(EventEndpointsProperties properties,
                          @Value("${hub.kafka.enabled:false}") boolean kafka,
                          @Value("${hub.kafka.events-topic:kotani.payments.events}") String kafkaEventsTopic) {
        List<String> uris = properties.getEndpoints();
        List<Endpoint> all = new ArrayList<>();
        for (int i = 0; i < uris.size(); i++) {
            all.add(new Endpoint(i, uris.get(i), masked(uris.get(i))));
        }
        if (kafka) {
            all.add(new Endpoint(all.size(), KAFKA_ROUTE, masked("kafka:" + kafkaEventsTopic), Kind.KAFKA_TOPIC));
        }
        all.add(new Endpoint(all.size(), ERP_ROUTE, ERP_NAME, Kind.ERP_OUTBOX));
        this.endpoints = List.copyOf(all);
    }

    public List<Endpoint> all() {
        return endpoints;
    }

    public Endpoint get(int index) {
        return endpoints.get(index);
    }

    /** The URI with passwords, tokens and other secret options masked (Camel's own rules), at most 1000 characters. */
    public static String masked(String uri) {
        String masked = URISupport.sanitizeUri(uri);
        return masked.length() > 1000 ? masked.substring(0, 1000) : masked;
    }
}
