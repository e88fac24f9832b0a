package io.kotanihub.sandbox.bridge;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.core.SandboxResettable;
import io.kotanihub.sandbox.web.SandboxApiException;
import org.springframework.stereotype.Component;

/**
 * Crypto-bridge rate quotes (REFERENCE §16.2): KES → Lightning MSAT at a fixed sandbox price, valid
 * {@code hub.sandbox.bridge.rate-validity} (60 s) and usable by one create only.
 */
@Component
public class BridgeRates implements SandboxResettable {

    /** Sandbox price: 1 KES = 0.0000015 BTC, so 1000 KES buy 150,000,000 msat (the example of §16.2). */
    static final BigDecimal FIAT_TO_BTC = new BigDecimal("0.0000015");
    static final BigDecimal BTC_TO_MSAT = new BigDecimal("100000000000");
    static final BigDecimal FEE_PERCENTAGE = new BigDecimal("1.5");
    static final long CRYPTO_FEE_SATS = 1000;

    /** One quote; {@code used} flips once, atomically. */
    record Quote(String rateId, BigDecimal sourceAmount, String sourceCurrency, long cryptoAmountMsat,
                 Instant createdAt, Instant expiresAt) { }

    private final SandboxProperties properties;
    private final Map<String, Quote> quotes = new ConcurrentHashMap<>();
    private final Map<String, Boolean> used = new ConcurrentHashMap<>();

    public BridgeRates(SandboxProperties properties) {
        this.properties = properties;
    }

    Quote quote(BigDecimal sourceAmount, String sourceCurrency) {
        Instant now = Instant.now();
        long msat = sourceAmount.multiply(FIAT_TO_BTC).multiply(BTC_TO_MSAT).setScale(0, RoundingMode.DOWN)
                .longValueExact();
        Quote quote = new Quote("RATE-CB-" + now.getEpochSecond() + "-" + BridgeJson.randomUpper(6), sourceAmount,
                sourceCurrency, msat, now, now.plus(properties.getBridge().getRateValidity()));
        quotes.put(quote.rateId(), quote);
        return quote;
    }

    static ObjectNode view(Quote quote) {
        BigDecimal fiatFee = quote.sourceAmount().multiply(FEE_PERCENTAGE).movePointLeft(2)
                .setScale(0, RoundingMode.HALF_UP);
        ObjectNode data = BridgeJson.object();
        data.put("rate_id", quote.rateId());
        data.set("source_amount", BridgeJson.amount(quote.sourceAmount()));
        data.put("source_currency", quote.sourceCurrency());
        data.put("crypto_amount", quote.cryptoAmountMsat());
        data.put("crypto_unit", "msat");
        data.put("chain", "LIGHTNING");
        data.put("token", "MSAT");
        ObjectNode rate = data.putObject("exchange_rate");
        rate.put("fiat_to_btc", FIAT_TO_BTC.toPlainString());
        rate.set("btc_to_msat", BridgeJson.amount(BTC_TO_MSAT));
        rate.put("exchange_rate_source", "SANDBOX");
        ObjectNode fees = data.putObject("fees");
        fees.set("fiat_fee", BridgeJson.amount(fiatFee));
        fees.put("fiat_fee_currency", quote.sourceCurrency());
        fees.put("crypto_fee", CRYPTO_FEE_SATS);
        fees.put("crypto_fee_unit", "sats");
        fees.set("fee_percentage", BridgeJson.amount(FEE_PERCENTAGE));
        data.set("total_cost", BridgeJson.amount(quote.sourceAmount().add(fiatFee)));
        data.put("net_crypto_amount", quote.cryptoAmountMsat() - CRYPTO_FEE_SATS * 1000);
        data.put("expires_at", BridgeJson.iso(quote.expiresAt()));
        data.put("created_at", BridgeJson.iso(quote.createdAt()));
        return data;
    }

    /** Checks that a create may use this quote (without using it up). */
    void check(String rateId, String sourceCurrency, BigDecimal amount) {
        Quote quote = quotes.get(rateId);
        if (quote == null) {
            throw SandboxApiException.badRequest("Invalid rate_id");
        }
        if (used.containsKey(rateId)) {
            throw SandboxApiException.badRequest("Rate already used. Request a new rate.");
        }
        if (!Instant.now().isBefore(quote.expiresAt())) {
            throw SandboxApiException.badRequest("Rate expired. Rates are valid for "
                    + properties.getBridge().getRateValidity().toSeconds() + " seconds.");
        }
        if (!quote.sourceCurrency().equals(sourceCurrency) || quote.sourceAmount().compareTo(amount) != 0) {
            throw SandboxApiException.badRequest("Rate does not match the request: quoted "
                    + quote.sourceAmount().toPlainString() + " " + quote.sourceCurrency());
        }
    }

    /** Uses the quote up; a second use (also a concurrent one) fails. */
    void consume(String rateId) {
        if (used.putIfAbsent(rateId, Boolean.TRUE) != null) {
            throw SandboxApiException.badRequest("Rate already used. Request a new rate.");
        }
    }

    @Override
    public void reset() {
        quotes.clear();
        used.clear();
    }
}
