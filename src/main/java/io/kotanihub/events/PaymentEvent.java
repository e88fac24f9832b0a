package io.kotanihub.events;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One payment status change, as published on {@code kotani.payments.events} (key = reference) and delivered to ERPs.
 * {@code eventId} is the ledger's history id: unique, and increasing per reference in the order of the changes.
 * Amounts are decimal strings (exact). {@code callbackUrl} (the command's own webhook target) is not published.
 */
public record PaymentEvent(
        long eventId,
        String reference,
        String status,
        String previousStatus,
        String kotaniStatus,
        String kotaniId,
        String type,
        String method,
        String amount,
        String currency,
        String fee,
        String transactionAmount,
        String errorCode,
        String errorMessage,
        String batchId,
        String source,
        String detail,
        Instant at,
        Instant createdAt,
        Instant completedAt,
        Map<String, Object> metadata,
        @JsonIgnore String callbackUrl) {
}
