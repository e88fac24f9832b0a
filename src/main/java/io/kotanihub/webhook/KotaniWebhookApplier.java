package io.kotanihub.webhook;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.kotanihub.common.logging.LogText;
import io.kotanihub.common.logging.PaymentMdc;
import io.kotanihub.dispatch.StatusChecker;
import io.kotanihub.ledger.LedgerTime;
import io.kotanihub.ledger.Payment;
import io.kotanihub.ledger.PaymentRepository;
import io.kotanihub.model.PaymentStatus;
import io.kotanihub.model.PaymentType;
import io.kotanihub.webhook.erp.ErpOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Applies the stored Kotani webhooks (route {@code kotani-webhook-apply}), asynchronously to their acknowledgement.
 * <ul>
 *   <li>A verified transaction status webhook (withdrawal, deposit, onramp or offramp, §19.3) about one of the hub's
 *       payments of the matching type (payout, collection, onramp, offramp) is applied with the same logic as the
 *       status poller ({@link StatusChecker#adopt}): the state machine ignores stale and out-of-order statuses and
 *       takes late corrections, so duplicates and any delivery order end in Kotani's latest word. Polling of that
 *       payment then backs off ({@code hub.kotani.webhook-apply.poll-backoff}).</li>
 *   <li>An unverified direct callback is never believed: its payment is checked with Kotani's status endpoint
 *       ({@link StatusChecker#check}), and what the endpoint says is applied. While its payment is still being sent
 *       (RECEIVED, SUBMITTING) the callback waits, so that a look-up never races the create call; so it does while
 *       the status endpoint cannot be asked (throttle, 429, failure).</li>
 *   <li>Every other verified event (refunds, settlements, transactions the hub did not start, unknown names)
 *       is kept in the store and forwarded to the ERP outbox as a {@value ErpOutbox#KOTANI_EVENT_TYPE} event.</li>
 * </ul>
 * An event is marked processed only after its effect is committed; an event whose processing died (crash, error)
 * is taken again when its lease runs out. Applying an event twice changes nothing more than applying it once.
 */
@Component
public class KotaniWebhookApplier {

    private static final Logger LOG = LoggerFactory.getLogger(KotaniWebhookApplier.class);
    private static final int MAX_CONFLICTS = 5;
    private static final Set<PaymentStatus> BEING_SENT = EnumSet.of(PaymentStatus.RECEIVED, PaymentStatus.SUBMITTING);

    /** What applying one event did (stored in {@code kotani_webhook_events.outcome}). */
    public enum Outcome {
        /** A verified status webhook was applied to its payment (the state machine may have kept the status). */
        APPLIED,
        /** An unverified callback: its payment was checked with Kotani's status endpoint. */
        CONFIRMED,
        /** Forwarded to the ERP outbox. */
        FORWARDED,
        /** Kept in the store only: nothing to apply and no ERP configured. */
        RECORDED,
        /** An unverified callback about no payment of the hub's: not acted on. */
        IGNORED
    }

    private final KotaniWebhookEventStore store;
    private final PaymentRepository payments;
    private final StatusChecker statusChecker;
    private final ErpOutbox erp;
    private final KotaniWebhookProperties.Apply properties;
    private List<KotaniEventHandler> handlers = List.of();

    public KotaniWebhookApplier(KotaniWebhookEventStore store, PaymentRepository payments, StatusChecker statusChecker,
                                ErpOutbox erp, KotaniWebhookProperties properties) {
        this.store = store;
        this.payments = payments;
        this.statusChecker = statusChecker;
        this.erp = erp;
        this.properties = properties.getWebhookApply();
    }

    /** Features that own some events (payment-link deposits); asked before the ledger's payments. */
    @Autowired(required = false)
    public void setHandlers(List<KotaniEventHandler> handlers) {
        this.handlers = List.copyOf(handlers);
    }

    /** Unprocessed events that are due, oldest first, each taken (leased) for this applier. */
    public List<KotaniWebhookEvent> takeDue() {
        Instant now = LedgerTime.now();
        Instant leaseUntil = now.plus(properties.getLease());
        return store.findDue(now, properties.getBatchSize()).stream()
                .map(event -> store.take(event, now, leaseUntil))
                .flatMap(Optional::stream)
                .toList();
    }

    /** Applies one taken event and marks it processed; returns empty when it has to wait (deferred). */
    public Optional<Outcome> apply(KotaniWebhookEvent event) {
        try (PaymentMdc ignored = PaymentMdc.of(event.reference(), null)) {
            return applyNow(event);
        }
    }

    private Optional<Outcome> applyNow(KotaniWebhookEvent event) {
        Optional<Outcome> outcome = handled(event);
        if (outcome.isEmpty()) {
            outcome = event.signatureVerified() ? applyVerified(event) : confirmUnverified(event);
        }
        if (outcome.isEmpty()) {
            store.deferTo(event.id(), LedgerTime.now().plus(properties.getDeferDelay()));
        } else {
            store.markProcessed(event.id(), outcome.get().name());
            LOG.debug("Kotani webhook {} ({}, {}): {}", event.id(), LogText.value(event.eventName()),
                    LogText.value(event.reference()), outcome.get());
        }
        return outcome;
    }

    private Optional<Outcome> handled(KotaniWebhookEvent event) {
        for (KotaniEventHandler handler : handlers) {
            Optional<Outcome> outcome = handler.handle(event);
            if (outcome.isPresent()) {
                return outcome;
            }
        }
        return Optional.empty();
    }

    private Optional<Outcome> applyVerified(KotaniWebhookEvent event) {
        if (!isStatusEvent(event)) {
            return Optional.of(forward(event));
        }
        JsonNode data = event.payload();
        for (int attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
            Optional<Payment> payment = paymentOf(event);
            if (payment.isEmpty()) {
                return Optional.of(forward(event));
            }
            PaymentMdc.update(payment.get().reference(), payment.get().batchId());
            if (statusChecker.adopt(payment.get(), data, properties.getPollBackoff(), "webhook").isPresent()) {
                return Optional.of(Outcome.APPLIED);
            }
        }
        throw new IllegalStateException("payment " + event.reference() + " kept changing while Kotani webhook "
                + event.id() + " was applied; it is applied again when its lease runs out");
    }

    private Optional<Outcome> confirmUnverified(KotaniWebhookEvent event) {
        Optional<Payment> payment = isStatusEvent(event) ? paymentOf(event) : Optional.empty();
        if (payment.isEmpty()) {
            LOG.info("unverified Kotani callback {} is about no payment of this hub; not acted on", event.id());
            return Optional.of(Outcome.IGNORED);
        }
        if (BEING_SENT.contains(payment.get().status())) {
            return Optional.empty();
        }
        return statusChecker.check(payment.get()) ? Optional.of(Outcome.CONFIRMED) : Optional.empty();
    }

    /** A transaction status event (§19.3) with a reference; refunds, settlements and the rest are only forwarded. */
    private static boolean isStatusEvent(KotaniWebhookEvent event) {
        return event.kind() != KotaniEventKind.OTHER && event.reference() != null
                && event.kind().statusEvent().equals(event.eventName());
    }

    /** The hub's payment the event is about: same reference and the payment type that Kotani's event family serves. */
    private Optional<Payment> paymentOf(KotaniWebhookEvent event) {
        PaymentType type = switch (event.kind()) {
            case WITHDRAWAL -> PaymentType.PAYOUT;
            case DEPOSIT -> PaymentType.COLLECTION;
            case ONRAMP -> PaymentType.ONRAMP;
            case OFFRAMP -> PaymentType.OFFRAMP;
            case OTHER -> null;
        };
        return payments.findByReference(event.reference()).filter(p -> p.type() == type);
    }

    private Outcome forward(KotaniWebhookEvent event) {
        boolean queued = erp.forwardKotaniEvent(event.id(), event.eventName(), event.reference(), event.receivedAt(),
                event.payload());
        return queued ? Outcome.FORWARDED : Outcome.RECORDED;
    }
}
