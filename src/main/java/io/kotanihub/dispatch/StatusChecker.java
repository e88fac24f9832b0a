package io.kotanihub.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.kotanihub.common.logging.LogText;
import io.kotanihub.common.logging.PaymentMdc;
import io.kotanihub.kotani.KotaniClient;
import io.kotanihub.kotani.KotaniEndpoint;
import io.kotanihub.kotani.KotaniRequests;
import io.kotanihub.kotani.KotaniResponse;
import io.kotanihub.kotani.KotaniStatusRecord;
import io.kotanihub.kotani.KotaniThrottle;
import io.kotanihub.ledger.LedgerTime;
import io.kotanihub.ledger.Payment;
import io.kotanihub.ledger.PaymentRepository;
import io.kotanihub.ledger.PaymentTransitions;
import io.kotanihub.model.PaymentStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Asks Kotani's status endpoint of the payment's type (a payout's, a deposit's, an onramp's or an offramp's, read
 * by {@link KotaniStatusRecord}) about one payment and settles the ledger with the answer (used by the reconciler
 * for UNKNOWN and abandoned SUBMITTING payments, and by the status poller for SUBMITTED and PROCESSING ones, and
 * for CANCELLED/EXPIRED/REFUND_FAILED ones while Kotani may still correct them):
 * <ul>
 *   <li>a record → its status is adopted when the state machine allows it (late corrections included), with fee,
 *       paid amount, Kotani id, error and completion time; the next check follows a backoff on the payment's age;</li>
 *   <li>404 → Kotani never got it: an UNKNOWN or SUBMITTING payment goes back to RECEIVED and is resent with the
 *       same reference; a SUBMITTED one only after {@code hub.dispatch.not-found-grace};</li>
 *   <li>429 → the status endpoint is paused and the payment checked after {@code retryAfter};</li>
 *   <li>anything else → checked again after {@code hub.dispatch.retry-delay}; nothing changes.</li>
 * </ul>
 * Every write is conditional on the version read, so a concurrent change (another instance, the dispatcher, a
 * webhook) wins and this check is simply dropped.
 */
@Component
public class StatusChecker {

    private static final Logger LOG = LoggerFactory.getLogger(StatusChecker.class);

    private final PaymentRepository payments;
    private final KotaniClient kotani;
    private final KotaniThrottle throttle;
    private final DispatchProperties properties;

    public StatusChecker(PaymentRepository payments, KotaniClient kotani, KotaniThrottle throttle,
                         DispatchProperties properties) {
        this.payments = payments;
        this.kotani = kotani;
        this.throttle = throttle;
        this.properties = properties;
    }

    /** For the reconciler: UNKNOWN payments and SUBMITTING ones left behind (crash), due for a check and leased. */
    public List<Payment> dueForReconciliation() {
        return takeDue(List.of(PaymentStatus.UNKNOWN, PaymentStatus.SUBMITTING));
    }

    /**
     * For the status poller: SUBMITTED, PROCESSING and REFUND_PENDING payments, and still-correctable CANCELLED,
     * EXPIRED and REFUND_FAILED ones, due and leased.
     */
    public List<Payment> dueForStatusPoll() {
        return takeDue(List.of(PaymentStatus.SUBMITTED, PaymentStatus.PROCESSING, PaymentStatus.REFUND_PENDING,
                PaymentStatus.CANCELLED, PaymentStatus.EXPIRED, PaymentStatus.REFUND_FAILED));
    }

    /**
     * Payments in {@code statuses} that are due for a check, each leased (taken out of the due lists for
     * {@code hub.dispatch.check-lease}) so that no other poll or instance checks it at the same time.
     */
    List<Payment> takeDue(List<PaymentStatus> statuses) {
        Instant now = LedgerTime.now();
        Instant leaseUntil = now.plus(properties.getCheckLease());
        return payments.dueForCheck(statuses, now, properties.getCheckBatchSize()).stream()
                .map(p -> payments.lease(p, leaseUntil))
                .flatMap(Optional::stream)
                .toList();
    }

    /**
     * Checks one payment with Kotani's status endpoint; true when Kotani answered (a record or 404) and the answer was
     * applied, false when the check was put off (no throttle budget, 429, a failed call).
     */
    public boolean check(Payment payment) {
        try (PaymentMdc ignored = PaymentMdc.of(payment.reference(), payment.batchId())) {
            return checkNow(payment);
        }
    }

    private boolean checkNow(Payment payment) {
        KotaniEndpoint endpoint = KotaniRequests.statusEndpoint(payment.type(), payment.method());
        KotaniThrottle.Permit permit = throttle.acquire(endpoint);
        if (!permit.granted()) {
            later(payment, permit.retryAt());
            return false;
        }
        Instant now = LedgerTime.now();
        KotaniResponse response = kotani.status(payment.type(), payment.method(), payment.reference());
        if (response.accepted()) {
            adopt(payment, response.data(), now, Duration.ZERO, "status endpoint");
            return true;
        }
        if (response.notFound()) {
            notFound(payment, now);
            return true;
        }
        if (response.outcome() == KotaniResponse.Outcome.RATE_LIMITED) {
            Instant until = now.plus(response.retryAfter());
            throttle.pause(endpoint, until);
            later(payment, until);
        } else {
            if (response.outcome() == KotaniResponse.Outcome.REJECTED) {
                LOG.warn("status of payment {}: Kotani refused the look-up (HTTP {}): {}", payment.reference(),
                        response.httpStatus(), response.message());
            }
            later(payment, now.plus(properties.getRetryDelay()));
        }
        return false;
    }

    /**
     * Applies one of Kotani's status records to a payment, read by its type ({@link KotaniStatusRecord}): the status
     * endpoint's answer (the poller and the reconciler) or the {@code data} of a verified status webhook of the
     * matching kind (e.g. {@code transaction.withdrawal.status.updated} for a payout). The status
     * is adopted only when the state machine allows it, so a stale or out-of-order record never regresses a payment,
     * and Kotani's late corrections (CANCELLED/EXPIRED → SUCCESSFUL) are taken. The next status check follows the
     * poller's backoff, but is not sooner than {@code pollNoSoonerThan} from now (webhooks flowing: polling backs off).
     *
     * @param origin where the record came from, for the history entry ("status endpoint", "webhook")
     * @return the stored row, or empty when the payment changed meanwhile (re-read it and apply again)
     */
    public Optional<Payment> adopt(Payment payment, JsonNode data, Duration pollNoSoonerThan, String origin) {
        return adopt(payment, data, LedgerTime.now(), pollNoSoonerThan, origin);
    }

    private Optional<Payment> adopt(Payment payment, JsonNode data, Instant now, Duration pollNoSoonerThan,
                                    String origin) {
        KotaniStatusRecord record = KotaniStatusRecord.read(payment.type(), data);
        String kotaniStatus = record.kotaniStatus();
        Optional<PaymentStatus> mapped = record.mapped();
        if (mapped.isEmpty()) {
            LOG.warn("payment {}: Kotani status '{}' is not in the reference; keeping {}", payment.reference(),
                    LogText.value(kotaniStatus), payment.status());
        }
        PaymentStatus target = mapped.orElse(payment.status() == PaymentStatus.SUBMITTING
                || payment.status() == PaymentStatus.UNKNOWN ? PaymentStatus.PROCESSING : payment.status());
        boolean moves = PaymentTransitions.allowed(payment.status(), target);
        PaymentStatus status = moves ? target : payment.status();
        if (!moves && target != payment.status()) {
            LOG.debug("payment {}: ignoring Kotani status {} in {}", payment.reference(), LogText.value(kotaniStatus),
                    payment.status());
        }
        Payment next = payment.withStatus(status)
                .withKotani(Optional.ofNullable(record.id()).orElse(payment.kotaniId()),
                        moves || status == target ? kotaniStatus : payment.kotaniStatus())
                .withAmounts(Optional.ofNullable(record.fee()).orElse(payment.fee()),
                        Optional.ofNullable(record.transactionAmount()).orElse(payment.transactionAmount()))
                .withNextCheckAt(notSooner(nextCheck(payment, status, now), now.plus(pollNoSoonerThan)));
        if (payment.submittedAt() == null) {
            next = next.withSubmittedAt(now);
        }
        if (status == PaymentStatus.SUCCESSFUL) {
            next = next.withError(null, null);
        } else if ((status.isTerminal() || status == PaymentStatus.REFUND_PENDING) && moves) {
            next = next.withError(Optional.ofNullable(record.errorCode()).orElse(kotaniStatus),
                    Optional.ofNullable(record.errorMessage()).orElse("Kotani status " + kotaniStatus));
        } else if (status == PaymentStatus.PROCESSING || status == PaymentStatus.SUBMITTED) {
            next = next.withError(null, null);
        }
        if (status.isTerminal() && moves) {
            next = next.withCompletedAt(Optional.ofNullable(record.completedAt()).orElse(now));
        }
        return payments.update(payment, next, "Kotani status " + kotaniStatus + " (" + origin + ")");
    }

    private static Instant notSooner(Instant next, Instant earliest) {
        return next == null || !next.isBefore(earliest) ? next : earliest;
    }

    private void notFound(Payment payment, Instant now) {
        boolean resend = switch (payment.status()) {
            case SUBMITTING, UNKNOWN -> true;
            case SUBMITTED -> payment.submittedAt() == null
                    || payment.submittedAt().plus(properties.getNotFoundGrace()).isBefore(now);
            default -> false;
        };
        if (resend) {
            LOG.info("payment {} ({}): Kotani has no record of it; resending with the same reference",
                    payment.reference(), payment.status());
            payments.update(payment, payment.withStatus(PaymentStatus.RECEIVED).withNextCheckAt(now),
                    "Kotani has no record of it: resend with the same reference");
        } else if (payment.status().isTerminal()) {
            payments.update(payment, payment.withNextCheckAt(null), null);
        } else {
            later(payment, nextCheck(payment, payment.status(), now));
        }
    }

    private void later(Payment payment, Instant at) {
        payments.update(payment, payment.withNextCheckAt(at), null);
    }

    /** Backoff on age for non-final payments; for CANCELLED/EXPIRED within the correction window too; else none. */
    private Instant nextCheck(Payment payment, PaymentStatus status, Instant now) {
        Instant since = payment.submittedAt() != null ? payment.submittedAt() : payment.createdAt();
        if (status.isTerminal()) {
            Instant completed = payment.completedAt() != null ? payment.completedAt() : now;
            if (!PaymentTransitions.correctable(status) || completed.plus(properties.getCorrectionWindow()).isBefore(now)) {
                return null;
            }
        }
        Duration age = Duration.between(since, now);
        Duration interval = Duration.ofMillis((long) (age.toMillis() * properties.getStatusCheckBackoff()));
        if (interval.compareTo(properties.getStatusCheckMin()) < 0) {
            interval = properties.getStatusCheckMin();
        }
        if (interval.compareTo(properties.getStatusCheckMax()) > 0) {
            interval = properties.getStatusCheckMax();
        }
        return now.plus(interval);
    }
}
