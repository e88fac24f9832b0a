package io.kotanihub.events.endpoints;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.util.URISupport;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The endpoints that read the event log, each with the name it is known by (its URI with secrets masked): the
 * configured {@code hub.events.endpoints} and, with {@code hub.kafka.enabled}, the Kafka events topic, named
 * {@code kafka:<hub.kafka.events-topic>} and sent through {@value #KAFKA_ROUTE} (the route that owns the Kafka
 * settings), with the Kafka topic's own headers.
 */
@Component
public class EventEndpoints {

    /** Where the Kafka events topic's messages are handed over (routes/kafka-events.camel.yaml). */
    public static final String KAFKA_ROUTE = "direct:publish-payment-event";

    /**
     * One endpoint: the URI its events are sent to, its name (secrets masked, the key of its position) and whether it
     * is the Kafka events topic (its messages carry only the topic's headers; an event the Kafka relay of earlier
     * versions published already is not sent again).
     */
    public record Endpoint(int index, String uri, String name, boolean kafkaTopic) {
        public Endpoint(int index, String uri, String name) {
            this(index, uri, name, false);
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
            all.add(new Endpoint(all.size(), KAFKA_ROUTE, masked("kafka:" + kafkaEventsTopic), true));
        }
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
