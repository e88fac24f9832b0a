package io.kotanihub.bridge;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The events the bridge publishes (Kafka {@code kotani.bridge.events} and the ERP webhook outbox), one JSON object
 * each with snake_case members like the rest of the bridge:
 * <ul>
 * <li>{@value #STATUS_CHANGED}: {@code type, provider_reference_id, kotani_reference_id, status, previous_status,
 * status_text} (the customer-facing text), {@code at, source} (CREATE, CALLBACK, POLL, REPORT or INFERRED) and, on
 * FAILED, {@code failure_stage, failure_reason, failure_message};</li>
 * <li>{@value #REFUND_REQUIRED}: the provider must return the crypto: {@code refund_method} CRYPTO_INVOICE (pay
 * {@code refund_invoice} before {@code expires_at}) or CRYPTO_ADDRESS (send {@code refund_crypto_amount} /
 * {@code refund_amount_msat} to {@code fallback_address}), with {@code chain, token, refund_payment_hash,
 * regeneration_count}.</li>
 * </ul>
 * The relay adds {@code event_id} (unique, increasing) when it hands an event over.
 */
public final class BridgeEvents {

    public static final String STATUS_CHANGED = "STATUS_CHANGED";
    public static final String REFUND_REQUIRED = "REFUND_REQUIRED";

    private BridgeEvents() { }

    static ObjectNode statusChanged(BridgeTransfer t, TransferStatus from, TransferStatus to, Instant at,
                                    String source) {
        ObjectNode event = BridgeClient.JSON.createObjectNode();
        event.put("type", STATUS_CHANGED);
        event.put("provider_reference_id", t.providerReferenceId());
        event.put("kotani_reference_id", t.kotaniReferenceId());
        event.put("status", to.name());
        event.put("previous_status", from == null ? null : from.name());
        event.put("status_text", to.customerText());
        event.put("at", at.toString());
        event.put("source", source);
        if (to == TransferStatus.FAILED) {
            event.put("failure_stage", t.failureStage());
            event.put("failure_reason", t.failureReason());
            event.put("failure_message", t.failureMessage());
        }
        return event;
    }

    /**
     * @param method CRYPTO_INVOICE or CRYPTO_ADDRESS
     * @param config the current refund config (§16.5)
     */
    static ObjectNode refundRequired(BridgeTransfer t, String method, JsonNode config, int regenerations) {
        ObjectNode event = BridgeClient.JSON.createObjectNode();
        event.put("type", REFUND_REQUIRED);
        event.put("provider_reference_id", t.providerReferenceId());
        event.put("kotani_reference_id", t.kotaniReferenceId());
        event.put("status", TransferStatus.FAILED.name());
        event.put("status_text", "CRYPTO_INVOICE".equals(method)
                ? "Settlement failed: pay the refund invoice to return the crypto"
                : "Settlement failed: send the crypto to the fallback address");
        event.put("refund_method", method);
        event.put("chain", t.chain());
        event.put("token", t.token());
        if ("CRYPTO_INVOICE".equals(method)) {
            copy(config, event, "refund_invoice");
            copy(config, event, "refund_payment_hash");
            copy(config, event, "refund_amount_msat");
            copy(config, event, "expires_at");
        } else {
            copy(config, event, "fallback_address");
            copy(config, event, "refund_amount_msat");
            copy(config, event, "refund_crypto_amount");
        }
        event.put("regeneration_count", regenerations);
        event.put("at", Instant.now().toString());
        return event;
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
        if (from != null && from.hasNonNull(field)) {
            to.set(field, from.get(field));
        }
    }
}
