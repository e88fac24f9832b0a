package io.kotanihub.sandbox.links;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.core.SandboxFaults;
import io.kotanihub.sandbox.web.DroppedResponseException;
import io.kotanihub.sandbox.web.Envelope;
import io.kotanihub.sandbox.web.SandboxApiException;
import io.kotanihub.sandbox.web.Validation;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The integrator's payment-link calls (§14) on the current {@code /api/v3/dashboard/payment-links} family and the
 * older {@code /api/v3/payment-links} one; {@code hub.sandbox.payment-links.paths} says which answer (the other is
 * 404). A create honours the {@code dropResponseRate} fault (the link exists, the answer is cut off). The dashboard family names a link by its id only; the older one by id or short code (its prose lists
 * {@code /:shortCode/transactions}). Lists are {@code {data, meta}} like the deposit list of §9.3.
 */
@RestController
public class PaymentLinkController {

    static final String DASHBOARD = "/api/v3/dashboard/payment-links";
    static final String LEGACY = "/api/v3/payment-links";

    private final PaymentLinks links;
    private final SandboxProperties properties;
    private final SandboxFaults faults;

    public PaymentLinkController(PaymentLinks links, SandboxProperties properties, SandboxFaults faults) {
        this.links = links;
        this.properties = properties;
        this.faults = faults;
    }

    @PostMapping({DASHBOARD, LEGACY})
    Map<String, Object> create(HttpServletRequest request, @RequestBody(required = false) JsonNode body) {
        family(request);
        PaymentLink link = links.create(body);
        if (faults.dropResponse()) {
            throw new DroppedResponseException();
        }
        return Envelope.ok("Payment link created successfully.", view(link));
    }

    @GetMapping({DASHBOARD, LEGACY})
    Map<String, Object> list(HttpServletRequest request, @RequestParam(required = false) String status,
                             @RequestParam(required = false) String page,
                             @RequestParam(name = "per_page", required = false) String perPage) {
        family(request);
        List<PaymentLink> matching = links.all().stream()
                .filter(l -> status == null || status.equalsIgnoreCase(links.status(l))).toList();
        return page(matching, page, perPage, this::view);
    }

    @GetMapping({DASHBOARD + "/{id}", LEGACY + "/{id}"})
    Map<String, Object> get(HttpServletRequest request, @PathVariable String id) {
        return Envelope.ok("Payment link retrieved successfully.", view(find(request, id)));
    }

    @GetMapping({DASHBOARD + "/{id}/transactions", LEGACY + "/{id}/transactions"})
    Map<String, Object> transactions(HttpServletRequest request, @PathVariable String id,
                                     @RequestParam(required = false) String status,
                                     @RequestParam(required = false) String page,
                                     @RequestParam(name = "per_page", required = false) String perPage) {
        PaymentLink link = find(request, id);
        List<PaymentLink.Payment> matching = link.payments.stream()
                .sorted((a, b) -> b.createdAt().compareTo(a.createdAt()))
                .filter(p -> status == null || status.equalsIgnoreCase(links.paymentStatus(p))).toList();
        return page(matching, page, perPage, p -> PaymentLinkViews.payment(links, link, p));
    }

    @GetMapping({DASHBOARD + "/transactions/reference/{referenceId}", LEGACY + "/transactions/{referenceId}"})
    Map<String, Object> transaction(HttpServletRequest request, @PathVariable String referenceId) {
        family(request);
        PaymentLink link = links.ofPayment(referenceId)
                .orElseThrow(() -> SandboxApiException.notFound("Payment link transaction not found"));
        PaymentLink.Payment payment = link.payments.stream().filter(p -> p.reference().equals(referenceId))
                .findFirst().orElseThrow(() -> SandboxApiException.notFound("Payment link transaction not found"));
        return Envelope.ok("Payment link transaction retrieved successfully.",
                PaymentLinkViews.payment(links, link, payment));
    }

    @GetMapping({DASHBOARD + "/{id}/analytics", LEGACY + "/{id}/analytics"})
    Map<String, Object> analytics(HttpServletRequest request, @PathVariable String id) {
        return Envelope.ok("Payment link analytics retrieved successfully.",
                PaymentLinkViews.analytics(links, find(request, id)));
    }

    @PostMapping({DASHBOARD + "/{id}/deactivate", LEGACY + "/{id}/deactivate"})
    Map<String, Object> deactivate(HttpServletRequest request, @PathVariable String id) {
        boolean dashboard = family(request);
        return Envelope.ok("Payment link deactivated successfully.", view(links.deactivate(id, dashboard)));
    }

    private PaymentLink find(HttpServletRequest request, String id) {
        return family(request) ? links.byId(id) : links.byIdOrShortCode(id);
    }

    /** True for the dashboard family; 404 for a family switched off. */
    private boolean family(HttpServletRequest request) {
        boolean dashboard = request.getRequestURI().startsWith(DASHBOARD);
        String paths = properties.getPaymentLinks().getPaths();
        boolean on = "BOTH".equalsIgnoreCase(paths) || (dashboard ? "DASHBOARD" : "LEGACY").equalsIgnoreCase(paths);
        if (!on) {
            throw SandboxApiException.notFound("Cannot " + request.getMethod() + " " + request.getRequestURI());
        }
        return dashboard;
    }

    private ObjectNode view(PaymentLink link) {
        return PaymentLinkViews.link(links, link, properties.getPaymentLinks().getPageUrl());
    }

    private static <T> Map<String, Object> page(List<T> items, String pageText, String perPageText,
                                                Function<T, ObjectNode> view) {
        Integer page = integer(pageText);
        Integer perPage = integer(perPageText);
        Validation v = Validation.of(JsonNodeFactory.instance.objectNode());
        v.check(pageText == null || (page != null && page >= 1), "page must not be less than 1");
        v.check(perPageText == null || (perPage != null && perPage >= 1 && perPage <= 100),
                "per_page must be between 1 and 100");
        v.validate();
        int p = page == null ? 1 : page;
        int size = perPage == null ? 20 : perPage;
        int start = Math.min(items.size(), (p - 1) * size);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", items.subList(start, Math.min(items.size(), start + size)).stream().map(view).toList());
        body.put("meta", PaymentLinkViews.meta(items.size(), p, size));
        return body;
    }

    private static Integer integer(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
