package io.kotanihub.sandbox.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Collects every validation problem of a request body, then fails with Kotani's 400
 * ({@code "Validation failed: a, b"}, {@code data.errors}) listing all of them.
 */
public final class Validation {
    private final JsonNode body;
    private final List<String> errors = new ArrayList<>();

    private Validation(JsonNode body) {
        this.body = body;
    }

    public static Validation of(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new SandboxApiException(400, "Validation failed: request body must be a JSON object",
                    Map.of("errors", List.of("request body must be a JSON object")));
        }
        return new Validation(body);
    }

    public JsonNode body() { return body; }

    public Validation requireString(String field) {
        return requireString(body, field, field);
    }

    public Validation requireString(JsonNode node, String field, String label) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull() || !value.isTextual() || value.asText().isBlank()) {
            errors.add(label + " should not be empty");
        }
        return this;
    }

    public Validation requirePositiveNumber(String field) {
        return requirePositiveNumber(body, field, field);
    }

    public Validation requirePositiveNumber(JsonNode node, String field, String label) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isNumber() || value.decimalValue().compareTo(BigDecimal.ZERO) <= 0) {
            errors.add(label + " must be a positive number");
        }
        return this;
    }

    public Validation requireObject(String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isObject()) {
            errors.add(field + " must be an object");
        }
        return this;
    }

    public Validation requireOneOf(String field, List<String> allowed) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || !allowed.contains(value.asText())) {
            errors.add(field + " must be one of the following values: " + String.join(", ", allowed));
        }
        return this;
    }

    public Validation check(boolean ok, String error) {
        if (!ok) {
            errors.add(error);
        }
        return this;
    }

    public void validate() {
        if (!errors.isEmpty()) {
            throw new SandboxApiException(400, "Validation failed: " + String.join(", ", errors),
                    Map.of("errors", List.copyOf(errors)));
        }
    }
}
