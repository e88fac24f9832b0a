package io.kotanihub.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import io.kotanihub.common.logging.PaymentMdc;
import io.kotanihub.kotani.KotaniClient;
import io.kotanihub.kotani.KotaniEndpoint;
import io.kotanihub.kotani.KotaniProperties;
import io.kotanihub.kotani.KotaniResponse;
import io.kotanihub.kotani.KotaniThrottle;
import io.kotanihub.kotani.PayoutRequest;
import io.kotanihub.kotani.KotaniRequests;
import io.kotanihub.kotani.PayoutWallets;
import io.kotanihub.ledger.LedgerTime;
import io.kotanihub.ledger.Payment;
import io.kotanihub.ledger.PaymentRepository;
import io.kotanihub.ledger.PaymentRepository.DueDispatch;
import io.kotanihub.model.PaymentCommand;
import io.kotanihub.model.PaymentStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends one RECEIVED payment to Kotani (called by the {@code payment-dispatch} route), through the create endpoint
 * of its type ({@link KotaniRequests}: payout, mobile-money deposit, onramp, offramp):
 * <ol>
 *   <li>throttle: a permit for the payout endpoint, or the payment stays RECEIVED until the budget allows;</li>
 *   <li>claim: {@code RECEIVED → SUBMITTING} atomically in the ledger; if another worker or hub instance claimed it
 *       first, stop (this is what makes several instances safe);</li>
 *   <li>prerequisites: payout wallet and mobile-money customer; when they are not available yet the payment goes
 *       back to RECEIVED (nothing was sent), when they can never be (no wallet, customer refused) it FAILS;</li>
 *   <li>the claim is confirmed (still ours, deadline renewed) right before the call, so a payment the reconciler
 *       took over meanwhile is never sent twice by this worker;</li>
 *   <li>the create call, classified: 2xx → SUBMITTED (Kotani's id kept); 429 → back to RECEIVED, due after the
 *       advertised {@code retryAfter}, the endpoint paused meanwhile; another 4xx → FAILED with Kotani's message,
 *       never retried (except "duplicate reference", which means Kotani has it: UNKNOWN, to be reconciled); a
 *       timeout, reset or 5xx → UNKNOWN, for the reconciler; a refused connection → RECEIVED again.</li>
 * </ol>
 * A crash anywhere after the claim leaves SUBMITTING, which the reconciler settles by asking Kotani.
 */
@Component
public class PaymentDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentDispatcher.class);

    private final PaymentRepository payments;
    private final DispatchQueue queue;
    private final KotaniClient kotani;
    private final KotaniThrottle throttle;
    private final PayoutWallets wallets;
    private final CustomerResolver customers;
    private final DispatchProperties properties;
    private final KotaniProperties kotaniProperties;

    public PaymentDispatcher(PaymentRepository payments, DispatchQueue queue, KotaniClient kotani,
                             KotaniThrottle throttle, PayoutWallets wallets, CustomerResolver customers,
                             DispatchProperties properties, KotaniProperties kotaniProperties) {
        this.payments = payments;
        this.queue = queue;
        this.kotani = kotani;
        this.throttle = throttle;
        this.wallets = wallets;
        this.customers = customers;
        this.properties = properties;
        this.kotaniProperties = kotaniProperties;
        Duration longestCall = kotaniProperties.getConnectTimeout().plus(kotaniProperties.getRequestTimeout());
        if (properties.getAbandonedAfter().compareTo(longestCall) <= 0) {
            throw new IllegalStateException("hub.dispatch.abandoned-after (" + properties.getAbandonedAfter()
                    + ") must be longer than hub.kotani.connect-timeout + hub.kotani.request-timeout (" + longestCall
                    + "): a payment whose create call is still running would otherwise be taken for abandoned");
        }
    }

    public void dispatch(DueDispatch due) {
        try (PaymentMdc ignored = PaymentMdc.of(null, null)) {
            send(due);
        }
    }

    private void send(DueDispatch due) {
        queue.taken(due.id());
        KotaniEndpoint endpoint = KotaniRequests.createEndpoint(due.type(), due.method());
        KotaniThrottle.Permit permit = throttle.acquire(endpoint);
        if (!permit.granted()) {
            payments.postpone(due.id(), permit.retryAt());
            return;
        }
        if (!claimAndSend(due, endpoint, System.nanoTime())) {
            // nothing went to Kotani: the token goes back to the (shared) budget instead of being wasted
            throttle.giveBack(endpoint);
        }
    }

    /**
     * Claims the payment and sends its create call; false when nothing was sent and the permit granted at
     * {@code grantedAt} is still this worker's.
     */
    private boolean claimAndSend(DueDispatch due, KotaniEndpoint endpoint, long grantedAt) {
        Optional<Payment> claimed = payments.claim(due.id(), LedgerTime.now().plus(properties.getAbandonedAfter()));
        if (claimed.isEmpty()) {
            return false;
        }
        Payment payment = claimed.get();
        PaymentMdc.update(payment.reference(), payment.batchId());
        PayoutRequest request;
        try {
            request = prepare(payment);
        } catch (IllegalArgumentException unmappable) {
            notReady(payment, Prerequisite.failed("HUB_MAPPING", "cannot be sent to Kotani: " + unmappable.getMessage()));
            return false;
        } catch (RuntimeException transientProblem) {
            LOG.error("payment {}: preparing the create call failed; trying again later", payment.reference(),
                    transientProblem);
            notReady(payment, Prerequisite.later(LedgerTime.now().plus(properties.getRetryDelay()),
                    "preparing the create call failed: " + transientProblem.getMessage()));
            return false;
        }
        if (request == null) {
            return false;
        }
        Optional<Payment> renewed = payments.renewClaim(payment,
                LedgerTime.now().plus(properties.getAbandonedAfter()));
        if (renewed.isEmpty()) {
            LOG.warn("payment {}: taken over while its create call was prepared; not sending", payment.reference());
            return false;
        }
        KotaniThrottle.Permit fresh = throttle.renew(endpoint, grantedAt);
        if (!fresh.granted()) {
            notReady(renewed.get(), Prerequisite.later(fresh.retryAt(), "waiting for Kotani's rate budget"));
            return true;
        }
        KotaniResponse response = kotani.create(request);
        record(renewed.get(), endpoint, response);
        return true;
    }

    /**
     * The create call for a claimed payment, with its fiat wallet and mobile-money customer; null when those are
     * not available (the payment has then been moved back to RECEIVED or to FAILED).
     */
    private PayoutRequest prepare(Payment payment) {
        PaymentCommand cmd = CommandCodec.fromJson(payment.commandJson());
        String walletId = null;
        if (KotaniRequests.needsWallet(cmd.type(), cmd.method())) {
            PayoutWallets.Lookup wallet = wallets.forCurrency(cmd.currency(), properties.getRetryDelay());
            Prerequisite step = wallet.walletId() != null ? Prerequisite.ready(wallet.walletId())
                    : wallet.retryAt() != null ? Prerequisite.later(wallet.retryAt(), "payout wallet not available yet")
                    : Prerequisite.failed("NO_PAYOUT_WALLET", wallet.failure());
            if (!step.isReady()) {
                notReady(payment, step);
                return null;
            }
            walletId = step.value();
        }
        String customerKey = null;
        if (KotaniRequests.needsCustomer(cmd.type(), cmd.method())) {
            Prerequisite step = customers.customerKey(cmd);
            if (!step.isReady()) {
                notReady(payment, step);
                return null;
            }
            customerKey = step.value();
        }
        return KotaniRequests.of(cmd, customerKey, walletId, kotaniProperties.getCallbackUrl());
    }

    private void record(Payment payment, KotaniEndpoint endpoint, KotaniResponse response) {
        Instant now = LedgerTime.now();
        Payment next;
        String detail;
        switch (response.outcome()) {
            case ACCEPTED -> {
                next = payment.withStatus(PaymentStatus.SUBMITTED)
                        .withKotani(response.text("id"), payment.kotaniStatus())
                        .withSubmittedAt(now)
                        .withError(null, null)
                        .withNextCheckAt(now.plus(properties.getStatusCheckMin()));
                detail = "accepted by Kotani (HTTP " + response.httpStatus() + ")";
            }
            case RATE_LIMITED -> {
                Instant retryAt = now.plus(response.retryAfter());
                throttle.pause(endpoint, retryAt);
                next = payment.withStatus(PaymentStatus.RECEIVED).withNextCheckAt(retryAt);
                detail = "rate limited by Kotani (429): resend after " + response.retryAfter().toMillis() + " ms";
            }
            case REJECTED -> {
                if (duplicateReference(response)) {
                    next = payment.withStatus(PaymentStatus.UNKNOWN)
                            .withNextCheckAt(now)
                            .withError("HTTP_" + response.httpStatus(), response.message());
                    detail = "Kotani already has this reference: reconcile";
                } else {
                    next = payment.withStatus(PaymentStatus.FAILED)
                            .withError("HTTP_" + response.httpStatus(), response.message())
                            .withCompletedAt(now)
                            .withNextCheckAt(null);
                    detail = "refused by Kotani (HTTP " + response.httpStatus() + "): " + response.message();
                }
            }
            case NOT_SENT -> {
                next = payment.withStatus(PaymentStatus.RECEIVED)
                        .withNextCheckAt(now.plus(properties.getRetryDelay()))
                        .withError("NOT_SENT", response.message());
                detail = "not sent: " + response.message();
            }
            default -> {
                next = payment.withStatus(PaymentStatus.UNKNOWN)
                        .withNextCheckAt(now.plus(properties.getUnknownCheckDelay()))
                        .withError("UNKNOWN", response.message());
                detail = "outcome unknown: " + response.message();
            }
        }
        if (payments.update(payment, next, detail).isEmpty()) {
            LOG.warn("payment {}: changed by someone else while its create call ran ({}); the reconciler settles it",
                    payment.reference(), response.outcome());
            return;
        }
        if (next.status() == PaymentStatus.FAILED) {
            LOG.info("payment {} FAILED: {}", payment.reference(), response.message());
        }
    }

    private void notReady(Payment payment, Prerequisite step) {
        Payment next;
        if (step.isLater()) {
            next = payment.withStatus(PaymentStatus.RECEIVED).withNextCheckAt(step.retryAt())
                    .withError("NOT_READY", step.failure());
        } else {
            next = payment.withStatus(PaymentStatus.FAILED).withError(step.failureCode(), step.failure())
                    .withCompletedAt(LedgerTime.now()).withNextCheckAt(null);
            LOG.info("payment {} FAILED before sending: {}", payment.reference(), step.failure());
        }
        if (payments.update(payment, next, step.failure()).isEmpty()) {
            LOG.warn("payment {}: changed by someone else while its prerequisites were resolved", payment.reference());
        }
    }

    /**
     * Kotani refuses a reused reference (REFERENCE §2.4: 400 "Duplicate referenceId", older "Reference already
     * used", 409 "Duplicate Transaction"): it has the payment already, so this is no failure.
     */
    static boolean duplicateReference(KotaniResponse response) {
        String message = response.message() == null ? "" : response.message().toLowerCase(Locale.ROOT);
        return message.contains("duplicate referenceid") || message.contains("reference already used")
                || message.contains("duplicate transaction");
    }
}
