package io.kotanihub.invoices;

import java.time.Duration;
import java.util.Optional;

/**
 * The one intake every invoice ingress shares: store under the unique reference, or recognise the same invoice.
 */
final class InvoiceIntake {

    private InvoiceIntake() { }

    /**
     * A new invoice is stored and its link create taken for the caller for {@code lease} (to run through route
     * {@code invoice-link}; with a zero lease the work engine takes it at once);
     * the same reference with the same content gives the existing invoice (nothing to send); empty when the
     * reference is used by an invoice with other content. A card deposit's card is held in memory
     * ({@link CardVault}) before the row exists, so that the work engine finds it whenever it takes the invoice.
     */
    static Optional<LinkWork> accept(InvoiceLedger ledger, CardVault cards, InvoiceRequest request, String source,
                                     Duration lease) {
        boolean held = cards.hold(request.reference(), request.card());
        Optional<Long> id = ledger.insert(request, source, lease);
        if (id.isPresent()) {
            return Optional.of(new LinkWork(ledger.get(id.get()).orElseThrow(), true, true));
        }
        if (held) {
            cards.drop(request.reference());
        }
        Invoice existing = ledger.find(request.reference()).orElseThrow();
        return existing.requestHash().equals(request.hash())
                ? Optional.of(new LinkWork(existing, false, false)) : Optional.empty();
    }
}
