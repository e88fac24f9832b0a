package io.kotanihub.sandbox.ramps;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.kotanihub.sandbox.web.Envelope;
import io.kotanihub.sandbox.web.SandboxApiException;
import io.kotanihub.sandbox.web.Validation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Exchange rates (REFERENCE §11) from the sandbox's fixed {@link RateTable}. Every answer carries the message
 * "Available exchange rate."; the public variants need no API key.
 */
@RestController
public class RateController {

    static final String MESSAGE = "Available exchange rate.";

    /** Tokens the rate endpoints accept: the spec's list plus every token the table prices. */
    static final List<String> RATE_TOKENS;

    static {
        Set<String> tokens = new LinkedHashSet<>(List.of("CUSD", "USDC", "USDT", "USDGLO", "CKES", "CGHS", "MSAT",
                "ADA"));
        RateTable.codes().stream().filter(RateTable::isPricedToken).forEach(tokens::add);
        RATE_TOKENS = List.copyOf(tokens);
    }

    private final RateQuotes quotes;

    public RateController(RateQuotes quotes) {
        this.quotes = quotes;
    }

    @GetMapping({"/api/v3/rate", "/api/v3/public/rate"})
    Map<String, Object> all() {
        List<Map<String, Object>> pairs = new ArrayList<>();
        for (String from : RateTable.codes()) {
            for (String to : RateTable.codes()) {
                if (!from.equals(to)) {
                    pairs.add(pair(from, to));
                }
            }
        }
        return Envelope.ok(MESSAGE, pairs);
    }

    @GetMapping({"/api/v3/rate/{from}/{to}", "/api/v3/public/rate/{from}/{to}"})
    Map<String, Object> one(@PathVariable String from, @PathVariable String to) {
        String source = from.toUpperCase(Locale.ROOT);
        String target = to.toUpperCase(Locale.ROOT);
        if (RateTable.rate(source, target).isEmpty()) {
            throw SandboxApiException.notFound("Exchange rate not found");
        }
        return Envelope.ok(MESSAGE, pair(source, target));
    }

    private static Map<String, Object> pair(String from, String to) {
        Map<String, Object> pair = new LinkedHashMap<>();
        pair.put("from", from);
        pair.put("to", to);
        pair.put("value", RateTable.rate(from, to).orElseThrow().toPlainString());
        return pair;
    }

    @PostMapping("/api/v3/rate/onramp")
    Map<String, Object> onramp(@RequestBody(required = false) JsonNode body) {
        Validation v = Validation.of(body);
        String from = upper(RampJson.text(body, "from"));
        String to = RampJson.text(body, "to");
        BigDecimal amount = RampJson.number(body, "fiatAmount");
        String source = sourceOf(v, body, "fiat");
        requireFiat(v, "from", from);
        v.requireOneOf("to", RATE_TOKENS);
        v.requirePositiveNumber("fiatAmount");
        if (amount != null && amount.signum() > 0) {
            String unitOfAmount = "crypto".equals(source) ? to : from;
            checkPrecision(v, "fiatAmount", amount, unitOfAmount);
        }
        v.validate();
        requirePriced(to);
        RateQuotes.Quote quote = "crypto".equals(source)
                ? RateQuotes.onrampForCrypto(from, to, amount)
                : RateQuotes.onramp(from, to, amount);
        return Envelope.ok(MESSAGE, onchainRate(quotes.issue(quote)));
    }

    @PostMapping("/api/v3/rate/offramp")
    Map<String, Object> offramp(@RequestBody(required = false) JsonNode body) {
        Validation v = Validation.of(body);
        String from = RampJson.text(body, "from");
        String to = upper(RampJson.text(body, "to"));
        BigDecimal amount = RampJson.number(body, "cryptoAmount");
        String source = sourceOf(v, body, "crypto");
        v.requireOneOf("from", RATE_TOKENS);
        requireFiat(v, "to", to);
        v.requirePositiveNumber("cryptoAmount");
        if (amount != null && amount.signum() > 0) {
            String unitOfAmount = "fiat".equals(source) ? to : from;
            checkPrecision(v, "cryptoAmount", amount, unitOfAmount);
        }
        v.validate();
        requirePriced(from);
        RateQuotes.Quote quote = "fiat".equals(source)
                ? RateQuotes.offrampForPayout(from, to, amount)
                : RateQuotes.offramp(from, to, amount);
        if (quote.transactionAmount().signum() <= 0) {
            throw SandboxApiException.badRequest("Insufficient crypto amount");
        }
        return Envelope.ok(MESSAGE, onchainRate(quotes.issue(quote)));
    }

    /**
     * Fiat-to-fiat quote. Collection side in {@code from}: depositAmount = amount, depositFee = 1 %,
     * depositTransactionAmount = amount + fee (the payer bears the fee, §9.7). Payout side in {@code to}:
     * withdrawalAmount = amount converted (rounded down), withdrawalFee = 1 %, withdrawalTransactionAmount =
     * withdrawalAmount - fee (what the recipient receives, §10.7 "customer" bearer).
     */
    @PostMapping("/api/v3/rate/fiat")
    Map<String, Object> fiat(@RequestBody(required = false) JsonNode body) {
        Validation v = Validation.of(body);
        String from = upper(RampJson.text(body, "from"));
        String to = upper(RampJson.text(body, "to"));
        BigDecimal amount = RampJson.number(body, "amount");
        requireFiat(v, "from", from);
        requireFiat(v, "to", to);
        v.requirePositiveNumber("amount");
        if (amount != null && amount.signum() > 0 && RateTable.isFiat(from)) {
            checkPrecision(v, "amount", amount, from);
        }
        v.validate();
        BigDecimal depositFee = RateTable.fee(amount, RateTable.FIAT_FEE_RATE, from);
        BigDecimal withdrawal = RateTable.convert(amount, from, to, RoundingMode.DOWN);
        BigDecimal withdrawalFee = RateTable.fee(withdrawal, RateTable.FIAT_FEE_RATE, to);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("from", from);
        data.put("to", to);
        data.put("value", RateTable.rate(from, to).orElseThrow().toPlainString());
        data.put("depositAmount", RateTable.plain(amount));
        data.put("withdrawalAmount", withdrawal);
        data.put("depositTransactionAmount", RateTable.plain(amount.add(depositFee)));
        data.put("withdrawalTransactionAmount", RateTable.plain(withdrawal.subtract(withdrawalFee)));
        data.put("depositFee", depositFee);
        data.put("withdrawalFee", withdrawalFee);
        return Envelope.ok(MESSAGE, data);
    }

    /** The OnchainRate object of §11. */
    static Map<String, Object> onchainRate(RateQuotes.Quote quote) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("from", quote.from());
        data.put("to", quote.to());
        data.put("value", quote.value().toPlainString());
        data.put("id", quote.id());
        data.put("fiatAmount", quote.fiatAmount());
        data.put("cryptoAmount", quote.cryptoAmount());
        data.put("transactionAmount", quote.transactionAmount());
        data.put("fee", quote.fee());
        if (quote.walletDebitAmount() != null) {
            data.put("walletDebitAmount", quote.walletDebitAmount());
        }
        return data;
    }

    private static String sourceOf(Validation v, JsonNode body, String defaultSource) {
        if (!RampJson.present(body, "source")) {
            return defaultSource;
        }
        v.requireOneOf("source", List.of("fiat", "crypto"));
        return RampJson.text(body, "source");
    }

    static void requireFiat(Validation v, String field, String code) {
        if (code == null) {
            v.check(false, field + " should not be empty");
        } else {
            v.check(RateTable.isFiat(code), field + " must be one of the following values: "
                    + String.join(", ", RateTable.fiatCodes()));
        }
    }

    static void checkPrecision(Validation v, String field, BigDecimal amount, String currency) {
        if (currency != null && RateTable.isKnown(currency)) {
            v.check(RateTable.fitsPrecision(amount, currency), field + " must have at most "
                    + RateTable.precision(currency) + " decimal places for " + currency);
        }
    }

    static void requirePriced(String token) {
        if (!RateTable.isPricedToken(token)) {
            throw SandboxApiException.notFound("Exchange rate not found");
        }
    }

    static String upper(String code) {
        return code == null ? null : code.toUpperCase(Locale.ROOT);
    }
}
