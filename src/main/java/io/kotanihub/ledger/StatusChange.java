package io.kotanihub.ledger;

import java.time.Instant;

import io.kotanihub.model.PaymentStatus;

/** One entry of a payment's status history ({@code payment_status_history}), oldest first. */
public record StatusChange(PaymentStatus status, String kotaniStatus, String detail, Instant at) {
}
