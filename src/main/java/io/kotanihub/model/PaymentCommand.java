package io.kotanihub.model;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The canonical payment command (DESIGN.md, contract): every ingress (CSV row, Kafka message, REST call) becomes one
 * of these before it reaches the ledger. {@code amount} is exact ({@link BigDecimal}), never a binary float. What
 * {@code amount} and {@code currency} denominate is what the payer gives: the integrator's fiat for a PAYOUT, the
 * customer's fiat for a COLLECTION and an ONRAMP, the tokens sent for an OFFRAMP ({@link CryptoLeg}).
 */
public record PaymentCommand(
        String reference,
        PaymentType type,
        PaymentMethod method,
        BigDecimal amount,
        String currency,
        String country,
        Recipient recipient,
        String narration,
        Map<String, Object> metadata,
        String callbackUrl,
        CryptoLeg crypto) {

    /** The defaults of the contract: type PAYOUT, method MOBILE_MONEY. */
    public PaymentCommand {
        type = type == null ? PaymentType.PAYOUT : type;
        method = method == null ? PaymentMethod.MOBILE_MONEY : method;
    }

    /** A command without a crypto side (payouts and collections). */
    public PaymentCommand(String reference, PaymentType type, PaymentMethod method, BigDecimal amount, String currency,
                          String country, Recipient recipient, String narration, Map<String, Object> metadata,
                          String callbackUrl) {
        this(reference, type, method, amount, currency, country, recipient, narration, metadata, callbackUrl, null);
    }

    /** The same command with other metadata. */
    public PaymentCommand withMetadata(Map<String, Object> newMetadata) {
        return new PaymentCommand(reference, type, method, amount, currency, country, recipient, narration,
                newMetadata, callbackUrl, crypto);
    }
}
