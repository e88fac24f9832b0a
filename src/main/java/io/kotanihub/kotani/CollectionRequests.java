package io.kotanihub.kotani;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.model.PaymentCommand;

/**
 * Maps a COLLECTION command to Kotani's mobile-money deposit (REFERENCE §9.1), snake_case throughout:
 * {@code customer_key} (the payer's Kotani customer), {@code amount}, {@code wallet_id} (the fiat wallet credited),
 * {@code reference_id} (the hub's reference, Kotani's idempotency key), {@code currency}, {@code callback_url}.
 */
public final class CollectionRequests {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private CollectionRequests() { }

    public static PayoutRequest of(PaymentCommand cmd, String customerKey, String walletId, String callbackUrl) {
        ObjectNode body = NODES.objectNode();
        body.put("customer_key", required(customerKey, "customer key"));
        body.put("amount", cmd.amount());
        body.put("wallet_id", required(walletId, "wallet id"));
        body.put("reference_id", cmd.reference());
        body.put("currency", cmd.currency());
        if (callbackUrl != null && !callbackUrl.isBlank()) {
            body.put("callback_url", callbackUrl);
        }
        return new PayoutRequest(KotaniEndpoint.DEPOSIT_MOBILE_MONEY, body);
    }

    private static String required(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a collection needs a " + what);
        }
        return value;
    }
}
