package io.kotanihub.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a canonical payment command and reports every problem found (not just the first), so that an ingress can
 * tell its sender everything that is wrong in one answer. Ingresses call {@link #normalise} first (trims, upper-cases
 * codes, strips phone formatting, derives the country from the phone's calling code), then {@link #validate}.
 * <p>
 * Rules per type: a PAYOUT may use any method; a COLLECTION (mobile-money deposit, REFERENCE §9.1) and an ONRAMP
 * (§12.1) only MOBILE_MONEY, the recipient being the payer; an OFFRAMP (§13.1) pays out by MOBILE_MONEY, PAYBILL or
 * TILL. Mobile-money ramps need the recipient's name (Kotani's {@code accountName}). Only ramps carry a
 * {@link CryptoLeg}: an ONRAMP needs its chain, token and receiving address; an OFFRAMP's currency is the token sent
 * (at most 8 decimals; SAT and MSAT whole) and it needs the chain and the fiat currency paid out.
 */
public final class CommandValidator {

    /** Longest reference the ledger (and Kotani) accepts. */
    public static final int MAX_REFERENCE_LENGTH = 128;

    /** Letters, digits and {@code . _ : -}, starting with a letter or digit (safe in URL paths and CSV cells). */
    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:\\-]*");

    /** E.164: a plus, a non-zero first digit, 8 to 15 digits in all. */
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");

    private static final Pattern SHORTCODE = Pattern.compile("[0-9]{5,7}");
    private static final Pattern BANK_CODE = Pattern.compile("[A-Za-z0-9]{1,16}");
    private static final Pattern ACCOUNT_NUMBER = Pattern.compile("[A-Za-z0-9]{4,34}");
    private static final Pattern FORMATTING = Pattern.compile("[\\s().\\-]");

    /** The ledger's {@code numeric(24, 8)}: at most 16 digits before the decimal point. */
    private static final int MAX_INTEGER_DIGITS = 16;

    private static final int MAX_NAME_LENGTH = 200;
    private static final int MAX_NARRATION_LENGTH = 255;
    private static final int MAX_ACCOUNT_REFERENCE_LENGTH = 64;

    /**
     * The fiat currencies Kotani pays out in (REFERENCE §1, {@code Currency} enum) with their ISO 4217 minor units.
     */
    private static final Map<String, Integer> MINOR_UNITS = Map.ofEntries(
            Map.entry("KES", 2), Map.entry("UGX", 0), Map.entry("TZS", 2), Map.entry("RWF", 0),
            Map.entry("GHS", 2), Map.entry("NGN", 2), Map.entry("ZAR", 2), Map.entry("USD", 2),
            Map.entry("XOF", 0), Map.entry("XAF", 0), Map.entry("ZMW", 2), Map.entry("SLE", 2),
            Map.entry("CDF", 2), Map.entry("EGP", 2), Map.entry("MWK", 2), Map.entry("ETB", 2),
            Map.entry("MZN", 2), Map.entry("LSL", 2), Map.entry("GNF", 0));

    /**
     * Country calling codes (ITU-T E.164) of the countries Kotani serves and their neighbours, to derive a command's
     * country from its phone number. Longest prefix wins (all codes here are one to three digits).
     */
    private static final Map<String, String> CALLING_CODES = Map.ofEntries(
            Map.entry("254", "KE"), Map.entry("256", "UG"), Map.entry("255", "TZ"), Map.entry("250", "RW"),
            Map.entry("257", "BI"), Map.entry("211", "SS"), Map.entry("251", "ET"), Map.entry("252", "SO"),
            Map.entry("253", "DJ"), Map.entry("233", "GH"), Map.entry("234", "NG"), Map.entry("27", "ZA"),
            Map.entry("225", "CI"), Map.entry("221", "SN"), Map.entry("223", "ML"), Map.entry("226", "BF"),
            Map.entry("227", "NE"), Map.entry("228", "TG"), Map.entry("229", "BJ"), Map.entry("224", "GN"),
            Map.entry("232", "SL"), Map.entry("231", "LR"), Map.entry("220", "GM"), Map.entry("237", "CM"),
            Map.entry("241", "GA"), Map.entry("242", "CG"), Map.entry("243", "CD"), Map.entry("235", "TD"),
            Map.entry("236", "CF"), Map.entry("240", "GQ"), Map.entry("260", "ZM"), Map.entry("265", "MW"),
            Map.entry("258", "MZ"), Map.entry("263", "ZW"), Map.entry("267", "BW"), Map.entry("264", "NA"),
            Map.entry("266", "LS"), Map.entry("268", "SZ"), Map.entry("20", "EG"), Map.entry("212", "MA"),
            Map.entry("1", "US"), Map.entry("44", "GB"));

    /** Mobile networks Kotani pays out to (REFERENCE §1 {@code network}, without the non-network values). */
    private static final Set<String> NETWORKS = Set.of("MPESA", "MTN", "AIRTEL", "VODAFONE", "TIGO", "YAS", "ORANGE",
            "ZAMTEL", "MOOV", "TMONEY", "FREE", "EXPRESSO", "HALOPESA", "VODACOM", "WAVE");

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    /** Kotani's {@code Chain} enum (REFERENCE §1). */
    private static final Set<String> CHAINS = Set.of("ETHEREUM", "CELO", "AVALANCHE", "POLYGON", "ARBITRUM",
            "OPTIMISM", "BINANCE", "STELLAR", "TRON", "FUSE", "LIGHTNING", "SOLANA", "PROVENANCE", "CARDANO", "HEDERA",
            "BASE", "LISK", "VICTION", "SCROLL");

    /** The EVM chains of that enum: their addresses are {@code 0x} and 40 hex digits. */
    private static final Set<String> EVM_CHAINS = Set.of("ETHEREUM", "CELO", "AVALANCHE", "POLYGON", "ARBITRUM",
            "OPTIMISM", "BINANCE", "FUSE", "BASE", "LISK", "VICTION", "SCROLL");

    /** Kotani's {@code StableCoin} token enum (REFERENCE §1). */
    private static final Set<String> TOKENS = Set.of("CUSD", "USDC", "USDT", "USDT0", "SAT", "BTC", "HASH", "FUSE",
            "HBAR", "USDGLO", "CKES", "CGHS", "MSAT", "XLM", "ADA");

    /** Tokens counted in whole units (satoshi, millisatoshi); other token amounts have at most 8 decimals. */
    private static final Set<String> WHOLE_TOKENS = Set.of("SAT", "MSAT");
    private static final int MAX_TOKEN_DECIMALS = 8;

    private static final Pattern EVM_ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    /** Any other chain's address (or a Lightning invoice): visible characters, no spaces. */
    private static final Pattern OTHER_ADDRESS = Pattern.compile("[\\x21-\\x7E]{8,2048}");

    /** Which methods each payment type can use (REFERENCE §9.1 and §12.1: mobile money only; §13.1 receivers). */
    private static final Map<PaymentType, Set<PaymentMethod>> METHODS = Map.of(
            PaymentType.PAYOUT, Set.of(PaymentMethod.values()),
            PaymentType.COLLECTION, Set.of(PaymentMethod.MOBILE_MONEY),
            PaymentType.ONRAMP, Set.of(PaymentMethod.MOBILE_MONEY),
            PaymentType.OFFRAMP, Set.of(PaymentMethod.MOBILE_MONEY, PaymentMethod.PAYBILL, PaymentMethod.TILL));

    private CommandValidator() { }

    /** Whether {@code code} is one of Kotani's tokens (an OFFRAMP's currency). */
    public static boolean isToken(String code) {
        return code != null && TOKENS.contains(code.trim().toUpperCase(Locale.ROOT));
    }

    /** ISO 4217 minor units of a supported currency, empty for an unknown one. */
    public static Optional<Integer> minorUnits(String currency) {
        return currency == null ? Optional.empty()
                : Optional.ofNullable(MINOR_UNITS.get(currency.trim().toUpperCase(Locale.ROOT)));
    }

    /** The ISO alpha-2 country an E.164 number belongs to, by its calling code; empty when unknown. */
    public static Optional<String> countryOfPhone(String phone) {
        if (phone == null || !E164.matcher(phone).matches()) {
            return Optional.empty();
        }
        for (int length = 3; length >= 1; length--) {
            String country = CALLING_CODES.get(phone.substring(1, 1 + length));
            if (country != null) {
                return Optional.of(country);
            }
        }
        return Optional.empty();
    }

    /**
     * The same command with blanks made null, text trimmed, currency, country and network upper-cased, phone
     * formatting ({@code spaces ( ) . -}) removed, and the country derived from the phone when it is absent.
     */
    public static PaymentCommand normalise(PaymentCommand command) {
        Recipient r = command.recipient();
        Recipient recipient = r == null ? null : new Recipient(clean(r.name()), phone(r.phone()),
                upper(r.network()), clean(r.bankCode()), clean(r.accountNumber()), clean(r.paybillNumber()),
                clean(r.accountReference()), clean(r.tillNumber()));
        String country = upper(command.country());
        if (country == null && recipient != null) {
            country = countryOfPhone(recipient.phone()).orElse(null);
        }
        CryptoLeg c = command.crypto();
        CryptoLeg crypto = c == null ? null : new CryptoLeg(upper(c.chain()), upper(c.token()), clean(c.address()),
                clean(c.refundAddress()), upper(c.fiatCurrency()));
        if (crypto != null && crypto.equals(new CryptoLeg(null, null, null, null, null))) {
            crypto = null;
        }
        return new PaymentCommand(clean(command.reference()), command.type(), command.method(), command.amount(),
                upper(command.currency()), country, recipient, clean(command.narration()), command.metadata(),
                clean(command.callbackUrl()), crypto);
    }

    /** Every problem of the command, in field order; empty when it is valid. */
    public static List<Violation> validate(PaymentCommand command) {
        List<Violation> problems = new ArrayList<>();
        if (command == null) {
            problems.add(new Violation("command", "is required"));
            return problems;
        }
        checkReference(command.reference(), problems);
        if (command.type() == PaymentType.OFFRAMP) {
            checkTokenAmount(command.amount(), command.currency(), problems);
        } else {
            checkAmount(command.amount(), command.currency(), problems);
        }
        checkCountry(command, problems);
        boolean methodFits = checkType(command, problems);
        if (methodFits) {
            checkRecipient(command, problems);
        }
        if (command.narration() != null && command.narration().length() > MAX_NARRATION_LENGTH) {
            problems.add(new Violation("narration", "must be at most " + MAX_NARRATION_LENGTH + " characters"));
        }
        return problems;
    }

    private static void checkReference(String reference, List<Violation> problems) {
        if (blank(reference)) {
            problems.add(new Violation("reference", "is required"));
        } else if (reference.length() > MAX_REFERENCE_LENGTH) {
            problems.add(new Violation("reference", "must be at most " + MAX_REFERENCE_LENGTH + " characters"));
        } else if (!REFERENCE.matcher(reference).matches()) {
            problems.add(new Violation("reference",
                    "may contain only letters, digits and . _ : - and must start with a letter or digit"));
        }
    }

    private static void checkAmount(BigDecimal amount, String currency, List<Violation> problems) {
        Optional<Integer> minorUnits = minorUnits(currency);
        if (blank(currency)) {
            problems.add(new Violation("currency", "is required"));
        } else if (minorUnits.isEmpty()) {
            problems.add(new Violation("currency", "'" + currency + "' is not a supported currency (one of "
                    + String.join(", ", MINOR_UNITS.keySet().stream().sorted().toList()) + ")"));
        }
        if (amount == null) {
            problems.add(new Violation("amount", "is required"));
            return;
        }
        if (amount.signum() <= 0) {
            problems.add(new Violation("amount", "must be greater than 0"));
            return;
        }
        BigDecimal exact = amount.stripTrailingZeros();
        if (exact.precision() - exact.scale() > MAX_INTEGER_DIGITS) {
            problems.add(new Violation("amount", "is too large"));
        }
        if (minorUnits.isPresent() && Math.max(exact.scale(), 0) > minorUnits.get()) {
            problems.add(new Violation("amount", minorUnits.get() == 0
                    ? currency.toUpperCase(Locale.ROOT) + " amounts must be whole numbers"
                    : currency.toUpperCase(Locale.ROOT) + " amounts have at most " + minorUnits.get() + " decimals"));
        }
    }

    /** An OFFRAMP sends tokens: its currency is a token, its amount at most 8 decimals (SAT and MSAT: whole). */
    private static void checkTokenAmount(BigDecimal amount, String currency, List<Violation> problems) {
        if (blank(currency)) {
            problems.add(new Violation("currency", "is required (for an offramp: the token sent, e.g. USDT)"));
        } else if (!isToken(currency)) {
            problems.add(new Violation("currency", "'" + currency + "' is not a Kotani token (an offramp's currency "
                    + "is the token sent, one of " + String.join(", ", TOKENS.stream().sorted().toList()) + ")"));
        }
        if (amount == null) {
            problems.add(new Violation("amount", "is required"));
            return;
        }
        if (amount.signum() <= 0) {
            problems.add(new Violation("amount", "must be greater than 0"));
            return;
        }
        BigDecimal exact = amount.stripTrailingZeros();
        if (exact.precision() - exact.scale() > MAX_INTEGER_DIGITS) {
            problems.add(new Violation("amount", "is too large"));
        }
        int decimals = currency != null && WHOLE_TOKENS.contains(currency.toUpperCase(Locale.ROOT))
                ? 0 : MAX_TOKEN_DECIMALS;
        if (Math.max(exact.scale(), 0) > decimals) {
            problems.add(new Violation("amount", decimals == 0
                    ? currency.toUpperCase(Locale.ROOT) + " amounts must be whole numbers"
                    : "token amounts have at most " + MAX_TOKEN_DECIMALS + " decimals"));
        }
    }

    /**
     * The rules of the command's type: which methods it can use and what its {@code crypto} member must hold.
     * Returns whether the method fits the type (the method's recipient rules are checked only then).
     */
    private static boolean checkType(PaymentCommand command, List<Violation> problems) {
        PaymentType type = command.type();
        boolean methodFits = METHODS.get(type).contains(command.method());
        if (!methodFits) {
            problems.add(new Violation("method", type + " payments cannot use " + command.method() + " (one of "
                    + String.join(", ", METHODS.get(type).stream().map(Enum::name).sorted().toList()) + ")"));
        }
        CryptoLeg crypto = command.crypto();
        switch (type) {
            case PAYOUT, COLLECTION -> {
                if (crypto != null) {
                    problems.add(new Violation("crypto", "is only for ONRAMP and OFFRAMP payments"));
                }
            }
            case ONRAMP -> {
                CryptoLeg c = crypto == null ? new CryptoLeg(null, null, null, null, null) : crypto;
                boolean chain = checkChain(c.chain(), problems);
                if (blank(c.token())) {
                    problems.add(new Violation("crypto.token", "is required for onramps (the token bought)"));
                } else if (!TOKENS.contains(c.token())) {
                    problems.add(new Violation("crypto.token", "'" + c.token() + "' is not a Kotani token"));
                }
                if (blank(c.address())) {
                    problems.add(new Violation("crypto.address", "is required for onramps (the wallet that receives "
                            + "the tokens)"));
                } else if (chain) {
                    checkAddress("crypto.address", c.chain(), c.address(), problems);
                }
                if (c.refundAddress() != null) {
                    problems.add(new Violation("crypto.refundAddress", "is only for offramps"));
                }
                if (c.fiatCurrency() != null) {
                    problems.add(new Violation("crypto.fiatCurrency", "is only for offramps (an onramp's fiat is its "
                            + "currency)"));
                }
            }
            case OFFRAMP -> {
                CryptoLeg c = crypto == null ? new CryptoLeg(null, null, null, null, null) : crypto;
                boolean chain = checkChain(c.chain(), problems);
                if (c.token() != null && !c.token().equalsIgnoreCase(String.valueOf(command.currency()))) {
                    problems.add(new Violation("crypto.token", "must be left out or equal the currency (an "
                            + "offramp's currency is the token sent)"));
                }
                if (blank(c.fiatCurrency())) {
                    problems.add(new Violation("crypto.fiatCurrency", "is required for offramps (the currency the "
                            + "recipient is paid in)"));
                } else if (minorUnits(c.fiatCurrency()).isEmpty()) {
                    problems.add(new Violation("crypto.fiatCurrency", "'" + c.fiatCurrency()
                            + "' is not a supported currency"));
                }
                if (c.address() != null && chain) {
                    checkAddress("crypto.address", c.chain(), c.address(), problems);
                }
                if (c.refundAddress() != null && chain) {
                    if ("LIGHTNING".equals(c.chain())) {
                        problems.add(new Violation("crypto.refundAddress", "is not used on LIGHTNING (refunds are "
                                + "paid to an invoice)"));
                    } else {
                        checkAddress("crypto.refundAddress", c.chain(), c.refundAddress(), problems);
                    }
                }
            }
        }
        return methodFits;
    }

    private static boolean checkChain(String chain, List<Violation> problems) {
        if (blank(chain)) {
            problems.add(new Violation("crypto.chain", "is required for onramps and offramps"));
            return false;
        }
        if (!CHAINS.contains(chain)) {
            problems.add(new Violation("crypto.chain", "'" + chain + "' is not a Kotani chain (one of "
                    + String.join(", ", CHAINS.stream().sorted().toList()) + ")"));
            return false;
        }
        return true;
    }

    private static void checkAddress(String field, String chain, String address, List<Violation> problems) {
        if (EVM_CHAINS.contains(chain)) {
            if (!EVM_ADDRESS.matcher(address).matches()) {
                problems.add(new Violation(field, "must be a " + chain + " address: 0x and 40 hex digits"));
            }
        } else if (!OTHER_ADDRESS.matcher(address).matches()) {
            problems.add(new Violation(field, "must be a " + chain + " address (8 to 2048 visible characters, "
                    + "no spaces)"));
        }
    }

    private static void checkCountry(PaymentCommand command, List<Violation> problems) {
        String country = command.country();
        String phone = command.recipient() == null ? null : command.recipient().phone();
        if (blank(country)) {
            problems.add(new Violation("country", phone == null
                    ? "is required" : "is required (it could not be derived from the phone number)"));
        } else if (country.length() != 2 || !COUNTRIES.contains(country.toUpperCase(Locale.ROOT))) {
            problems.add(new Violation("country", "'" + country + "' is not an ISO 3166 alpha-2 country code"));
        } else if (command.method() == PaymentMethod.MOBILE_MONEY) {
            countryOfPhone(phone).filter(derived -> !derived.equalsIgnoreCase(country)).ifPresent(derived ->
                    problems.add(new Violation("recipient.phone",
                            "is a number of " + derived + ", but the country is " + country.toUpperCase(Locale.ROOT))));
        }
    }

    private static void checkRecipient(PaymentCommand command, List<Violation> problems) {
        Recipient r = command.recipient() == null
                ? new Recipient(null, null, null, null, null, null, null, null) : command.recipient();
        if (r.phone() != null && !E164.matcher(r.phone()).matches()) {
            problems.add(new Violation("recipient.phone",
                    "must be an E.164 number: + then country code and number, e.g. +254712345678"));
        }
        if (r.name() != null && r.name().length() > MAX_NAME_LENGTH) {
            problems.add(new Violation("recipient.name", "must be at most " + MAX_NAME_LENGTH + " characters"));
        }
        if ((command.type() == PaymentType.ONRAMP || command.type() == PaymentType.OFFRAMP)
                && command.method() == PaymentMethod.MOBILE_MONEY) {
            required(r.name(), "recipient.name", "mobile-money onramp and offramp", problems);
        }
        switch (command.method()) {
            case MOBILE_MONEY -> {
                required(r.phone(), "recipient.phone", "mobile money", problems);
                if (required(r.network(), "recipient.network", "mobile money", problems)
                        && !NETWORKS.contains(r.network().toUpperCase(Locale.ROOT))) {
                    problems.add(new Violation("recipient.network", "'" + r.network()
                            + "' is not a known mobile network (one of " + String.join(", ",
                            NETWORKS.stream().sorted().toList()) + ")"));
                }
            }
            case BANK -> {
                if (required(r.bankCode(), "recipient.bankCode", "bank", problems)
                        && !BANK_CODE.matcher(r.bankCode()).matches()) {
                    problems.add(new Violation("recipient.bankCode", "must be 1 to 16 letters or digits"));
                }
                if (required(r.accountNumber(), "recipient.accountNumber", "bank", problems)
                        && !ACCOUNT_NUMBER.matcher(r.accountNumber()).matches()) {
                    problems.add(new Violation("recipient.accountNumber", "must be 4 to 34 letters or digits"));
                }
                required(r.name(), "recipient.name", "bank", problems);
            }
            case PAYBILL -> {
                if (required(r.paybillNumber(), "recipient.paybillNumber", "paybill", problems)
                        && !SHORTCODE.matcher(r.paybillNumber()).matches()) {
                    problems.add(new Violation("recipient.paybillNumber", "must be 5 to 7 digits"));
                }
                if (required(r.accountReference(), "recipient.accountReference", "paybill", problems)
                        && r.accountReference().length() > MAX_ACCOUNT_REFERENCE_LENGTH) {
                    problems.add(new Violation("recipient.accountReference",
                            "must be at most " + MAX_ACCOUNT_REFERENCE_LENGTH + " characters"));
                }
                kenyaOnly(command, "paybill", problems);
            }
            case TILL -> {
                if (required(r.tillNumber(), "recipient.tillNumber", "till", problems)
                        && !SHORTCODE.matcher(r.tillNumber()).matches()) {
                    problems.add(new Violation("recipient.tillNumber", "must be 5 to 7 digits"));
                }
                kenyaOnly(command, "till", problems);
            }
        }
    }

    /**
     * Paybill and Lipa na M-Pesa till payouts exist only in Kenya, in KES (REFERENCE §10.2, §10.3, §13.1); an
     * offramp's fiat currency is {@code crypto.fiatCurrency}.
     */
    private static void kenyaOnly(PaymentCommand command, String method, List<Violation> problems) {
        boolean offramp = command.type() == PaymentType.OFFRAMP;
        String fiat = offramp ? (command.crypto() == null ? null : command.crypto().fiatCurrency()) : command.currency();
        if (fiat != null && MINOR_UNITS.containsKey(fiat.toUpperCase(Locale.ROOT)) && !"KES".equalsIgnoreCase(fiat)) {
            problems.add(new Violation(offramp ? "crypto.fiatCurrency" : "currency",
                    method + " payments are paid in KES only"));
        }
        if (command.country() != null && COUNTRIES.contains(command.country().toUpperCase(Locale.ROOT))
                && !"KE".equalsIgnoreCase(command.country())) {
            problems.add(new Violation("country", method + " payments exist in Kenya (KE) only"));
        }
    }

    private static boolean required(String value, String field, String method, List<Violation> problems) {
        if (blank(value)) {
            problems.add(new Violation(field, "is required for " + method + " payments"));
            return false;
        }
        return true;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String clean(String value) {
        return blank(value) ? null : value.strip();
    }

    private static String upper(String value) {
        return blank(value) ? null : value.strip().toUpperCase(Locale.ROOT);
    }

    private static String phone(String value) {
        return blank(value) ? null : FORMATTING.matcher(value).replaceAll("");
    }
}
