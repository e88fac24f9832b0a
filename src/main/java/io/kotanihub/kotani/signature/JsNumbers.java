package io.kotanihub.kotani.signature;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers as JavaScript prints them ({@code Number.prototype.toString()}, ECMA-262 Number::toString, which
 * {@code JSON.stringify} uses): the shortest decimal digits that read back as the same double, integral values
 * without a decimal point, and exponent form below 1e-6 and from 1e21 on ({@code 1e+21}, {@code 1.5e-7}).
 *
 * <p>Java 17's {@link Double#toString(double)} does not always give the shortest digits, so the digits are computed
 * here from the exact binary value: the smallest precision at which a neighbouring decimal reads back as the same
 * double, and of two such neighbours the nearer one (the even one on a tie), as the specification asks.
 */
public final class JsNumbers {

    /** Decimal digits that any double keeps (DBL_DIG). */
    private static final int DIGITS_ALWAYS_RECOVERED = 15;

    private JsNumbers() { }

    /**
     * A JSON number token as JavaScript reads it ({@code JSON.parse}: the nearest double) and writes it back. Values
     * too large for a double become {@code null}, as {@code JSON.stringify(Infinity)} does.
     */
    public static String fromJsonNumber(BigDecimal exactValueAsReceived) {
        double value = Double.parseDouble(exactValueAsReceived.toString());
        BigDecimal received = exactValueAsReceived.stripTrailingZeros();
        if (received.precision() <= DIGITS_ALWAYS_RECOVERED && Math.abs(value) >= Double.MIN_NORMAL
                && !Double.isInfinite(value)) {
            // Decimals of up to 15 digits survive the trip through a double: they are the shortest digits.
            return format(received.signum() < 0 ? "-" : "", received.unscaledValue().abs().toString(),
                    received.precision() - received.scale());
        }
        return toJsString(value);
    }

    /** {@code JSON.stringify(value)} for a double. */
    public static String toJsString(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "null";
        }
        if (value == 0) {
            return "0"; // also -0
        }
        if (value < 0) {
            return "-" + toJsString(-value);
        }
        BigDecimal shortest = shortestRoundTrip(value).stripTrailingZeros();
        return format("", shortest.unscaledValue().toString(), shortest.precision() - shortest.scale());
    }

    /** Number::toString's layout of {@code digits × 10^(n - k)}, k being the number of digits. */
    private static String format(String sign, String digits, int n) {
        int k = digits.length();
        if (k <= n && n <= 21) {
            return sign + digits + "0".repeat(n - k);
        }
        if (0 < n && n <= 21) {
            return sign + digits.substring(0, n) + "." + digits.substring(n);
        }
        if (-6 < n && n <= 0) {
            return sign + "0." + "0".repeat(-n) + digits;
        }
        int exponent = n - 1;
        String mantissa = k == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent >= 0 ? "+" : "-") + Math.abs(exponent);
    }

    private static BigDecimal shortestRoundTrip(double value) {
        BigDecimal exact = new BigDecimal(value);
        // Rounding down (or up) to 20 digits first and then to fewer gives the same as rounding the exact value
        // directly, and keeps the repeated roundings cheap for values with hundreds of exact digits.
        BigDecimal floor20 = exact.round(new MathContext(20, RoundingMode.FLOOR));
        BigDecimal ceiling20 = exact.round(new MathContext(20, RoundingMode.CEILING));
        // If a precision has a neighbour that reads back, every higher one has too (it lies between that neighbour
        // and the exact value), so the smallest such precision can be found by bisection; 17 always works.
        int lowest = 1;
        int highest = 17;
        while (lowest < highest) {
            int precision = (lowest + highest) >>> 1;
            if (readsBack(floor20, precision, RoundingMode.FLOOR, value)
                    || readsBack(ceiling20, precision, RoundingMode.CEILING, value)) {
                highest = precision;
            } else {
                lowest = precision + 1;
            }
        }
        if (lowest == 17) {
            return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
        }
        BigDecimal below = floor20.round(new MathContext(lowest, RoundingMode.FLOOR));
        BigDecimal above = ceiling20.round(new MathContext(lowest, RoundingMode.CEILING));
        boolean belowReadsBack = readsBackAs(below, value);
        boolean aboveReadsBack = readsBackAs(above, value);
        if (belowReadsBack && aboveReadsBack) {
            return nearer(exact, below, above);
        }
        return belowReadsBack ? below : above;
    }

    private static boolean readsBack(BigDecimal start, int precision, RoundingMode direction, double value) {
        return readsBackAs(start.round(new MathContext(precision, direction)), value);
    }

    private static boolean readsBackAs(BigDecimal candidate, double value) {
        return Double.parseDouble(candidate.toString()) == value;
    }

    private static BigDecimal nearer(BigDecimal exact, BigDecimal below, BigDecimal above) {
        int comparison = exact.subtract(below).compareTo(above.subtract(exact));
        if (comparison != 0) {
            return comparison < 0 ? below : above;
        }
        return below.unscaledValue().testBit(0) ? above : below;
    }
}
