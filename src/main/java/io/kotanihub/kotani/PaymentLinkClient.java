package io.kotanihub.kotani;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

/**
 * The payment-link calls to Kotani (REFERENCE §14, the current {@code /api/v3/dashboard/payment-links} family, whose
 * request fields are unpublished: the names are the dashboard's camelCase, as the sandbox takes them), made through
 * the hub's one Kotani connection ({@link KotaniClient#exchange}) within the per-key throttle. A call the throttle
 * holds back answers {@link KotaniResponse.Outcome#NOT_SENT}; a 429 pauses the endpoint for its {@code retryAfter}.
 * Never throws for a failed call. Called only from the routes of {@code kotani-payment-links.camel.yaml}.
 */
@Component
public class PaymentLinkClient {

    static final int PAGE_SIZE = 100;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    /** What a look-up by {@code referenceId} found: the link, nothing (every page read), or no answer. */
    public record Lookup(KotaniResponse.Outcome outcome, JsonNode link, String message) {
        public boolean found() {
            return link != null;
        }

        /** Kotani answered every page and none holds the link: it was never created. */
        public boolean absent() {
            return link == null && outcome == KotaniResponse.Outcome.ACCEPTED;
        }
    }

    /** Every payment of a link (newest first), or why they could not all be read. */
    public record Transactions(boolean complete, List<JsonNode> items, String message) { }

    private final KotaniClient kotani;
    private final KotaniThrottle throttle;

    public PaymentLinkClient(KotaniClient kotani, KotaniThrottle throttle) {
        this.kotani = kotani;
        this.throttle = throttle;
    }

    /** Creates the link. */
    public KotaniResponse create(PaymentLinkSpec spec) {
        return send(KotaniEndpoint.PAYMENT_LINK_CREATE, KotaniEndpoint.PAYMENT_LINK_CREATE.path(), body(spec),
                spec.referenceId());
    }

    /** Pages through the links (newest first) until the one created with {@code referenceId} is found. */
    public Lookup find(String referenceId, int maxPages) {
        for (int page = 1; page <= maxPages; page++) {
            KotaniResponse answer = send(KotaniEndpoint.PAYMENT_LINK_LIST, KotaniEndpoint.PAYMENT_LINK_LIST.path()
                    + "?page=" + page + "&per_page=" + PAGE_SIZE, null, referenceId);
            if (!answer.accepted() || !answer.data().isArray()) {
                return new Lookup(answer.outcome() == KotaniResponse.Outcome.ACCEPTED ? KotaniResponse.Outcome.UNKNOWN
                        : answer.outcome(), null, answer.message());
            }
            for (JsonNode link : answer.data()) {
                if (referenceId.equals(link.path("referenceId").asText(null))) {
                    return new Lookup(KotaniResponse.Outcome.ACCEPTED, link, answer.message());
                }
            }
            if (answer.data().size() < PAGE_SIZE) {
                return new Lookup(KotaniResponse.Outcome.ACCEPTED, null, answer.message());
            }
        }
        return new Lookup(KotaniResponse.Outcome.UNKNOWN, null, "not among the newest " + maxPages * PAGE_SIZE
                + " links");
    }

    /** One link by Kotani's id (its status: ACTIVE, INACTIVE, EXPIRED, COMPLETED). */
    public KotaniResponse get(String linkId) {
        return send(KotaniEndpoint.PAYMENT_LINK_GET, KotaniEndpoint.PAYMENT_LINK_GET.path()
                + KotaniClient.encode(linkId), null, linkId);
    }

    /** Every payment made through the link. */
    public Transactions transactions(String linkId, int maxPages) {
        List<JsonNode> items = new ArrayList<>();
        for (int page = 1; page <= maxPages; page++) {
            KotaniResponse answer = send(KotaniEndpoint.PAYMENT_LINK_TRANSACTIONS,
                    KotaniEndpoint.PAYMENT_LINK_TRANSACTIONS.path() + KotaniClient.encode(linkId)
                            + "/transactions?page=" + page + "&per_page=" + PAGE_SIZE, null, linkId);
            if (!answer.accepted() || !answer.data().isArray()) {
                return new Transactions(false, items, answer.message());
            }
            answer.data().forEach(items::add);
            if (answer.data().size() < PAGE_SIZE) {
                return new Transactions(true, items, null);
            }
        }
        return new Transactions(false, items, "more than " + maxPages * PAGE_SIZE + " payments");
    }

    static String body(PaymentLinkSpec spec) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", spec.name());
        if (spec.description() != null) {
            body.put("description", spec.description());
        }
        body.put("linkType", "INVOICE");
        body.put("referenceId", spec.referenceId());
        body.put("currency", spec.currency());
        body.put("pricingType", spec.pricing());
        if ("FIXED".equals(spec.pricing())) {
            body.put("amount", spec.amount());
        }
        if (spec.minAmount() != null) {
            body.put("minAmount", spec.minAmount());
        }
        if (spec.maxAmount() != null) {
            body.put("maxAmount", spec.maxAmount());
        }
        body.put("usageType", spec.usage());
        if (spec.maxUses() != null) {
            body.put("maxUses", spec.maxUses());
        }
        if (spec.expiresAt() != null) {
            body.put("expiresAt", spec.expiresAt().toString());
        }
        ArrayNode methods = body.putArray("paymentMethods");
        spec.methods().forEach(methods::add);
        if (spec.metadata() != null && !spec.metadata().isEmpty()) {
            body.set("metadata", JSON.valueToTree(spec.metadata()));
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payment link request cannot be written", e);
        }
    }

    private KotaniResponse send(KotaniEndpoint endpoint, String path, String body, String subject) {
        return throttle.call(endpoint, () -> kotani.exchange(endpoint, path, body, true, Map.of(), subject));
    }
}
