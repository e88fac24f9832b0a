package io.kotanihub.sandbox.webhooks;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The sandbox's own compact JSON writer that reproduces JavaScript's {@code JSON.stringify} byte for byte
 * (REFERENCE §19.2): members in insertion order, no whitespace, non-ASCII written literally, no {@code /} escaping,
 * {@code \b \f \n \r \t} in short form, every other control character (and every lone surrogate) as a lowercase
 * {@code &#92;u00xx}, and numbers as ECMAScript's Number::toString prints the IEEE double they denote.
 */
public final class JsJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsJson() { }

    /** {@code JSON.stringify(node)}. */
    public static String stringify(JsonNode node) {
        StringBuilder out = new StringBuilder(256);
        write(node, out);
        return out.toString();
    }

    /** {@code JSON.stringify({event, data})}: the canonical string a signed webhook's signature covers. */
    public static String eventEnvelope(String event, JsonNode data) {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"event\":");
        string(event, out);
        out.append(",\"data\":");
        write(data, out);
        out.append('}');
        return out.toString();
    }

    static void write(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            out.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(member.getKey(), out);
                out.append(':');
                write(member.getValue(), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else if (node.isNumber()) {
            out.append(number(node.doubleValue()));
        } else if (node.isTextual()) {
            string(node.textValue(), out);
        } else {
            string(node.asText(), out);
        }
    }

    /** JSON.stringify of a string: QuoteJSONString of ECMAScript 2019+ (well-formed, lone surrogates escaped). */
    static void string(String value, StringBuilder out) {
        out.append('"');
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        unicodeEscape(c, out);
                    } else if (Character.isHighSurrogate(c) && i + 1 < length
                            && Character.isLowSurrogate(value.charAt(i + 1))) {
                        out.append(c).append(value.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        unicodeEscape(c, out);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void unicodeEscape(char c, StringBuilder out) {
        out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
    }

    /**
     * ECMAScript Number::toString(x) as JSON.stringify uses it (NaN and the infinities become {@code null}):
     * the shortest decimal digits that round-trip to the same double, in plain form for exponents from -6 to 20
     * and in exponent form ({@code 1e+21}, {@code 1.5e-7}) outside that range.
     */
    public static String number(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return "null";
        }
        if (x == 0) {
            return "0";
        }
        if (x < 0) {
            return "-" + number(-x);
        }
        BigDecimal shortest = shortestRoundTrip(x);
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        int n = k - shortest.scale();
        StringBuilder out = new StringBuilder(32);
        if (k <= n && n <= 21) {
            out.append(digits);
            out.append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            out.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            out.append(digits.charAt(0));
            if (k > 1) {
                out.append('.').append(digits, 1, k);
            }
            int exponent = n - 1;
            out.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
        }
        return out.toString();
    }

    /**
     * The decimal s × 10^e with the fewest significant digits that reads back as {@code x} (x positive, finite);
     * among candidates with that many digits, the one closest to {@code x} (ties: even last digit). Trailing zeros
     * are stripped. Only the two neighbours of x at each precision can be closest, and if any value with that many
     * digits reads back as x, one of the two does.
     */
    static BigDecimal shortestRoundTrip(double x) {
        BigDecimal exact = new BigDecimal(x);
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal down = exact.round(new MathContext(precision, RoundingMode.FLOOR));
            BigDecimal up = exact.round(new MathContext(precision, RoundingMode.CEILING));
            boolean downOk = down.doubleValue() == x;
            boolean upOk = up.doubleValue() == x;
            if (downOk && upOk) {
                int cmp = exact.subtract(down).compareTo(up.subtract(exact));
                if (cmp == 0) {
                    BigDecimal even = down.unscaledValue().testBit(0) ? up : down;
                    return even.stripTrailingZeros();
                }
                return (cmp < 0 ? down : up).stripTrailingZeros();
            }
            if (downOk) {
                return down.stripTrailingZeros();
            }
            if (upOk) {
                return up.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }
}
