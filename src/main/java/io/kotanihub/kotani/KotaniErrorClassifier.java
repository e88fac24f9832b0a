package io.kotanihub.kotani;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.kotanihub.kotani.KotaniResponse.Outcome;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;

/**
 * Turns what came back from Kotani into a {@link KotaniResponse}. Only the HTTP status decides (Kotani's advice,
 * REFERENCE §2.2: {@code success} and {@code error_code} are not on every error):
 * <ul>
 *   <li>2xx with a JSON body → ACCEPTED (a 2xx whose body cannot be read is UNKNOWN: it cannot be confirmed);</li>
 *   <li>429 → RATE_LIMITED with the wait of {@link RetryAfter};</li>
 *   <li>other 4xx → REJECTED with Kotani's message (Shape A, Shape B or legacy; a NestJS message array is joined);</li>
 *   <li>5xx, 1xx/3xx, an unreadable answer, a timeout or a broken connection → UNKNOWN;</li>
 *   <li>a connection that could not be opened → NOT_SENT: refused ({@link ConnectException}, camel-http's
 *       {@code HttpHostConnectException} is one), timed out while connecting ({@link HttpConnectTimeoutException},
 *       Apache HttpClient's {@link ConnectTimeoutException}), no route or no address for the host, or no pooled
 *       connection free in time ({@link ConnectionRequestTimeoutException}): nothing was written.</li>
 * </ul>
 * A read timeout ({@link java.net.SocketTimeoutException} once connected) is UNKNOWN.
 */
public final class KotaniErrorClassifier {

    /** Exact decimals in and out (amounts are never binary floating point, {@code 150.50} stays as written). */
    public static final ObjectMapper EXACT_JSON = JsonMapper.builder()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private final ObjectMapper json;

    public KotaniErrorClassifier(ObjectMapper json) {
        this.json = json;
    }

    /** An HTTP answer that arrived completely. */
    public KotaniResponse classify(int status, String body, String retryAfterHeader, Instant receivedAt) {
        JsonNode parsed = parse(body);
        String message = message(parsed);
        JsonNode data = parsed == null ? MissingNode.getInstance() : parsed.path("data");
        if (parsed != null && (parsed.isArray() || (parsed.isObject() && !parsed.has("data") && !parsed.has("success")))) {
            // answers Kotani documents without its envelope (bulk payments, §15, §22.15): the body is the data
            data = parsed;
        }
        if (status >= 200 && status < 300) {
            if (parsed == null || !(parsed.isObject() || parsed.isArray())) {
                return KotaniResponse.unknown("HTTP " + status + " with an unreadable body");
            }
            return new KotaniResponse(Outcome.ACCEPTED, status, message, data, null);
        }
        if (status == 429) {
            return new KotaniResponse(Outcome.RATE_LIMITED, status, message,
                    data, RetryAfter.parse(parsed, retryAfterHeader, receivedAt));
        }
        if (status >= 400 && status < 500) {
            return new KotaniResponse(Outcome.REJECTED, status,
                    message != null ? message : "HTTP " + status, data, null);
        }
        return new KotaniResponse(Outcome.UNKNOWN, status,
                "HTTP " + status + (message != null ? ": " + message : ""), data, null);
    }

    /** A call that ended without a complete answer. */
    public KotaniResponse failure(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException
                    || cause instanceof UnresolvedAddressException || cause instanceof ConnectTimeoutException
                    || cause instanceof ConnectionRequestTimeoutException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException) {
                return KotaniResponse.notSent("cannot connect to Kotani: " + describe(error));
            }
        }
        if (error instanceof IOException) {
            return KotaniResponse.unknown("no complete answer from Kotani: " + describe(error));
        }
        return KotaniResponse.unknown("call to Kotani failed: " + describe(error));
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }

    /** Kotani's message in any of its error shapes; null when there is none. */
    static String message(JsonNode body) {
        if (body == null) {
            return null;
        }
        JsonNode message = body.get("message");
        if (message != null && message.isArray()) {
            List<String> parts = new ArrayList<>();
            message.forEach(m -> parts.add(m.asText()));
            return String.join(", ", parts);
        }
        if (message != null && !message.isNull() && !message.asText().isBlank()) {
            return message.asText();
        }
        JsonNode error = body.get("error");
        return error != null && error.isTextual() ? error.asText() : null;
    }

    private static String describe(Throwable error) {
        String text = error.getMessage();
        return error.getClass().getSimpleName() + (text == null ? "" : " (" + text + ")");
    }
}
