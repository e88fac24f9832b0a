package io.kotanihub.kotani;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * One answer from Kotani, classified (see {@link KotaniErrorClassifier}). {@code data} is the envelope's
 * {@code data} member (a missing node when there is none); {@code message} is Kotani's message or, when nothing
 * usable arrived, what went wrong on the way.
 */
public record KotaniResponse(Outcome outcome, int httpStatus, String message, JsonNode data, Duration retryAfter) {

    /** The exchange property where the Kotani Kamelets leave the classified answer. */
    public static final String EXCHANGE_PROPERTY = "kotaniResponse";

    public enum Outcome {
        /** 2xx with a readable body: Kotani did it. */
        ACCEPTED,
        /** 429: nothing was done; try again after {@code retryAfter}. */
        RATE_LIMITED,
        /** Another 4xx: Kotani refused with {@code message}; sending the same again will not help. */
        REJECTED,
        /**
         * A timeout, a reset or cut-off connection, a 5xx or an unreadable answer: Kotani may or may not have done
         * it. Ask its status endpoint before doing anything else.
         */
        UNKNOWN,
        /** The connection could not even be opened: nothing reached Kotani. */
        NOT_SENT
    }

    public static KotaniResponse unknown(String reason) {
        return new KotaniResponse(Outcome.UNKNOWN, 0, reason, MissingNode.getInstance(), null);
    }

    public static KotaniResponse notSent(String reason) {
        return new KotaniResponse(Outcome.NOT_SENT, 0, reason, MissingNode.getInstance(), null);
    }

    public boolean accepted() {
        return outcome == Outcome.ACCEPTED;
    }

    /** Kotani answered 404: it has no such resource (e.g. "Reference Id not found", "Customer not found."). */
    public boolean notFound() {
        return outcome == Outcome.REJECTED && httpStatus == 404;
    }

    /** A text field of {@code data}, or null. */
    public String text(String field) {
        JsonNode value = data.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
