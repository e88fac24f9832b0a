package io.kotanihub.webhook.erp;

import java.time.Instant;

/** One webhook in the ERP outbox. {@code state}: PENDING, DELIVERED or DEAD. */
public record ErpDelivery(long id, long eventId, String messageId, String reference, String targetUrl, String payload,
                          String state, int attempts, Instant nextAttemptAt, Integer lastStatus, String lastError,
                          Instant createdAt, Instant deliveredAt) {
}
