package io.kotanihub.events;

/**
 * An event of a feature's own ledger (a crypto-bridge transfer's, an invoice's), as the endpoints that read the event
 * log send it: one entry of kind {@value #BRIDGE} or {@value #INVOICE}.
 *
 * @param kind       {@value #BRIDGE} (a row of {@code bridge_events}) or {@value #INVOICE} (of {@code invoice_events})
 * @param id         the id of its row, unique per kind ({@code event_id} / {@code eventId} in the body)
 * @param key        its ordering key and Kafka key: the provider reference, the invoice reference
 * @param type       its type ({@code bridge.status.updated}, {@code payment_link.created}, ...): the ERP webhook's
 *                   {@code type} and the {@value KafkaEventPublisher#TYPE_HEADER} header
 * @param body       the message: the stored event's JSON with its id first
 * @param erpPayload the ERP webhook's whole body ({@code type}, {@code timestamp}, {@code data} = {@code body})
 */
public record LedgerEvent(String kind, long id, String key, String type, String body, String erpPayload) {

    /** The event log's kind of a crypto-bridge event. */
    public static final String BRIDGE = "BRIDGE";
    /** The event log's kind of a receivables (invoice, payment link) event. */
    public static final String INVOICE = "INVOICE";
}
