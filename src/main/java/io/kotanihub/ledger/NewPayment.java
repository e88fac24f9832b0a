package io.kotanihub.ledger;

import java.math.BigDecimal;

import io.kotanihub.model.PaymentMethod;
import io.kotanihub.model.PaymentType;

/** What the ledger stores for a payment it has not seen yet (inserted with status RECEIVED). */
public record NewPayment(
        String reference,
        PaymentType type,
        PaymentMethod method,
        BigDecimal amount,
        String currency,
        String country,
        String batchId,
        Integer batchRow,
        String source,
        String commandJson,
        String commandHash) {
}
