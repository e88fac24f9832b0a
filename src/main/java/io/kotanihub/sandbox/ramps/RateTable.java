package io.kotanihub.sandbox.ramps;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sandbox's fixed exchange-rate table and fee schedule (rates do not move in the sandbox, so tests can predict
 * every amount). All arithmetic is exact {@link BigDecimal}; each result is rounded once, to the precision of its
 * currency.
 *
 * <p>Every code is priced in units per one US dollar:
 * <pre>
 *   USD 1        KES 129.5    UGX 3700     TZS 2650     GHS 15.5     ZAR 18.25    NGN 1550
 *   CUSD, USDC, USDT, USDT0, USDGLO 1      CKES 129.5   CGHS 15.5
 *   BTC 0.00019425     SAT 19425     MSAT 19425000
 * </pre>
 * (BTC is priced so that 1 KES = 0.0000015 BTC, the crypto bridge's price of §16.2: one BTC price across the
 * sandbox.)
 * The rate from A to B (units of B per one A, the {@code value} string of §11) is {@code perUsd(B) / perUsd(A)}
 * quoted to 10 decimal places (half-even); conversions of amounts do not go through that quoted string but compute
 * {@code amount * perUsd(B) / perUsd(A)} exactly and round once.
 *
 * <p>Precision (REFERENCE §1 "Amounts"): KES, UGX, TZS whole units; other fiat 2 decimals; dollar tokens 6 decimals;
 * BTC 8; SAT and MSAT whole units.
 *
 * <p>Fees (fiat, rounded half-up to the fiat precision): onramp 1.5 % of the fiat amount (added on top: the customer
 * pays fiatAmount + fee), offramp 1.5 % of the fiat value (deducted: the recipient gets fiat value - fee),
 * collections and payouts quoted by {@code POST /rate/fiat} 1 % each.
 */
public final class RateTable {

    public static final BigDecimal ONRAMP_FEE_RATE = new BigDecimal("0.015");
    public static final BigDecimal OFFRAMP_FEE_RATE = new BigDecimal("0.015");
    public static final BigDecimal FIAT_FEE_RATE = new BigDecimal("0.01");

    /** Decimal places of the quoted {@code value} strings. */
    public static final int VALUE_SCALE = 10;

    private record Entry(BigDecimal perUsd, int precision, boolean token) { }

    private static final Map<String, Entry> TABLE = new LinkedHashMap<>();

    static {
        fiat("USD", "1", 2);
        fiat("KES", "129.5", 0);
        fiat("UGX", "3700", 0);
        fiat("TZS", "2650", 0);
        fiat("GHS", "15.5", 2);
        fiat("ZAR", "18.25", 2);
        fiat("NGN", "1550", 2);
        token("CUSD", "1", 6);
        token("USDC", "1", 6);
        token("USDT", "1", 6);
        token("USDT0", "1", 6);
        token("USDGLO", "1", 6);
        token("CKES", "129.5", 6);
        token("CGHS", "15.5", 6);
        token("BTC", "0.00019425", 8);
        token("SAT", "19425", 0);
        token("MSAT", "19425000", 0);
    }

    /** The Chain enum of REFERENCE §1. */
    public static final List<String> CHAINS = List.of("ETHEREUM", "CELO", "AVALANCHE", "POLYGON", "ARBITRUM",
            "OPTIMISM", "BINANCE", "STELLAR", "TRON", "FUSE", "LIGHTNING", "SOLANA", "PROVENANCE", "CARDANO",
            "HEDERA", "BASE", "LISK", "VICTION", "SCROLL");

    /** The StableCoin enum of REFERENCE §1 (accepted by onramp/offramp; only the priced ones can be converted). */
    public static final List<String> TOKENS = List.of("CUSD", "USDC", "USDT", "USDT0", "SAT", "BTC", "HASH", "FUSE",
            "HBAR", "USDGLO", "CKES", "CGHS", "MSAT", "XLM", "ADA");

    /** Currencies paid out in whole units (REFERENCE §1: "whole units for KES/UGX/TZS and similar"). */
    private static final Set<String> WHOLE_UNIT_FIAT = Set.of("KES", "UGX", "TZS", "RWF", "XOF", "XAF", "GNF",
            "CDF", "MWK", "SLE");

    private RateTable() { }

    private static void fiat(String code, String perUsd, int precision) {
        TABLE.put(code, new Entry(new BigDecimal(perUsd), precision, false));
    }

    private static void token(String code, String perUsd, int precision) {
        TABLE.put(code, new Entry(new BigDecimal(perUsd), precision, true));
    }

    public static boolean isFiat(String code) {
        Entry entry = code == null ? null : TABLE.get(code);
        return entry != null && !entry.token();
    }

    public static boolean isPricedToken(String code) {
        Entry entry = code == null ? null : TABLE.get(code);
        return entry != null && entry.token();
    }

    public static boolean isKnown(String code) {
        return code != null && TABLE.containsKey(code);
    }

    public static List<String> fiatCodes() {
        return TABLE.entrySet().stream().filter(e -> !e.getValue().token()).map(Map.Entry::getKey).toList();
    }

    public static List<String> codes() {
        return List.copyOf(TABLE.keySet());
    }

    /** Decimal places of amounts in this currency or token (unknown fiat: whole units if "KES-like", else 2). */
    public static int precision(String code) {
        Entry entry = TABLE.get(code);
        if (entry != null) {
            return entry.precision();
        }
        return WHOLE_UNIT_FIAT.contains(code) ? 0 : 2;
    }

    /** Units of {@code to} per one {@code from}, to {@link #VALUE_SCALE} places; empty when a code is not priced. */
    public static Optional<BigDecimal> rate(String from, String to) {
        Entry source = TABLE.get(from);
        Entry target = TABLE.get(to);
        if (source == null || target == null) {
            return Optional.empty();
        }
        return Optional.of(plain(target.perUsd().divide(source.perUsd(), VALUE_SCALE, RoundingMode.HALF_EVEN)));
    }

    /** {@code amount} in {@code from} expressed in {@code to}, computed exactly and rounded once to {@code to}'s precision. */
    public static BigDecimal convert(BigDecimal amount, String from, String to, RoundingMode rounding) {
        Entry source = TABLE.get(from);
        Entry target = TABLE.get(to);
        if (source == null || target == null) {
            throw new IllegalArgumentException("Exchange rate not found");
        }
        return plain(amount.multiply(target.perUsd()).divide(source.perUsd(), precision(to), rounding));
    }

    /** A fee: {@code rate} of {@code amount}, rounded half-up to the currency's precision. */
    public static BigDecimal fee(BigDecimal amount, BigDecimal rate, String currency) {
        return plain(amount.multiply(rate).setScale(precision(currency), RoundingMode.HALF_UP));
    }

    /** True when {@code amount} has no more decimal places than the currency allows. */
    public static boolean fitsPrecision(BigDecimal amount, String currency) {
        return amount.stripTrailingZeros().scale() <= precision(currency);
    }

    /** The smallest amount step of a currency (1 for whole units, 0.01 for two decimals, ...). */
    public static BigDecimal unit(String currency) {
        return BigDecimal.ONE.movePointLeft(precision(currency));
    }

    /** The number without trailing zeros and never in exponent form (JSON as JavaScript would print it). */
    public static BigDecimal plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
