package io.kotanihub.invoices;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.webhook.erp.ErpOutbox;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Hands the receivables events over, each channel under its own lock row and marked in the same transaction (at
 * least once, each with its unique {@code eventId}): to the ERP webhook outbox (signed like every delivery; the
 * webhook's {@code type} is the event's: {@code payment_link.created}, {@code payment_link.payment.updated},
 * {@code invoice.status.updated}, {@code payment_link.rejected}) and to Kafka through
 * {@code direct:publish-invoice-event} (key = the invoice reference).
 */
@Component
public class InvoiceEventRelay {

    private final InvoiceLedger ledger;
    private final ErpOutbox erp;
    private final ProducerTemplate producer;

    public InvoiceEventRelay(InvoiceLedger ledger, ErpOutbox erp, ProducerTemplate producer) {
        this.ledger = ledger;
        this.erp = erp;
        this.producer = producer;
    }

    public int enqueueErp() {
        return ledger.handOver("invoice-erp-events", "erp_enqueued_at", 200, event -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", event.type());
            body.put("timestamp", event.at() == null ? null : event.at().toString());
            body.put("data", withId(event));
            erp.enqueueInvoiceEvent(event.id(), event.invoiceReference(), InvoiceLedger.write(body));
        });
    }

    public int publishKafka() {
        return ledger.handOver("invoice-kafka-events", "kafka_published_at", 200, event ->
                producer.sendBodyAndHeaders("direct:publish-invoice-event", InvoiceLedger.write(withId(event)),
                        Map.of("kafka.KEY", event.invoiceReference(), "kotani-hub-event-type", event.type())));
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
