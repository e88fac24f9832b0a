package io.kotanihub.sandbox.payments;

import java.net.URI;

import io.kotanihub.sandbox.core.Family;
import io.kotanihub.sandbox.core.SandboxStore;
import io.kotanihub.sandbox.core.SandboxTransaction;
import io.kotanihub.sandbox.web.SandboxApiException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The pages a checkout sends the customer's browser to (no API key): the ZAR hosted bank checkout
 * ({@code redirectUrl} of §9.4, showing the deposit's status) and the card 3-D Secure challenge ({@code redirect_url}
 * of §9.6): {@code ?result=fail} fails the challenge, anything else passes it. Both send the customer on to the
 * deposit's {@code customerRedirectUrl} (302) when it has one.
 */
@RestController
public class HostedCheckoutPages {

    static final String CHECKOUT = "/checkout/";
    static final String THREE_DS = "/checkout/3ds/";

    private final SandboxStore store;
    private final CardDepositController cards;

    public HostedCheckoutPages(SandboxStore store, CardDepositController cards) {
        this.store = store;
        this.cards = cards;
    }

    @GetMapping(CHECKOUT + "{id}")
    ResponseEntity<String> checkout(@PathVariable String id) {
        SandboxTransaction txn = find(id, BankCheckoutController.KIND);
        return page(txn, "Bank checkout " + txn.reference() + ": " + txn.status());
    }

    @GetMapping(THREE_DS + "{id}")
    ResponseEntity<String> threeDs(@PathVariable String id, @RequestParam(required = false) String result) {
        SandboxTransaction txn = find(id, CardDepositController.KIND);
        boolean passed = !"fail".equalsIgnoreCase(result);
        if (!cards.challenge(txn, passed)) {
            throw new SandboxApiException(409, "3-D Secure already completed for this deposit");
        }
        return page(txn, "3-D Secure " + (passed ? "passed" : "failed") + " for " + txn.reference());
    }

    private SandboxTransaction find(String id, String kind) {
        return store.find(Family.DEPOSIT, id).filter(t -> kind.equals(t.kind()) && t.id().equals(id))
                .orElseThrow(() -> SandboxApiException.notFound("Not Found"));
    }

    private static ResponseEntity<String> page(SandboxTransaction txn, String text) {
        String next = Json.text(txn.request(), "customerRedirectUrl");
        if (next == null) {
            next = Json.text(txn.request().path("card"), "customerRedirectUrl");
        }
        if (next != null) {
            return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(next)).build();
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML)
                .body("<!doctype html><title>Kotani sandbox</title><p>" + HtmlUtils.htmlEscape(text) + "</p>");
    }
}
