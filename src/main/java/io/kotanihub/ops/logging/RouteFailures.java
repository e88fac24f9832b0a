package io.kotanihub.ops.logging;

import java.util.Set;

import io.kotanihub.common.logging.LogText;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.ExchangeHelper;
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

    /** Consumers whose failed exchange nobody waits for: they poll or fire again, whether the failure is handled. */
    private static final Set<String> SELF_RETRYING = Set.of("timer", "scheduler", "seda", "file");

    /** The exchange's caught exception, logged once with where it happened. */
    public void log(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause == null) {
            cause = exchange.getException();
        }
        String route = failedRoute(exchange);
        if (route == null) {
            route = exchange.getFromRouteId();
        }
        LOG.error("route {} failed{} (exchange {}): {}", route, about(exchange), exchange.getExchangeId(),
                summary(cause), cause);
    }

    /**
     * Whether the shared error handling may mark the failure handled once it is logged: only in the route that
     * consumed the exchange from a timer, scheduler, seda or file endpoint (nobody waits for the outcome: the hub's
     * seda producers send one way, the consumer fires or polls again, a dropped file stays in the inbox), so that the
     * consumer does not log it a second time. Everywhere else (Kafka, whose offset must not be committed; a direct
     * route, whose caller must see the failure; HTTP; a sub-route of any of them) it stays unhandled.
     */
    public boolean handled(Exchange exchange) {
        Endpoint from = exchange.getFromEndpoint();
        String route = failedRoute(exchange);
        if (from == null || route == null || !route.equals(exchange.getFromRouteId())) {
            return false;
        }
        String uri = from.getEndpointUri();
        int colon = uri.indexOf(':');
        return colon > 0 && SELF_RETRYING.contains(uri.substring(0, colon));
    }

    /** The route the failure happened in, when Camel says so (null otherwise). */
    private static String failedRoute(Exchange exchange) {
        Route current = ExchangeHelper.getRoute(exchange);
        return current != null ? current.getRouteId() : exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class);
    }

    /** The exception and, when it wraps others, its root cause: class and message, bounded. */
    static String summary(Throwable cause) {
        if (cause == null) {
            return "no exception recorded";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (root != cause) {
            text += " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return LogText.value(text, 400);
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
