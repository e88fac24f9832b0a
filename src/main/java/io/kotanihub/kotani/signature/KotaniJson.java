package io.kotanihub.kotani.signature;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads a Kotani webhook body into an order-preserving tree with exact numbers (the raw digits as
 * {@code BigInteger}/{@code BigDecimal}, never through a double), strictly: no comments, no trailing content, and no
 * member named twice in one object (JavaScript would silently keep the last one, which would let two readers of the
 * same body disagree about what was signed).
 */
public final class KotaniJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .build();

    private KotaniJson() { }

    /** The body as a JSON object; {@link MalformedJsonException} when it is not valid JSON or not an object. */
    public static ObjectNode readObject(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new MalformedJsonException("body is not valid JSON", e);
        }
        if (node == null || !node.isObject()) {
            throw new MalformedJsonException("body is not a JSON object", null);
        }
        return (ObjectNode) node;
    }

    /** The body is not a JSON object (unreadable, truncated, or another kind of JSON value). */
    public static final class MalformedJsonException extends RuntimeException {
        MalformedJsonException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
