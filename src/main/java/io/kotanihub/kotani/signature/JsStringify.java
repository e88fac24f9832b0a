package io.kotanihub.kotani.signature;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Writes a parsed JSON tree exactly as JavaScript's {@code JSON.stringify(JSON.parse(text))} would (ECMA-262
 * SerializeJSONProperty): compact, members in JavaScript's property order, non-ASCII characters written literally,
 * {@code /} not escaped, {@code \b \f \n \r \t} in short form, other control characters and unpaired surrogates as
 * lowercase six-character escapes (backslash, {@code u00}, two lowercase hex digits), numbers as {@link JsNumbers} prints them.
 *
 * <p>JavaScript's property order is insertion order, except that keys which are array indices ({@code "0"} to
 * {@code "4294967294"} in canonical form) come first in ascending numeric order; that is reproduced here.
 */
public final class JsStringify {

    private static final long MAX_ARRAY_INDEX = 4_294_967_294L;

    private JsStringify() { }

    /** The JSON.stringify text of a tree read by {@link KotaniJson} (numbers must still be exact). */
    public static String stringify(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, out);
            case ARRAY -> writeArray(node, out);
            case STRING -> quote(node.textValue(), out);
            case NUMBER -> out.append(JsNumbers.fromJsonNumber(exact(node)));
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
        }
    }

    private static BigDecimal exact(JsonNode number) {
        return number.isBigInteger() || number.isIntegralNumber()
                ? new BigDecimal(number.bigIntegerValue())
                : number.decimalValue();
    }

    private static void writeObject(JsonNode object, StringBuilder out) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> member : inJavaScriptOrder(object)) {
            if (!first) {
                out.append(',');
            }
            first = false;
            quote(member.getKey(), out);
            out.append(':');
            write(member.getValue(), out);
        }
        out.append('}');
    }

    private static void writeArray(JsonNode array, StringBuilder out) {
        out.append('[');
        for (int i = 0; i < array.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            write(array.get(i), out);
        }
        out.append(']');
    }

    private static List<Map.Entry<String, JsonNode>> inJavaScriptOrder(JsonNode object) {
        List<Map.Entry<String, JsonNode>> indices = new ArrayList<>();
        List<Map.Entry<String, JsonNode>> others = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            (isArrayIndex(member.getKey()) ? indices : others).add(member);
        }
        if (indices.isEmpty()) {
            return others;
        }
        indices.sort(Comparator.comparingLong(member -> Long.parseLong(member.getKey())));
        indices.addAll(others);
        return indices;
    }

    static boolean isArrayIndex(String key) {
        int length = key.length();
        if (length == 0 || length > 10 || (length > 1 && key.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return Long.parseLong(key) <= MAX_ARRAY_INDEX;
    }

    private static void quote(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
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
                    } else if (Character.isHighSurrogate(c)
                            && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
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
        String hex = Integer.toHexString(c);
        out.append("\\u").append("0".repeat(4 - hex.length())).append(hex);
    }
}
