package io.kotanihub.bridge;

import java.math.BigDecimal;
import java.time.Instant;

/** One row of {@code bridge_transfers}: a provider transfer as the hub knows it. */
public record BridgeTransfer(
        long id,
        String providerReferenceId,
        String kotaniReferenceId,
        TransferStatus status,
        String createState,
        String requestJson,
        String requestHash,
        String source,
        BigDecimal amount,
        String sourceCurrency,
        String chain,
        String token,
        String paymentHash,
        Instant invoiceExpiresAt,
        String refundConfig,
        Instant refundExpiresAt,
        int refundRegenerations,
        Instant refundRegeneratedAt,
        String refundState,
        String refundTarget,
        String failureStage,
        String failureReason,
        String failureMessage,
        String lastReport,
        String kotaniError,
        int anomalies,
        Instant createdAt,
        Instant updatedAt) {

    /** Create states: the hub's own progress in getting the transfer to Kotani. */
    public static final String PENDING = "PENDING";
    public static final String CREATED = "CREATED";
    public static final String REJECTED = "REJECTED";
    public static final String UNKNOWN = "UNKNOWN";

    public boolean lightning() {
        return "LIGHTNING".equals(chain);
    }

    /** One status reached. */
    public record HistoryEntry(TransferStatus status, Instant at, String source) { }

    /** One transition refused by the state machine. */
    public record Anomaly(String fromStatus, String toStatus, String source, String detail, Instant at) { }

    /** One settlement or refund report to Kotani. */
    public record Report(long id, long transferId, String status, String body, String state, int attempts,
                         Instant nextAttemptAt, Integer lastStatus, String lastError, Instant createdAt,
                         Instant deliveredAt) { }
}
