package io.kotanihub.invoices;

import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.events.LedgerEvent;
import org.springframework.stereotype.Component;

/**
 * The receivables' stored events ({@code payment_link.created}, {@code payment_link.payment.updated},
 * {@code invoice.status.updated}, {@code payment_link.rejected}) as the endpoints that read the event log send them:
 * the stored payload with its unique {@code eventId} first, keyed by the invoice reference; for the ERP, a webhook of
 * the event's type with that payload as {@code data}.
 */
@Component
public class InvoiceEventFeed {

    private final InvoiceLedger ledger;

    public InvoiceEventFeed(InvoiceLedger ledger) {
        this.ledger = ledger;
    }

    /** The events of these {@code invoice_events} ids (those that still exist), by id. */
    public Map<Long, LedgerEvent> events(Collection<Long> ids) {
        Map<Long, LedgerEvent> out = new LinkedHashMap<>();
        for (Invoice.Event event : ledger.events(ids)) {
            ObjectNode data = withId(event);
            Map<String, Object> webhook = new LinkedHashMap<>();
            webhook.put("type", event.type());
            webhook.put("timestamp", event.at() == null ? null : event.at().toString());
            webhook.put("data", data);
            out.put(event.id(), new LedgerEvent(LedgerEvent.INVOICE, event.id(), event.invoiceReference(),
                    event.type(), InvoiceLedger.write(data), InvoiceLedger.write(webhook)));
        }
        return out;
    }

    private static ObjectNode withId(Invoice.Event event) {
        try {
            ObjectNode out = InvoiceRequest.JSON.createObjectNode();
            out.put("eventId", event.id());
            out.setAll((ObjectNode) InvoiceRequest.JSON.readTree(event.payload()));
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("stored invoice event " + event.id() + " unreadable", e);
        }
    }
}
