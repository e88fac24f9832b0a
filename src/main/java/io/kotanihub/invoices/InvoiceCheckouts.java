package io.kotanihub.invoices;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.kotanihub.common.logging.LogText;
import io.kotanihub.kotani.KotaniResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The steps of an invoice collected by a bank checkout (§9.4/9.5) or a card deposit (§9.6) instead of a payment link
 * (route {@code invoice-checkout}): record a status look-up's finding, prepare the create (a card deposit's card comes
 * from {@link CardVault}), record Kotani's answer (the customer's URL or bank details, the pending deposit), and apply
 * what a poll of its status says. The deposit's reference is the invoice's, so a create whose answer was lost is
 * settled by the status endpoint before anything is sent again; its webhooks are applied by {@link InvoicePayments}.
 */
@Component
public class InvoiceCheckouts {

    private static final Logger LOG = LoggerFactory.getLogger(InvoiceCheckouts.class);

    static final String CARD_LOST = "the card is no longer held (the hub stopped before the card deposit was sent); "
            + "send the invoice again, with its card, under a new reference";

    private final InvoiceLedger ledger;
    private final InvoiceProperties properties;
    private final CardVault cards;

    public InvoiceCheckouts(InvoiceLedger ledger, InvoiceProperties properties, CardVault cards) {
        this.ledger = ledger;
        this.properties = properties;
        this.cards = cards;
    }

    /** What the status endpoint said of a create that may have reached Kotani: found, absent (404) or no answer. */
    public LinkWork recordLookup(LinkWork work, KotaniResponse status) {
        if (status.accepted()) {
            cards.drop(work.getReference());
            record(work, status.data(), "POLL");
            work.lookedUp(false);
        } else if (status.notFound()) {
            work.lookedUp(true);
        } else {
            ledger.recordRetry(work.getInvoiceId(), Invoice.UNKNOWN, "look-up: " + status.message(),
                    properties.getRetryDelay());
            work.lookedUp(false);
        }
        return work;
    }

    /** The deposit to ask for; a card deposit whose card this hub no longer holds is refused instead. */
    public LinkWork prepare(LinkWork work) {
        Invoice invoice = ledger.get(work.getInvoiceId()).orElseThrow();
        InvoiceRequest request = InvoiceRequest.fromStored(invoice.requestJson());
        InvoiceRequest.Card card = null;
        if (InvoiceRequest.CARD_DEPOSIT.equals(invoice.collection())) {
            card = cards.peek(invoice.reference()).orElse(null);
            if (card == null) {
                LOG.info("Card deposit of invoice {} refused: {}", LogText.value(invoice.reference()), CARD_LOST);
                ledger.recordRejected(invoice.id(), CARD_LOST);
                work.sent();
                return work;
            }
        }
        work.prepared(request.checkoutSpec(card));
        return work;
    }

    /** Kotani's answer to the create. */
    public LinkWork recordCreate(LinkWork work, KotaniResponse answer) {
        work.sent();
        switch (answer.outcome()) {
            case ACCEPTED -> {
                cards.drop(work.getReference());
                record(work, answer.data(), "CREATE");
            }
            case REJECTED -> {
                if (InvoiceLinks.duplicateReference(answer)) {
                    ledger.recordRetry(work.getInvoiceId(), Invoice.UNKNOWN, answer.message(), Duration.ZERO);
                } else {
                    cards.drop(work.getReference());
                    LOG.info("Kotani refused the {} of invoice {}: {}", work.getCollection(),
                            LogText.value(work.getReference()), LogText.value(answer.message()));
                    ledger.recordRejected(work.getInvoiceId(), answer.message());
                }
            }
            case RATE_LIMITED, NOT_SENT -> ledger.recordRetry(work.getInvoiceId(), Invoice.PENDING, answer.message(),
                    answer.retryAfter() != null ? answer.retryAfter() : properties.getRetryDelay());
            default -> ledger.recordRetry(work.getInvoiceId(), Invoice.UNKNOWN, answer.message(),
                    properties.getRetryDelay());
        }
        return work;
    }

    /** What the deposit's status endpoint says now (webhooks come first; this fills their gaps). */
    public LinkWork applyPoll(LinkWork work, KotaniResponse status) {
        if (status.accepted() && !waitForWebhook(work, status.data())) {
            applyDeposit(ledger.get(work.getInvoiceId()).orElseThrow(), status.data(), "POLL");
        }
        Invoice invoice = ledger.get(work.getInvoiceId()).orElseThrow();
        boolean inFlight = ledger.payments(invoice.id()).stream().anyMatch(p -> !LinkPaymentStatus.isFinal(p.status()));
        if (invoice.settled() && !inFlight) {
            ledger.stopPolling(invoice.id());
        }
        return work;
    }

    /**
     * A bank checkout's status (§9.5) carries no amounts: a final status it shows is taken only once the deposit's
     * webhook (which carries the fee) had a poll interval to come, so that the ERP's payment event has its fee.
     */
    private boolean waitForWebhook(LinkWork work, JsonNode data) {
        String status = LinkPaymentStatus.fromDeposit(Json.text(data, "status"));
        if (!LinkPaymentStatus.isFinal(status) || Json.decimal(data, "transactionCost") != null
                || Json.decimal(data, "transaction_cost") != null) {
            return false;
        }
        return ledger.payments(work.getInvoiceId()).stream()
                .filter(p -> p.reference().equals(work.getReference()) && !LinkPaymentStatus.isFinal(p.status()))
                .anyMatch(p -> p.at() != null && p.at().isAfter(Instant.now().minus(properties.getPollInterval())));
    }

    /** The checkout exists at Kotani: stored with what the customer needs, and its deposit as Kotani says. */
    private void record(LinkWork work, JsonNode data, String source) {
        JsonNode bank = data.get("bankPaymentDetails");
        ledger.recordCheckout(work.getInvoiceId(), Json.text(data, "id"),
                Json.first(Json.text(data, "redirectUrl"), Json.text(data, "redirect_url"), Json.text(data, "checkoutUrl")),
                bank != null && bank.isObject() ? InvoiceLedger.write(bank) : null, properties.getPollInterval());
        applyDeposit(ledger.get(work.getInvoiceId()).orElseThrow(), data, source);
    }

    /** The one deposit of the invoice as a payment (PENDING until Kotani tells a status). */
    private void applyDeposit(Invoice invoice, JsonNode data, String source) {
        String depositStatus = Json.text(data, "status");
        BigDecimal amount = Json.first(Json.decimal(data, "amount"), invoice.amount());
        ledger.applyPayment(invoice.id(), new Invoice.PaymentSeen(invoice.reference(), Json.text(data, "id"),
                LinkPaymentStatus.fromDeposit(depositStatus), depositStatus, amount,
                Json.first(Json.decimal(data, "transactionCost"), Json.decimal(data, "transaction_cost")),
                Json.first(Json.decimal(data, "transactionAmount"), Json.decimal(data, "transaction_amount")),
                Json.first(Json.text(data, "error_message"), Json.text(data, "transactionError")), Instant.now(),
                source));
    }
}
