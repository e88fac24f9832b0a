package io.kotanihub.invoices;

import java.util.LinkedHashMap;
import java.util.Map;

import io.kotanihub.rest.ApiProblem;
import io.kotanihub.rest.ApiResponse;
import io.kotanihub.rest.PathParams;
import org.springframework.stereotype.Component;

/**
 * {@code POST /api/v1/invoices} and {@code GET /api/v1/invoices/{reference}} (routes of
 * {@code invoices-api.camel.yaml}): an invoice is stored under its unique reference and its link created at once
 * through route {@code invoice-link}; the answer is 201 with {@code link.url} and {@code link.shortCode} once Kotani
 * answered, 202 while its answer is outstanding (the work engine goes on), 200 for the same request again, 409 for
 * the same reference with other content.
 */
@Component
public class InvoiceApi {

    private final InvoiceLedger ledger;
    private final CardVault cards;
    private final InvoiceProperties properties;

    public InvoiceApi(InvoiceLedger ledger, CardVault cards, InvoiceProperties properties) {
        this.ledger = ledger;
        this.cards = cards;
        this.properties = properties;
    }

    /** Stores the invoice (or finds the same one) and takes its link create when it is new. */
    public LinkWork accept(byte[] body) {
        if (body != null && body.length > properties.getMaxBodyBytes()) {
            throw new ApiProblem(413, "Payload Too Large",
                    "an invoice may not exceed " + properties.getMaxBodyBytes() / 1024 + " KB");
        }
        InvoiceRequest request;
        try {
            request = InvoiceRequest.read(body);
        } catch (InvoiceRequest.InvalidInvoiceException e) {
            if (e.violations().isEmpty()) {
                throw new ApiProblem(400, "Bad Request", e.getMessage());
            }
            throw new ApiProblem(400, "Invalid invoice", e.getMessage(), e.violations().stream()
                    .map(v -> Map.of("field", v.field(), "message", v.message())).toList());
        }
        return InvoiceIntake.accept(ledger, cards, request, "API", properties.getCreateLease()).orElseThrow(() -> new ApiProblem(409,
                "Reference already used", "invoice " + request.reference() + " exists with different content"));
    }

    /** 201 once the link exists, 202 while it is being created, 200 for an invoice that existed already. */
    public ApiResponse answer(LinkWork work) {
        Invoice invoice = ledger.get(work.getInvoiceId()).orElseThrow();
        int status = !work.isNewInvoice() ? 200 : Invoice.CREATED.equals(invoice.linkState()) ? 201 : 202;
        return ApiResponse.json(status, view(invoice));
    }

    public ApiResponse get(String path) {
        String reference = PathParams.decode(path);
        return ledger.find(reference).map(i -> ApiResponse.json(200, view(i)))
                .orElseThrow(() -> new ApiProblem(404, "Not Found", "no invoice with reference " + reference));
    }

    /** The invoice, its link and its payments, as the API answers. */
    public Map<String, Object> view(Invoice invoice) {
        InvoiceRequest request = InvoiceRequest.fromStored(invoice.requestJson());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reference", invoice.reference());
        Map<String, Object> summary = InvoiceLedger.invoiceView(invoice);
        summary.remove("invoiceReference");
        out.putAll(summary);
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("name", request.customerName());
        customer.put("email", request.customerEmail());
        customer.put("phone", request.customerPhone());
        out.put("customer", customer);
        out.put("methods", request.methods());
        out.put("metadata", request.metadata());
        out.put("linkState", invoice.linkState());
        out.put("kotaniError", invoice.kotaniError());
        out.put("source", invoice.source());
        out.put("payments", ledger.payments(invoice.id()).stream().map(InvoiceLedger::paymentView).toList());
        out.put("createdAt", invoice.createdAt().toString());
        out.put("updatedAt", invoice.updatedAt().toString());
        return out;
    }
}
