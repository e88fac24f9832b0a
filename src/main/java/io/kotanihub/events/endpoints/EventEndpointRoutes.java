package io.kotanihub.events.endpoints;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Once the routes are loaded, registers each endpoint of {@code hub.events.endpoints} (its position row) and gives it
 * a delivery route of its own from the template {@code hub-events-endpoint} ({@code routes/event-endpoints.camel.yaml}).
 */
@Component
public class EventEndpointRoutes implements CamelContextConfiguration {

    private static final String TEMPLATE = "hub-events-endpoint";
    private static final Logger LOG = LoggerFactory.getLogger(EventEndpointRoutes.class);

    private final EventEndpoints endpoints;
    private final EventEndpointPublisher publisher;

    public EventEndpointRoutes(EventEndpoints endpoints, EventEndpointPublisher publisher) {
        this.endpoints = endpoints;
        this.publisher = publisher;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        // nothing before the routes are loaded
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        Model model = camelContext.getCamelContextExtension().getContextPlugin(Model.class);
        if (endpoints.all().isEmpty() || model == null || model.getRouteTemplateDefinition(TEMPLATE) == null) {
            return;  // no endpoint, or a hub started without its routes (a test of the ledger alone)
        }
        publisher.register();
        for (EventEndpoints.Endpoint endpoint : endpoints.all()) {
            TemplatedRouteBuilder.builder(camelContext, TEMPLATE)
                    .routeId("hub-events-endpoint-" + endpoint.index())
                    .parameter("index", endpoint.index())
                    .add();
            LOG.info("events go to endpoint {}", endpoint.name());
        }
    }
}
