package io.kotanihub.ledger;

import io.kotanihub.model.PaymentStatus;

/**
 * What happened to one {@link NewPayment}: {@code inserted} is true when this call created the row; otherwise the
 * other fields describe the row that already held the reference (its content hash tells a replay from a conflict,
 * its batch an earlier file from the same file seen again).
 */
public record InsertOutcome(boolean inserted, long paymentId, String reference, PaymentStatus status,
                            String commandHash, String batchId, Integer batchRow) {

    static InsertOutcome of(boolean inserted, Payment row) {
        return new InsertOutcome(inserted, row.id(), row.reference(), row.status(), row.commandHash(), row.batchId(),
                row.batchRow());
    }
}
