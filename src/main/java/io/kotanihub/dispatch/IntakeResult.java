package io.kotanihub.dispatch;

import io.kotanihub.model.PaymentStatus;

/**
 * What {@link PaymentIntake} did with a command. For {@code REPLAY} and {@code CONFLICT} the fields describe the
 * payment already in the ledger under that reference (its batch tells an ingress whether the reference came from an
 * earlier file, i.e. is a DUPLICATE, or is its own row seen again after a restart).
 */
public record IntakeResult(Outcome outcome, long paymentId, String reference, PaymentStatus status, String batchId,
                           Integer batchRow) {

    public enum Outcome {
        /** New: stored as RECEIVED and handed to dispatch. */
        ACCEPTED,
        /** The same reference with the same content is already in the ledger: nothing new happens. */
        REPLAY,
        /** The reference is already used by a payment with different content: refused, nothing is paid. */
        CONFLICT
    }
}
