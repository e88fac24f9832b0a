package io.kotanihub.invoices;

import java.util.Optional;

/**
 * The one intake every invoice ingress shares: store under the unique reference, or recognise the same invoice.
 */
final class InvoiceIntake {

    private InvoiceIntake() { }

    /**
     * A new invoice is stored and its link create taken for the caller (to run through route {@code invoice-link});
     * the same reference with the same content gives the existing invoice (nothing to send); empty when the
     * reference is used by an invoice with other content.
     */
    static Optional<LinkWork> accept(InvoiceLedger ledger, InvoiceProperties properties, InvoiceRequest request,
                                     String source) {
        Optional<Long> id = ledger.insert(request, source);
        if (id.isPresent()) {
            Optional<Invoice> claimed = ledger.claim(id.get(), properties.getCreateLease());
            Invoice invoice = claimed.orElseGet(() -> ledger.get(id.get()).orElseThrow());
            return Optional.of(new LinkWork(invoice, claimed.isPresent(), true));
        }
        Invoice existing = ledger.find(request.reference()).orElseThrow();
        return existing.requestHash().equals(request.hash())
                ? Optional.of(new LinkWork(existing, false, false)) : Optional.empty();
    }
}
