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
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The page a checkout sends the customer's browser to (no API key): the ZAR hosted bank checkout
 * ({@code redirectUrl} of §9.4, showing the deposit's status); it sends the customer on to the deposit's
 * {@code customerRedirectUrl} (302) when it has one.
 */
@RestController
public class HostedCheckoutPages {

    static final String CHECKOUT = "/checkout/";

    private final SandboxStore store;
    public HostedCheckoutPages(SandboxStore store) {
        this.store = store;
    }

    @GetMapping(CHECKOUT + "{id}")
    ResponseEntity<String> checkout(@PathVariable String id) {
        SandboxTransaction txn = find(id, BankCheckoutController.KIND);
        return page(txn, "Bank checkout " + txn.reference() + ": " + txn.status());
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
