package io.kotanihub.sandbox.links;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.web.Envelope;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The hosted checkout page's own calls (the December 2025 diagrams of §14), unauthenticated as the customer's
 * browser makes them: the link's public details, and paying it by mobile money with the §21 phone outcomes.
 */
@RestController
public class PaymentPageController {

    private final PaymentLinks links;

    public PaymentPageController(PaymentLinks links) {
        this.links = links;
    }

    @GetMapping("/payment-links/{shortCode}/details")
    Map<String, Object> details(@PathVariable String shortCode) {
        return Envelope.ok("Payment link details retrieved successfully.",
                PaymentLinkViews.details(links, links.byShortCode(shortCode)));
    }

    @PostMapping("/payment-links/{shortCode}/pay")
    Map<String, Object> pay(@PathVariable String shortCode, @RequestBody(required = false) JsonNode body) {
        PaymentLink.Payment payment = links.pay(shortCode, body);
        PaymentLink link = links.byShortCode(shortCode);
        ObjectNode out = JsonNodeFactory.withExactBigDecimals(true).objectNode();
        out.put("transactionId", payment.id());
        out.put("referenceId", payment.reference());
        out.put("shortCode", link.shortCode);
        out.put("status", links.paymentStatus(payment));
        PaymentLinkViews.amount(out, "amount", payment.amount());
        out.put("currency", link.currency);
        out.put("message", "Payment request sent. Complete the payment on your phone.");
        return Envelope.ok("Payment initiated successfully.", out);
    }
}
