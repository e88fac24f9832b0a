package io.kotanihub.bridge;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The statuses of a crypto-bridge transfer (REFERENCE §16.7), written from the reference for the hub, with the
 * transitions the hub accepts and the customer-facing text of each:
 * <pre>
 * DEPOSIT_INITIATED      → DEPOSIT_CONFIRMED | FAILED
 * DEPOSIT_CONFIRMED      → PAYMENT_SENT | FAILED                 (FAILED at CRYPTO_PAYMENT: the invoice expired)
 * PAYMENT_SENT           → PAYMENT_CONFIRMED | FAILED
 * PAYMENT_CONFIRMED      → SETTLING | COMPLETED | FAILED | SETTLEMENT_UNCONFIRMED
 * SETTLING               → COMPLETED | FAILED | SETTLEMENT_UNCONFIRMED
 * SETTLEMENT_UNCONFIRMED → SETTLING | COMPLETED | FAILED       (the provider's report came late)
 * FAILED                 → REFUNDED
 * COMPLETED, REFUNDED    → nothing
 * </pre>
 * A status that arrives before the ones the happy path must have passed through (a lost callback) brings those in as
 * inferred entries ({@link #impliedPredecessors}); anything else outside this table is an anomaly.
 */
public enum TransferStatus {
    DEPOSIT_INITIATED("Request accepted, waiting for the sender's payment"),
    DEPOSIT_CONFIRMED("Sender's payment received"),
    PAYMENT_SENT("Crypto payment sent to the provider"),
    PAYMENT_CONFIRMED("Provider received the crypto payment"),
    SETTLING("Provider is paying the recipient"),
    COMPLETED("Recipient paid"),
    FAILED("Transfer failed; refund pending where applicable"),
    REFUNDED("Sender refunded"),
    SETTLEMENT_UNCONFIRMED("Recipient payout not yet confirmed by the provider");

    private static final List<TransferStatus> HAPPY_PATH = List.of(DEPOSIT_INITIATED, DEPOSIT_CONFIRMED,
            PAYMENT_SENT, PAYMENT_CONFIRMED);

    private final String customerText;

    TransferStatus(String customerText) {
        this.customerText = customerText;
    }

    /** The customer-facing text of the status. */
    public String customerText() {
        return customerText;
    }

    public Set<TransferStatus> next() {
        return switch (this) {
            case DEPOSIT_INITIATED -> EnumSet.of(DEPOSIT_CONFIRMED, FAILED);
            case DEPOSIT_CONFIRMED -> EnumSet.of(PAYMENT_SENT, FAILED);
            case PAYMENT_SENT -> EnumSet.of(PAYMENT_CONFIRMED, FAILED);
            case PAYMENT_CONFIRMED -> EnumSet.of(SETTLING, COMPLETED, FAILED, SETTLEMENT_UNCONFIRMED);
            case SETTLING -> EnumSet.of(COMPLETED, FAILED, SETTLEMENT_UNCONFIRMED);
            case SETTLEMENT_UNCONFIRMED -> EnumSet.of(SETTLING, COMPLETED, FAILED);
            case FAILED -> EnumSet.of(REFUNDED);
            case COMPLETED, REFUNDED -> EnumSet.noneOf(TransferStatus.class);
        };
    }

    public boolean canMoveTo(TransferStatus target) {
        return next().contains(target);
    }

    /** Nothing can follow: COMPLETED and REFUNDED (a FAILED transfer may still be refunded). */
    public boolean isFinal() {
        return this == COMPLETED || this == REFUNDED;
    }

    /**
     * The happy-path statuses that must lie between {@code from} and this status when this one can only be reached
     * through them (e.g. PAYMENT_CONFIRMED after DEPOSIT_INITIATED implies DEPOSIT_CONFIRMED and PAYMENT_SENT), in
     * order; empty when this is a direct successor or when the path is not determined (FAILED, REFUNDED).
     */
    public List<TransferStatus> impliedPredecessors(TransferStatus from) {
        int fromIndex = HAPPY_PATH.indexOf(from);
        if (fromIndex < 0 || from.canMoveTo(this)) {
            return List.of();
        }
        int toIndex = switch (this) {
            case DEPOSIT_CONFIRMED, PAYMENT_SENT, PAYMENT_CONFIRMED -> HAPPY_PATH.indexOf(this);
            case SETTLING, COMPLETED, SETTLEMENT_UNCONFIRMED -> HAPPY_PATH.size();
            default -> -1;
        };
        if (toIndex <= fromIndex + 1) {
            return List.of();
        }
        return HAPPY_PATH.subList(fromIndex + 1, toIndex);
    }

    public static TransferStatus parse(String value) {
        for (TransferStatus status : values()) {
            if (status.name().equals(value)) {
                return status;
            }
        }
        return null;
    }
}
