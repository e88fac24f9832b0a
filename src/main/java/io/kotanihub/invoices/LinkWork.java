package io.kotanihub.invoices;

import io.kotanihub.kotani.DepositCheckoutSpec;
import io.kotanihub.kotani.PaymentLinkSpec;

/**
 * One invoice on its way through the link routes ({@code invoice-links.camel.yaml}): what to ask Kotani and which
 * step comes next. A plain bean with getters so that the routes read it ({@code ${body.lookupFirst}}).
 */
public class LinkWork {

    private final long invoiceId;
    private final String reference;
    private final String linkId;
    private final PaymentLinkSpec spec;
    private final boolean newInvoice;
    private final String collection;
    private DepositCheckoutSpec checkout;
    private boolean lookupFirst;
    private boolean sendCreate;

    LinkWork(Invoice invoice, boolean claimed, boolean newInvoice) {
        this.invoiceId = invoice.id();
        this.reference = invoice.reference();
        this.linkId = invoice.linkId();
        this.spec = InvoiceRequest.fromStored(invoice.requestJson()).spec();
        this.collection = invoice.collection() == null ? InvoiceRequest.LINK : invoice.collection();
        this.newInvoice = newInvoice;
        boolean maybeSent = Invoice.SENDING.equals(invoice.linkState()) || Invoice.UNKNOWN.equals(invoice.linkState());
        this.lookupFirst = claimed && maybeSent;
        this.sendCreate = claimed && !maybeSent;
    }

    public long getInvoiceId() { return invoiceId; }
    public String getReference() { return reference; }
    public String getLinkId() { return linkId; }
    public PaymentLinkSpec getSpec() { return spec; }
    public boolean isNewInvoice() { return newInvoice; }
    /** {@code LINK}, {@code BANK_CHECKOUT} or {@code CARD_DEPOSIT}: which Kotani operations serve the invoice. */
    public String getCollection() { return collection; }
    /** The bank checkout or card deposit to create (prepared just before it is sent). */
    public DepositCheckoutSpec getCheckout() { return checkout; }
    /** An earlier create may have reached Kotani: look the link up (by referenceId) before sending anything. */
    public boolean isLookupFirst() { return lookupFirst; }
    /** The create is to be sent now. */
    public boolean isSendCreate() { return sendCreate; }

    void lookedUp(boolean sendCreate) {
        this.lookupFirst = false;
        this.sendCreate = sendCreate;
    }

    void prepared(DepositCheckoutSpec checkout) {
        this.checkout = checkout;
    }

    void sent() {
        this.sendCreate = false;
    }
}
