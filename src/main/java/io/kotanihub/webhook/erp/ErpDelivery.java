package io.kotanihub.webhook.erp;

import java.time.Instant;

/**
 * One webhook in the ERP outbox. {@code state}: PENDING, DELIVERED or DEAD. A payment status change has its ledger
 * {@code eventId}; a forwarded Kotani webhook (refund, settlement, unknown event) has its {@code kotaniEventId}.
 */
public record ErpDelivery(long id, Long eventId, Long kotaniEventId, String messageId, String reference, String targetUrl, String payload,
                          String state, int attempts, Instant nextAttemptAt, Integer lastStatus, String lastError,
                          Instant createdAt, Instant deliveredAt) {
}
