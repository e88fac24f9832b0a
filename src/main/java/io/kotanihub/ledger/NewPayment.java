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
        String commandHash,
        /** The bulk chunk that sends it (REFERENCE §15), or null: sent one by one. */
        Long bulkChunkId) {

    public NewPayment(String reference, PaymentType type, PaymentMethod method, BigDecimal amount, String currency,
                      String country, String batchId, Integer batchRow, String source, String commandJson,
                      String commandHash) {
        this(reference, type, method, amount, currency, country, batchId, batchRow, source, commandJson, commandHash,
                null);
    }
}
