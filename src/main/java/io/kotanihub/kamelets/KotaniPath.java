package io.kotanihub.kamelets;

import io.kotanihub.kotani.KotaniKamelets;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The request steps of the Kotani Kamelets that name a resource or a page: the body becomes a URL-encoded path
 * segment ({@code CamelHttpPath}, appended to the Kamelet's path), and the {@value KotaniKamelets#QUERY} header
 * becomes the query string, passed through exactly as given (every parameter).
 */
public final class KotaniPath {

    private KotaniPath() { }

    /** The body (the path parameter) as the path segment, encoded as kotani-hub encodes it; no request body. */
    public static void parameter(Exchange exchange) {
        Message in = exchange.getMessage();
        String parameter = in.getBody(String.class);
        in.setHeader(Exchange.HTTP_PATH, KotaniKamelets.encode(parameter == null ? "" : parameter));
        in.setBody(null);
    }

    /** The {@value KotaniKamelets#QUERY} header, when there is one, as the query string. */
    public static void query(Exchange exchange) {
        Message in = exchange.getMessage();
        String query = in.getHeader(KotaniKamelets.QUERY, String.class);
        in.removeHeader(KotaniKamelets.QUERY);
        if (query != null && !query.isBlank()) {
            in.setHeader(Exchange.HTTP_QUERY, query.startsWith("?") ? query.substring(1) : query);
        }
    }
}
