package io.kotanihub.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.kotani.signature.KotaniJson;

/**
 * A webhook received from Kotani, as stored in {@code kotani_webhook_events}.
 *
 * @param eventName the signed envelope's {@code event}; for a direct callback the status event of its kind
 * @param reference the integrator's reference ({@code reference_id} or {@code referenceId}), when present
 * @param status Kotani's {@code status} as received, when present
 * @param rawBody the body exactly as received
 * @param signatureVerified true for a signed webhook whose signature was verified; false for a direct callback,
 *        whose content must be confirmed with Kotani's status endpoint before it is acted on
 * @param processedAt when the event was applied (null while it waits)
 * @param attempts how many times an applier took it
 * @param outcome what applying it did (see {@link KotaniWebhookApplier.Outcome}), null while it waits
 */
public record KotaniWebhookEvent(long id, String eventName, KotaniEventKind kind, String reference, String status,
        String rawBody, boolean signatureVerified, Instant receivedAt, Instant processedAt, int attempts,
        String outcome) {

    /**
     * The transaction fields, read with exact numbers: the {@code data} member of a signed webhook, or the whole body
     * of a direct callback (which has no envelope).
     */
    public JsonNode payload() {
        ObjectNode body = KotaniJson.readObject(rawBody.getBytes(StandardCharsets.UTF_8));
        return signatureVerified ? body.path("data") : body;
    }
}
