package io.kotanihub.invoices;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The cards of CARD_DEPOSIT invoices between their intake and their create call, in this process's memory only: a
 * card's number and CVV are never written to the ledger, an event or a log. A hub that stops before the create was
 * sent has lost the card; the invoice is then refused ({@code REJECTED}, "card details no longer held") and the ERP
 * sends the card again under a new reference.
 */
@Component
public class CardVault {

    private final Map<String, InvoiceRequest.Card> cards = new ConcurrentHashMap<>();

    /** Holds the card for {@code reference} unless one is held already; true when this one was taken. */
    boolean hold(String reference, InvoiceRequest.Card card) {
        return card != null && card.complete() && cards.putIfAbsent(reference, card) == null;
    }

    Optional<InvoiceRequest.Card> peek(String reference) {
        return Optional.ofNullable(cards.get(reference));
    }

    /** Forgets the card (sent, refused, or the invoice was not new). */
    void drop(String reference) {
        cards.remove(reference);
    }
}
