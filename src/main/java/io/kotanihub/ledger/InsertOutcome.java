package io.kotanihub.ledger;

/**
 * What happened to one {@link NewPayment}: {@code inserted} is true when this call created the row; otherwise
 * {@code payment} is the row that already held the reference.
 */
public record InsertOutcome(boolean inserted, Payment payment) {
}
