package io.kotanihub.sandbox.bridge;

import java.math.BigDecimal;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ValueNode;

/** Small JSON, time and id helpers of the sandbox's crypto bridge. */
final class BridgeJson {

    static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    private BridgeJson() { }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    /** An amount as a plain JSON number: integral values without a fraction, others without trailing zeros. */
    static ValueNode amount(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() <= 0) {
            return BigIntegerNode.valueOf(stripped.toBigIntegerExact());
        }
        return DecimalNode.valueOf(stripped);
    }

    static String iso(Instant instant) {
        return instant == null ? null : ISO_MILLIS.format(instant);
    }

    /** An ISO-8601 instant ({@code Z} or an offset), or null when it is not one. */
    static Instant parseInstant(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        String text = node.asText();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    static boolean isHttpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static String randomUpper(int length) {
        return random(UPPER_ALNUM, length);
    }

    static String randomHex(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return HexFormat.of().formatHex(buffer);
    }

    /** A testnet-style Lightning invoice for {@code amountMsat} (not decodable; the sandbox only compares it). */
    static String bolt11(long amountMsat) {
        return "lntb" + Math.max(1, amountMsat / 1000) + "n1p" + random(BECH32, 52);
    }

    /** A Kotani-owned on-chain address for refunds on {@code chain}. */
    static String fallbackAddress(String chain) {
        return switch (chain) {
            case "LIGHTNING" -> "tb1q" + random(BECH32, 38);
            case "SOLANA" -> random(BASE58, 44);
            case "STELLAR" -> "G" + random("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 55);
            default -> "0x" + randomHex(20);
        };
    }

    private static String random(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
