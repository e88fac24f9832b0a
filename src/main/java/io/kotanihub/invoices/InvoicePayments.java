package io.kotanihub.invoices;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.kotanihub.kotani.KotaniResponse;
import io.kotanihub.kotani.PaymentLinkClient;
import io.kotanihub.webhook.KotaniEventHandler;
import io.kotanihub.webhook.KotaniEventKind;
import io.kotanihub.webhook.KotaniWebhookApplier;
import io.kotanihub.webhook.KotaniWebhookEvent;
import org.springframework.stereotype.Component;

/**
 * Follows the payments made through the invoices' links: Kotani's {@code transaction.deposit.status.updated}
 * webhooks carrying a link's identifiers first (asked by {@link KotaniWebhookApplier} before the payment ledger), and
 * the link's transaction list and status, polled (route {@code invoice-poll}) to fill what webhooks missed. A direct
 * (unsigned) callback is not believed: it only makes the link be polled at once. An invoice collected by a bank
 * checkout or card deposit ({@link InvoiceCheckouts}) is found by the deposit's reference, which is the invoice's.
 */
@Component
public class InvoicePayments implements KotaniEventHandler {

    private final InvoiceLedger ledger;
    private final InvoiceProperties properties;

    public InvoicePayments(InvoiceLedger ledger, InvoiceProperties properties) {
        this.ledger = ledger;
        this.properties = properties;
    }

    // ------------------------------------------------------------------ webhooks

    @Override
    public Optional<KotaniWebhookApplier.Outcome> handle(KotaniWebhookEvent event) {
        if (event.kind() != KotaniEventKind.DEPOSIT || event.reference() == null) {
            return Optional.empty();
        }
        JsonNode data = event.payload();
        Optional<Invoice> invoice = invoiceOf(data, event.reference());
        if (invoice.isEmpty()) {
            return Optional.empty();
        }
        if (!event.signatureVerified()) {
            ledger.pollSoon(invoice.get().id());
            return Optional.of(KotaniWebhookApplier.Outcome.CONFIRMED);
        }
        String depositStatus = text(data, "status");
        ledger.applyPayment(invoice.get().id(), new Invoice.PaymentSeen(event.reference(), text(data, "id"),
                LinkPaymentStatus.fromDeposit(depositStatus), depositStatus, decimal(data, "amount"),
                decimal(data, "transaction_cost"), decimal(data, "transaction_amount"), error(data),
                event.receivedAt(), "WEBHOOK"));
        return Optional.of(KotaniWebhookApplier.Outcome.APPLIED);
    }

    /** The invoice whose link the deposit was made through (flat or nested identifiers, §14 / the sandbox switch). */
    private Optional<Invoice> invoiceOf(JsonNode data, String depositReference) {
        JsonNode nested = data.path("paymentLinkTransaction");
        String linkId = first(text(data, "payment_link_id"), text(nested, "paymentLinkId"));
        String reference = first(text(data, "payment_link_reference_id"), text(nested, "paymentLinkReferenceId"));
        Optional<Invoice> byLink = linkId == null ? Optional.empty() : ledger.findByLinkId(linkId);
        if (byLink.isPresent() || reference != null) {
            return byLink.isPresent() || reference == null ? byLink : ledger.find(reference);
        }
        // a bank checkout's or card deposit's own deposit: its reference is the invoice's
        return ledger.findCheckout(depositReference);
    }

    // ------------------------------------------------------------------ polling

    /** Open invoices whose poll is due, each leased for one poll interval. */
    public List<LinkWork> leaseDuePolls() {
        return ledger.leaseDuePolls(properties.getPollInterval(), properties.getBatchSize()).stream()
                .map(invoice -> new LinkWork(invoice, false, false)).toList();
    }

    /** What Kotani said of the link and its payments; polling stops once nothing more is expected. */
    public LinkWork applyPoll(LinkWork work, KotaniResponse link, PaymentLinkClient.Transactions transactions) {
        for (JsonNode item : transactions.items()) {
            String reference = text(item, "referenceId");
            BigDecimal amount = decimal(item, "amount");
            if (reference == null || amount == null) {
                continue;
            }
            ledger.applyPayment(work.getInvoiceId(), new Invoice.PaymentSeen(reference, text(item, "id"),
                    LinkPaymentStatus.fromLink(text(item, "status")), text(item, "depositStatus"), amount,
                    decimal(item, "transactionCost"), decimal(item, "transactionAmount"), text(item, "errorMessage"),
                    time(first(text(item, "completedAt"), text(item, "updatedAt"), text(item, "createdAt"))), "POLL"));
        }
        if (link.accepted()) {
            ledger.applyLinkStatus(work.getInvoiceId(), link.text("status"));
        }
        Invoice invoice = ledger.get(work.getInvoiceId()).orElseThrow();
        boolean inFlight = ledger.payments(invoice.id()).stream().anyMatch(p -> !LinkPaymentStatus.isFinal(p.status()));
        if (invoice.settled() && !inFlight && transactions.complete() && link.accepted()) {
            ledger.stopPolling(invoice.id());
        }
        return work;
    }

    // ------------------------------------------------------------------ helpers

    private static String error(JsonNode data) {
        return first(text(data, "error_message"), text(data, "error_description"), text(data, "transactionError"));
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull() || !value.isValueNode()) {
            return null;
        }
        String text = value.asText().strip();
        return text.isEmpty() ? null : text;
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        try {
            return new BigDecimal(value.asText().strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant time(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
