package io.kotanihub.ledger;

import static io.kotanihub.model.PaymentStatus.CANCELLED;
import static io.kotanihub.model.PaymentStatus.EXPIRED;
import static io.kotanihub.model.PaymentStatus.PROCESSING;
import static io.kotanihub.model.PaymentStatus.RECEIVED;
import static io.kotanihub.model.PaymentStatus.REFUND_FAILED;
import static io.kotanihub.model.PaymentStatus.REFUND_PENDING;
import static io.kotanihub.model.PaymentStatus.REVERSED;
import static io.kotanihub.model.PaymentStatus.SUBMITTED;
import static io.kotanihub.model.PaymentStatus.SUBMITTING;
import static io.kotanihub.model.PaymentStatus.SUCCESSFUL;
import static io.kotanihub.model.PaymentStatus.UNKNOWN;

import java.util.EnumSet;
import java.util.Set;

import io.kotanihub.model.PaymentStatus;

/**
 * The ledger's state machine: which status changes are allowed.
 * <ul>
 *   <li>{@code RECEIVED → SUBMITTING} only (the atomic claim before a create call);</li>
 *   <li>back to {@code RECEIVED} (resend with the same reference) only from {@code SUBMITTING} (429, throttle,
 *       nothing sent yet), {@code UNKNOWN} or {@code SUBMITTED} (Kotani's status endpoint has no record);</li>
 *   <li>{@code UNKNOWN} only from {@code SUBMITTING} (the create call's outcome was lost);</li>
 *   <li>{@code SUBMITTED} only from {@code SUBMITTING}; {@code PROCESSING} and {@code REFUND_PENDING} from any state
 *       that has been sent (so a refund in progress never goes back to PROCESSING);</li>
 *   <li>any non-final state may become final; a final state changes only by Kotani's late corrections
 *       (REFERENCE §19.5, §22.27: {@code CANCELLED}/{@code EXPIRED → SUCCESSFUL}) and a completed payout being
 *       {@code REVERSED}; an offramp whose refund failed ({@code REFUND_FAILED}) may still be refunded after a
 *       manual retry ({@code REFUND_PENDING}, {@code REVERSED}). Everything else (a stale or out-of-order status)
 *       is ignored.</li>
 * </ul>
 */
public final class PaymentTransitions {

    private static final Set<PaymentStatus> SENT = EnumSet.of(SUBMITTING, SUBMITTED, PROCESSING, UNKNOWN);

    private PaymentTransitions() { }

    public static boolean allowed(PaymentStatus from, PaymentStatus to) {
        if (from == to) {
            return false;
        }
        if (from.isTerminal()) {
            return ((from == CANCELLED || from == EXPIRED) && to == SUCCESSFUL) || (from == SUCCESSFUL && to == REVERSED)
                    || (from == REFUND_FAILED && (to == REFUND_PENDING || to == REVERSED));
        }
        return switch (to) {
            case RECEIVED -> from == SUBMITTING || from == UNKNOWN || from == SUBMITTED;
            case SUBMITTING -> from == RECEIVED;
            case UNKNOWN, SUBMITTED -> from == SUBMITTING;
            case PROCESSING, REFUND_PENDING -> SENT.contains(from);
            default -> true;
        };
    }

    /**
     * A terminal state that Kotani may still correct (§19.5), or an offramp refund that a manual retry at Kotani may
     * still complete (§13.2 retry-refund), so it is worth asking about for a while.
     */
    public static boolean correctable(PaymentStatus status) {
        return status == CANCELLED || status == EXPIRED || status == REFUND_FAILED;
    }
}
