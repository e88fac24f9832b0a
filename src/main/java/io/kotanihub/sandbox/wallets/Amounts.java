package io.kotanihub.sandbox.wallets;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Set;

/**
 * Money arithmetic of the sandbox: amounts are {@link BigDecimal} end to end, rendered like JavaScript numbers
 * ({@code 1000}, {@code 38.5}: no trailing zeros, never an exponent).
 */
public final class Amounts {

    private Amounts() { }

    /** Currencies Kotani handles in whole units (§1: "whole units for KES/UGX/TZS and similar"). */
    private static final Set<String> WHOLE_UNITS = Set.of("KES", "UGX", "TZS", "RWF", "XOF", "XAF", "GNF", "MWK",
            "CDF", "SLE");

    /** Decimal places of a currency: 0 for the whole-unit ones, 2 otherwise. */
    public static int precision(String currency) {
        return currency != null && WHOLE_UNITS.contains(currency.toUpperCase(Locale.ROOT)) ? 0 : 2;
    }

    /** Rounds half-up to the currency's precision. */
    public static BigDecimal round(BigDecimal amount, String currency) {
        return amount.setScale(precision(currency), RoundingMode.HALF_UP);
    }

    /** The value as JavaScript would print it: trailing zeros stripped, no exponent ({@code 1000}, not {@code 1E+3}). */
    public static BigDecimal plain(BigDecimal amount) {
        if (amount == null) {
            return null;
        }
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
