package io.kotanihub.sandbox.ramps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.web.Envelope;
import io.kotanihub.sandbox.web.Validation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Offramp endpoints and refund controls (REFERENCE §13.1-13.2); the behaviour is in {@link OfframpService}. */
@RestController
@RequestMapping("/api/v3/offramp")
public class OfframpController {

    private final OfframpService offramps;

    public OfframpController(OfframpService offramps) {
        this.offramps = offramps;
    }

    @PostMapping
    Map<String, Object> create(@RequestBody(required = false) JsonNode body) {
        return Envelope.ok("Offramp has been successfully created", offramps.create(body));
    }

    @GetMapping("/transactions")
    Map<String, Object> transactions() {
        return Envelope.ok("Offramp transactions retrieved", offramps.list());
    }

    @GetMapping("/{referenceId}")
    Map<String, Object> status(@PathVariable String referenceId) {
        return Envelope.ok("Offramp status retrieved", offramps.status(referenceId));
    }

    /** Cancels with a GET, as the reference documents (§13.2, §22.25). */
    @GetMapping("/cancel/{referenceId}")
    Map<String, Object> cancel(@PathVariable String referenceId) {
        return Envelope.ok("Offramp has been successfully cancelled", offramps.cancel(referenceId));
    }

    @GetMapping("/refund-status/{referenceId}")
    Map<String, Object> refundStatus(@PathVariable String referenceId) {
        return Envelope.ok("Refund status retrieved", offramps.refundStatus(referenceId));
    }

    @PostMapping("/retry-refund/{referenceId}")
    Map<String, Object> retryRefund(@PathVariable String referenceId) {
        return Envelope.ok("Refund retry initiated", offramps.retryRefund(referenceId));
    }

    @PostMapping("/retry-refunds-multiple")
    Map<String, Object> retryMany(@RequestBody(required = false) JsonNode body) {
        Validation v = Validation.of(body);
        JsonNode references = body.get("referenceIds");
        boolean array = references != null && references.isArray();
        v.check(array, "referenceIds must be an array");
        v.check(!array || !references.isEmpty(), "referenceIds should not be empty");
        List<String> ids = new ArrayList<>();
        if (array) {
            references.forEach(r -> ids.add(r.isTextual() ? r.asText() : null));
            v.check(ids.stream().allMatch(id -> id != null && !id.isBlank()),
                    "each value in referenceIds must be a string");
        }
        v.validate();
        return Envelope.ok("Refund retries processed", results(ids));
    }

    @PostMapping("/retry-all-failed-refunds")
    Map<String, Object> retryAll() {
        return Envelope.ok("Refund retries processed", results(offramps.failedRefunds()));
    }

    @PostMapping("/submit-refund-invoice/{referenceId}")
    Map<String, Object> submitInvoice(@PathVariable String referenceId, @RequestBody(required = false) JsonNode body) {
        Validation.of(body).requireString("invoice").validate();
        return Envelope.ok("Refund invoice accepted", offramps.submitInvoice(referenceId, RampJson.text(body,
                "invoice")));
    }

    private List<ObjectNode> results(List<String> references) {
        return references.stream().map(offramps::retryResult).toList();
    }
}
