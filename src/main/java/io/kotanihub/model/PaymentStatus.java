package io.kotanihub.model;

/**
 * A payment's state in the hub's ledger. Kotani's many status enums (REFERENCE §20) map onto these; terminal states
 * can still be corrected by a later Kotani status (§19.5: CANCELLED or EXPIRED → SUCCESSFUL).
 */
public enum PaymentStatus {
    /** In the ledger, not yet sent to Kotani. */
    RECEIVED(false),
    /** A create call to Kotani is in flight (after a crash: outcome unknown, reconcile before resending). */
    SUBMITTING(false),
    /** Kotani accepted the create call. */
    SUBMITTED(false),
    /** Kotani reports an intermediate state (PENDING, INITIATED, IN_PROGRESS, RETRY, ...). */
    PROCESSING(false),
    /** A timeout, connection reset or 5xx left the outcome unknown: the reconciler asks Kotani before anything else. */
    UNKNOWN(false),
    /** An offramp's fiat payout failed; Kotani is sending the tokens back (REFERENCE §13.1, §20.4). */
    REFUND_PENDING(false),
    SUCCESSFUL(true),
    FAILED(true),
    CANCELLED(true),
    EXPIRED(true),
    /** Money returned: a reversed payout, or an offramp whose tokens were refunded. */
    REVERSED(true),
    /** An offramp's refund failed after Kotani's retries (a manual retry at Kotani may still complete it). */
    REFUND_FAILED(true);

    private final boolean terminal;

    PaymentStatus(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean isTerminal() {
        return terminal;
    }
}
