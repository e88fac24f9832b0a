package io.kotanihub.invoices;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import io.kotanihub.kotani.KotaniResponse;
import io.kotanihub.kotani.PaymentLinkClient;
import io.kotanihub.common.logging.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The steps of an invoice's link create (route {@code invoice-link}): take due invoices, record a look-up's finding,
 * note the create as sent before it goes, record Kotani's answer. A create whose answer was lost stays UNKNOWN and
 * is looked up by {@code referenceId} before it is ever sent again.
 */
@Component
public class InvoiceLinks {

    private static final Logger LOG = LoggerFactory.getLogger(InvoiceLinks.class);

    private final InvoiceLedger ledger;
    private final InvoiceProperties properties;

    public InvoiceLinks(InvoiceLedger ledger, InvoiceProperties properties) {
        this.ledger = ledger;
        this.properties = properties;
    }

    /** Due creates and look-ups (new invoices, retries, creates of unknown outcome, leases run out), each taken. */
    public List<LinkWork> claimDue() {
        return ledger.claimDueCreates(properties.getCreateLease(), properties.getBatchSize()).stream()
                .map(invoice -> new LinkWork(invoice, true, false)).toList();
    }

    /** What a look-up by referenceId found: the link (recorded, nothing sent), nothing (send it), or no answer. */
    public LinkWork recordLookup(LinkWork work, PaymentLinkClient.Lookup lookup) {
        if (lookup.found()) {
            recordLink(work, lookup.link());
            work.lookedUp(false);
        } else if (lookup.absent()) {
            work.lookedUp(true);
        } else {
            ledger.recordRetry(work.getInvoiceId(), Invoice.UNKNOWN, "look-up: " + lookup.message(),
                    properties.getRetryDelay());
            work.lookedUp(false);
        }
        return work;
    }

    /** The create is about to be sent: durably SENDING, so that a crash from here on leads to a look-up. */
    public LinkWork markSending(LinkWork work) {
        ledger.markSending(work.getInvoiceId());
        return work;
    }

    /** Kotani's answer to the create. */
    public LinkWork recordCreate(LinkWork work, KotaniResponse answer) {
        work.sent();
        switch (answer.outcome()) {
            case ACCEPTED -> recordLink(work, answer.data());
            case REJECTED -> {
                if (duplicateReference(answer)) {
                    ledger.recordRetry(work.getInvoiceId(), Invoice.UNKNOWN, answer.message(), Duration.ZERO);
                } else {
                    LOG.info("Kotani refused the payment link of invoice {}: {}", LogText.value(work.getReference()),
                            LogText.value(answer.message()));
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

    private void recordLink(LinkWork work, JsonNode link) {
        ledger.recordCreated(work.getInvoiceId(), link.path("id").asText(), link.path("shortCode").asText(null),
                link.path("url").asText(null), link.path("status").asText(null), properties.getPollInterval());
    }

    /** Kotani already has a link with this referenceId (our earlier create arrived): look it up instead. */
    static boolean duplicateReference(KotaniResponse answer) {
        String message = answer.message() == null ? "" : answer.message().toLowerCase(Locale.ROOT);
        return message.contains("already") || message.contains("duplicate");
    }
}
