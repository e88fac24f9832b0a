package io.kotanihub.sandbox.ramps;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.core.SandboxResettable;
import io.kotanihub.sandbox.core.SandboxStore;
import io.kotanihub.sandbox.web.SandboxApiException;
import org.springframework.stereotype.Component;

/**
 * Onramp and offramp quotes (OnchainRate, §11) computed from the {@link RateTable}, and the quote ids that lock them
 * for {@code hub.sandbox.rate-validity} (60 s, §11).
 *
 * <p>Onramp ({@code source=fiat}): fee = 1.5 % of fiatAmount (on top), cryptoAmount = fiatAmount converted and
 * rounded down to the token's precision; {@code transactionAmount} is that crypto amount (what reaches the receiver).
 * With {@code source=crypto} the amount is the crypto wanted; fiatAmount is the smallest fiat amount (in fiat
 * precision) whose conversion reaches it, then the quote is as above.
 *
 * <p>Offramp ({@code source=crypto}): fiatAmount = cryptoAmount converted and rounded down to the fiat precision,
 * fee = 1.5 % of it, {@code transactionAmount} = fiatAmount - fee (paid to the recipient), {@code walletDebitAmount}
 * = fiatAmount. With {@code source=fiat} the amount is the net payout wanted; the quote is the one for the smallest
 * cryptoAmount (in token precision) whose transactionAmount reaches it.
 */
@Component
public class RateQuotes implements SandboxResettable {

    /** One priced quote. {@code walletDebitAmount} is null for onramp quotes. */
    public record Quote(String id, String kind, String from, String to, BigDecimal value, BigDecimal fiatAmount,
                        BigDecimal cryptoAmount, BigDecimal transactionAmount, BigDecimal fee,
                        BigDecimal walletDebitAmount, Instant expiresAt) { }

    private final SandboxProperties properties;
    private final Map<String, Quote> quotes = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    public RateQuotes(SandboxProperties properties) {
        this.properties = properties;
    }

    public Duration validity() {
        return properties.getRateValidity();
    }

    /** Quote of an onramp paying {@code fiatAmount} of {@code fiat} (not yet stored). */
    public static Quote onramp(String fiat, String token, BigDecimal fiatAmount) {
        BigDecimal fee = RateTable.fee(fiatAmount, RateTable.ONRAMP_FEE_RATE, fiat);
        BigDecimal crypto = RateTable.convert(fiatAmount, fiat, token, RoundingMode.DOWN);
        return new Quote(null, "onramp", fiat, token, rate(fiat, token), RateTable.plain(fiatAmount), crypto, crypto,
                fee, null, null);
    }

    /** Quote of an onramp delivering at least {@code cryptoAmount} of {@code token}. */
    public static Quote onrampForCrypto(String fiat, String token, BigDecimal cryptoAmount) {
        BigDecimal fiatAmount = RateTable.convert(cryptoAmount, token, fiat, RoundingMode.CEILING);
        Quote quote = onramp(fiat, token, fiatAmount);
        while (quote.cryptoAmount().compareTo(cryptoAmount) < 0) {
            fiatAmount = fiatAmount.add(RateTable.unit(fiat));
            quote = onramp(fiat, token, fiatAmount);
        }
        return quote;
    }

    /** Quote of an offramp of {@code cryptoAmount} of {@code token} paid out in {@code fiat}. */
    public static Quote offramp(String token, String fiat, BigDecimal cryptoAmount) {
        BigDecimal fiatAmount = RateTable.convert(cryptoAmount, token, fiat, RoundingMode.DOWN);
        BigDecimal fee = RateTable.fee(fiatAmount, RateTable.OFFRAMP_FEE_RATE, fiat);
        BigDecimal net = RateTable.plain(fiatAmount.subtract(fee));
        return new Quote(null, "offramp", token, fiat, rate(token, fiat), fiatAmount, RateTable.plain(cryptoAmount),
                net, fee, fiatAmount, null);
    }

    /**
     * Quote of the smallest offramp that pays the recipient at least {@code netPayout} of {@code fiat}: the smallest
     * fiat value G with G - fee(G) reaching the payout (searched upward from the lowest candidate, at most a few
     * steps), then the smallest cryptoAmount worth G.
     */
    public static Quote offrampForPayout(String token, String fiat, BigDecimal netPayout) {
        BigDecimal unit = RateTable.unit(fiat);
        BigDecimal gross = netPayout.subtract(unit.multiply(new BigDecimal("0.5")))
                .divide(BigDecimal.ONE.subtract(RateTable.OFFRAMP_FEE_RATE), RateTable.precision(fiat),
                        RoundingMode.FLOOR);
        while (gross.subtract(RateTable.fee(gross, RateTable.OFFRAMP_FEE_RATE, fiat)).compareTo(netPayout) < 0) {
            gross = gross.add(unit);
        }
        BigDecimal crypto = RateTable.convert(gross, fiat, token, RoundingMode.CEILING);
        Quote quote = offramp(token, fiat, crypto);
        while (quote.transactionAmount().compareTo(netPayout) < 0) {
            crypto = crypto.add(RateTable.unit(token));
            quote = offramp(token, fiat, crypto);
        }
        return quote;
    }

    private static BigDecimal rate(String from, String to) {
        return RateTable.rate(from, to).orElseThrow(() -> SandboxApiException.notFound("Exchange rate not found"));
    }

    /** Gives the quote an id valid for {@link #validity()} and remembers it. */
    public Quote issue(Quote quote) {
        purgeExpired();
        Quote issued = new Quote(SandboxStore.newId(), quote.kind(), quote.from(), quote.to(), quote.value(),
                quote.fiatAmount(), quote.cryptoAmount(), quote.transactionAmount(), quote.fee(),
                quote.walletDebitAmount(), clock.instant().plus(validity()));
        quotes.put(issued.id(), issued);
        return issued;
    }

    /**
     * The live quote {@code rateId} for this kind and pair, or the 400 a create gets for an unknown or expired id
     * ("Rate expired. Rates are valid for 60 seconds.", §2.2) or a quote of another pair.
     */
    public Quote lockedQuote(String rateId, String kind, String from, String to) {
        Quote quote = quotes.get(rateId);
        if (quote == null || !clock.instant().isBefore(quote.expiresAt())) {
            throw SandboxApiException.badRequest("Rate expired. Rates are valid for " + validity().toSeconds()
                    + " seconds.");
        }
        if (!quote.kind().equals(kind) || !quote.from().equals(from) || !quote.to().equals(to)) {
            throw SandboxApiException.badRequest("rateId " + rateId + " is a " + quote.kind() + " quote for "
                    + quote.from() + "/" + quote.to() + ", not for this " + kind + " (" + from + "/" + to + ")");
        }
        return quote;
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        quotes.values().removeIf(q -> !now.isBefore(q.expiresAt()));
    }

    @Override
    public void reset() {
        quotes.clear();
    }
}
