package io.kotanihub.ops.logging;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Logs an unexpected failure of a route once: at ERROR, with its stack trace, the route where it failed, the exchange
 * id and what the exchange was about (the HTTP method and path, the file name, or the Kafka topic, partition and
 * offset), never the message body or headers. Called by the shared error handling of
 * {@code routes/error-handling.camel.yaml}, the webhook routes' own handlers and the REST API's problem writer.
 */
@Component("routeFailures")
public class RouteFailures {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFailures.class);

    /** The exchange's caught exception, logged once with where it happened. */
    public void log(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause == null) {
            cause = exchange.getException();
        }
        String route = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class);
        if (route == null) {
            route = exchange.getFromRouteId();
        }
        LOG.error("route {} failed{} (exchange {}): {}", route, about(exchange), exchange.getExchangeId(),
                cause == null ? "no exception recorded" : LogText.value(cause.getClass().getSimpleName() + ": "
                        + cause.getMessage(), 300), cause);
    }

    /** " on POST /api/v1/batches", " on file payroll.csv", " on Kafka topic/partition@offset", or nothing. */
    public static String about(Exchange exchange) {
        var message = exchange.getMessage();
        String path = message.getHeader(Exchange.HTTP_URI, String.class);
        if (path == null) {
            path = message.getHeader(Exchange.HTTP_PATH, String.class);
        }
        if (path != null) {
            String method = message.getHeader(Exchange.HTTP_METHOD, String.class);
            return " on " + (method == null ? "" : LogText.value(method, 10) + " ") + LogText.value(path, 300);
        }
        String file = message.getHeader(Exchange.FILE_NAME, String.class);
        if (file != null) {
            return " on file " + LogText.value(file, 300);
        }
        Object topic = message.getHeader("kafka.TOPIC");
        if (topic != null) {
            return " on Kafka " + LogText.value(topic) + "/" + message.getHeader("kafka.PARTITION") + "@"
                    + message.getHeader("kafka.OFFSET");
        }
        return "";
    }
}
