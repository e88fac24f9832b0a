package io.kotanihub.dispatch;

import io.kotanihub.model.PaymentCommand;

/** One command of a batch given to {@link PaymentIntake#acceptAll}, with its row number in the batch (or null). */
public record IntakeItem(PaymentCommand command, Integer batchRow, Long bulkChunkId) {

    public IntakeItem(PaymentCommand command, Integer batchRow) {
        this(command, batchRow, null);
    }
}
