package io.kotanihub.model;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The canonical payment command (DESIGN.md, contract): every ingress (CSV row, Kafka message, REST call) becomes one
 * of these before it reaches the ledger. {@code amount} is exact ({@link BigDecimal}), never a binary float.
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
        String callbackUrl) {

    /** The defaults of the contract: type PAYOUT, method MOBILE_MONEY. */
    public PaymentCommand {
        type = type == null ? PaymentType.PAYOUT : type;
        method = method == null ? PaymentMethod.MOBILE_MONEY : method;
    }
}
