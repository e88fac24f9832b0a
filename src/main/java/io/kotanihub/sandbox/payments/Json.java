package io.kotanihub.sandbox.payments;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.wallets.Amounts;

/** Small helpers for reading request bodies and building ordered response objects. */
final class Json {

    /** Keeps BigDecimals exactly as given (no normalisation by the factory). */
    static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private Json() { }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    /** A non-blank text member, trimmed, or null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull() || !value.isValueNode()) {
            return null;
        }
        String text = value.asText().trim();
        return text.isEmpty() ? null : text;
    }

    static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || !value.isNumber() ? null : value.decimalValue();
    }

    /** ISO-8601 with milliseconds, UTC ({@code 2025-01-01T00:00:00.000Z}). */
    static String time(Instant instant) {
        if (instant == null) {
            return null;
        }
        String text = instant.truncatedTo(ChronoUnit.MILLIS).toString();
        return text.length() == 20 ? text.substring(0, 19) + ".000Z" : text;
    }

    static void putAmount(ObjectNode node, String field, BigDecimal amount) {
        if (amount == null) {
            node.putNull(field);
        } else {
            node.put(field, Amounts.plain(amount));
        }
    }
}
