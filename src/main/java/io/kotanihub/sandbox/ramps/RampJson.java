package io.kotanihub.sandbox.ramps;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.JsonNode;

/** Small helpers for reading request bodies and writing Kotani-style values (ISO timestamps with milliseconds). */
public final class RampJson {

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private RampJson() { }

    /** {@code 2025-01-01T00:00:00.000Z}, or null. */
    public static String iso(Instant at) {
        return at == null ? null : ISO_MILLIS.format(at);
    }

    /** The member as text when it is a non-blank string, else null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText().trim() : null;
    }

    /** The member as a number when it is a JSON number, else null. */
    public static BigDecimal number(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isNumber() ? value.decimalValue() : null;
    }

    /** The member when it is a JSON object, else null. */
    public static JsonNode object(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isObject() ? value : null;
    }

    /** True when the member is present with any value other than JSON null. */
    public static boolean present(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && !value.isNull();
    }

    /** Last four characters, for logs (phone and account numbers are never logged in full). */
    public static String mask(String value) {
        if (value == null) {
            return null;
        }
        return value.length() <= 4 ? "****" : "****" + value.substring(value.length() - 4);
    }
}
