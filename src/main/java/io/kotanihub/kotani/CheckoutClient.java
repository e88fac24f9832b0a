package io.kotanihub.kotani;

import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

/**
 * Bank checkout (REFERENCE §9.4, §9.5: camelCase, {@code referenceId}) and card deposits (§9.6: camelCase request,
 * snake_case create answer, camelCase status) through the hub's one Kotani connection within the per-key throttle.
 * A call the throttle holds back answers {@link KotaniResponse.Outcome#NOT_SENT}; a 429 pauses the endpoint. Never
 * throws for a failed call; the card's number and CVV go only into the request body (never logged). Called only from
 * the routes of {@code kotani-checkouts.camel.yaml}.
 */
@Component
public class CheckoutClient {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private final KotaniClient kotani;
    private final KotaniThrottle throttle;

    public CheckoutClient(KotaniClient kotani, KotaniThrottle throttle) {
        this.kotani = kotani;
        this.throttle = throttle;
    }

    /** §9.4: a hosted checkout URL (ZAR) or bank transfer details (KES PesaLink, NGN virtual account). */
    public KotaniResponse bankCheckout(DepositCheckoutSpec spec) {
        return send(KotaniEndpoint.BANK_CHECKOUT, KotaniEndpoint.BANK_CHECKOUT.path(), bankBody(spec),
                spec.referenceId());
    }

    /** §9.5, by the hub's reference; 404 when Kotani has no such checkout. */
    public KotaniResponse bankCheckoutStatus(String referenceId) {
        return send(KotaniEndpoint.BANK_CHECKOUT_STATUS, KotaniEndpoint.BANK_CHECKOUT_STATUS.path()
                + KotaniClient.encode(referenceId), null, referenceId);
    }

    /** §9.6: a card deposit; a non-empty {@code redirect_url} in the answer is the 3-D Secure challenge. */
    public KotaniResponse cardDeposit(DepositCheckoutSpec spec) {
        return send(KotaniEndpoint.CARD_DEPOSIT, KotaniEndpoint.CARD_DEPOSIT.path(), cardBody(spec),
                spec.referenceId());
    }

    /** §9.6 status, by the hub's reference; 404 when Kotani has no such deposit. */
    public KotaniResponse cardDepositStatus(String referenceId) {
        return send(KotaniEndpoint.CARD_DEPOSIT_STATUS, KotaniEndpoint.CARD_DEPOSIT_STATUS.path()
                + KotaniClient.encode(referenceId), null, referenceId);
    }

    static String bankBody(DepositCheckoutSpec spec) {
        ObjectNode body = JSON.createObjectNode();
        body.put("fullName", spec.fullName());
        body.put("paymentMethod", spec.paymentMethod() == null ? "PAYBYBANK" : spec.paymentMethod());
        body.put("currency", spec.currency());
        body.put("amount", spec.amount());
        if (spec.phoneNumber() != null) {
            body.put("phoneNumber", spec.phoneNumber());
        }
        body.put("referenceId", spec.referenceId());
        if (spec.customerRedirectUrl() != null) {
            body.put("customerRedirectUrl", spec.customerRedirectUrl());
        }
        return write(body);
    }

    static String cardBody(DepositCheckoutSpec spec) {
        if (spec.card() == null) {
            throw new IllegalArgumentException("a card deposit needs the card");
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("fullName", spec.fullName());
        body.put("phoneNumber", spec.phoneNumber());
        body.put("currency", spec.currency());
        body.put("amount", spec.amount());
        ObjectNode card = body.putObject("card");
        card.put("number", spec.card().number());
        card.put("holder", spec.card().holder());
        card.put("expiryMonth", spec.card().expiryMonth());
        card.put("expiryYear", spec.card().expiryYear());
        card.put("cvv", spec.card().cvv());
        card.put("paymentBrand", spec.card().paymentBrand());
        body.put("referenceId", spec.referenceId());
        if (spec.customerRedirectUrl() != null) {
            body.put("customerRedirectUrl", spec.customerRedirectUrl());
        }
        return write(body);
    }

    private static String write(ObjectNode body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("checkout request cannot be written", e);
        }
    }

    private KotaniResponse send(KotaniEndpoint endpoint, String path, String body, String subject) {
        return throttle.call(endpoint, () -> kotani.exchange(endpoint, path, body, true, Map.of(), subject));
    }
}
