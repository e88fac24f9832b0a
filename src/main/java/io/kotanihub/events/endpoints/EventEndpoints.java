package io.kotanihub.events.endpoints;

import java.util.List;
import java.util.stream.IntStream;

import org.apache.camel.util.URISupport;
import org.springframework.stereotype.Component;

/** The configured {@code hub.events.endpoints}, each with the name it is known by: its URI with secrets masked. */
@Component
public class EventEndpoints {

    /** One configured endpoint: its URI as configured and its name (secrets masked, the key of its position). */
    public record Endpoint(int index, String uri, String name) {
    }

    private final List<Endpoint> endpoints;

    public EventEndpoints(EventEndpointsProperties properties) {
        List<String> uris = properties.getEndpoints();
        this.endpoints = IntStream.range(0, uris.size())
                .mapToObj(i -> new Endpoint(i, uris.get(i), masked(uris.get(i))))
                .toList();
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
