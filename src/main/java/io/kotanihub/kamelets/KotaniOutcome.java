package io.kotanihub.kamelets;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.kotanihub.kotani.KotaniErrorClassifier;
import io.kotanihub.kotani.KotaniResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The last step of every Kotani sink and action Kamelet: classifies the HTTP answer (or the failed call) with the
 * hub's {@link KotaniErrorClassifier} and tells the result in headers, leaving Kotani's answer body as the body:
 * {@value #OUTCOME} ({@code ACCEPTED}, {@code REJECTED}, {@code RATE_LIMITED}, {@code UNKNOWN} or {@code NOT_SENT}),
 * {@value #STATUS} (the HTTP status, 0 when none arrived), {@value #MESSAGE} (Kotani's message or what went wrong)
 * and, for {@code RATE_LIMITED}, {@value #RETRY_AFTER} (seconds to wait). The classified answer itself is left in the
 * exchange property {@value KotaniResponse#EXCHANGE_PROPERTY} (kotani-hub's own calls read it from there). Kotani's
 * JSON is read as UTF-8 (RFC 8259), whatever the answer's content type says.
 */
public final class KotaniOutcome {

    public static final String OUTCOME = "kotaniOutcome";
    public static final String STATUS = "kotaniStatusCode";
    public static final String MESSAGE = "kotaniMessage";
    public static final String RETRY_AFTER = "kotaniRetryAfterSeconds";

    private static final KotaniErrorClassifier CLASSIFIER = new KotaniErrorClassifier(KotaniErrorClassifier.EXACT_JSON);

    private KotaniOutcome() { }

    /** Classifies the answer camel-http left on the exchange (called with {@code throwExceptionOnFailure=false}). */
    public static void answered(Exchange exchange) {
        Message in = exchange.getMessage();
        Integer status = in.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        byte[] bytes = in.getBody(byte[].class);
        String body = bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        KotaniResponse response = CLASSIFIER.classify(status == null ? 0 : status, body,
                in.getHeader("Retry-After", String.class), Instant.now());
        tell(exchange, response);
        in.setBody(body);
    }

    /** Classifies a call that ended with an exception (no complete answer): NOT_SENT or UNKNOWN. */
    public static void failed(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        KotaniResponse response = CLASSIFIER.failure(error != null ? error : new IllegalStateException("no answer"));
        tell(exchange, response);
        exchange.getMessage().setBody(null);
    }

    private static void tell(Exchange exchange, KotaniResponse response) {
        exchange.setProperty(KotaniResponse.EXCHANGE_PROPERTY, response);
        Message in = exchange.getMessage();
        in.setHeader(OUTCOME, response.outcome().name());
        in.setHeader(STATUS, response.httpStatus());
        in.setHeader(MESSAGE, response.message());
        if (response.retryAfter() != null) {
            in.setHeader(RETRY_AFTER, response.retryAfter().toSeconds());
        } else {
            in.removeHeader(RETRY_AFTER);
        }
    }
}
