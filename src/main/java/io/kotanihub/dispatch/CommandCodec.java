package io.kotanihub.dispatch;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.kotanihub.model.PaymentCommand;

/**
 * The canonical JSON of a payment command as the ledger stores it, and its content hash. Canonical: properties and
 * map keys sorted, nulls left out, the amount as a plain decimal without trailing zeros ({@code 100.50} and
 * {@code 100.5} are the same money), so that the same command from any ingress has the same hash.
 */
public final class CommandCodec {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private CommandCodec() { }

    /** The canonical form of an amount: exact, no exponent, no trailing zeros. */
    public static BigDecimal canonicalAmount(BigDecimal amount) {
        if (amount == null) {
            return null;
        }
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    public static String toJson(PaymentCommand command) {
        PaymentCommand canonical = new PaymentCommand(command.reference(), command.type(), command.method(),
                canonicalAmount(command.amount()), command.currency(), command.country(), command.recipient(),
                command.narration(), command.metadata(), command.callbackUrl(), command.crypto());
        try {
            return JSON.writeValueAsString(canonical);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payment command cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static PaymentCommand fromJson(String json) {
        try {
            return JSON.readValue(json, PaymentCommand.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored payment command is not readable: " + e.getOriginalMessage(), e);
        }
    }

    /** SHA-256 (hex) of the canonical JSON. */
    public static String hash(String canonicalJson) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(canonicalJson.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
