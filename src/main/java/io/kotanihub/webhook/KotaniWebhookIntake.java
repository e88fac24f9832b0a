package io.kotanihub.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.common.logging.LogText;
import io.kotanihub.kotani.signature.JsStringify;
import io.kotanihub.kotani.signature.KotaniJson;
import io.kotanihub.kotani.signature.KotaniSignatureVerifier;
import io.kotanihub.kotani.signature.KotaniSignatureVerifier.Verification;
import io.kotanihub.kotani.signature.KotaniSignatures;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Receives one request on {@code POST /webhooks/kotani} (route {@code kotani-webhook-in}) and decides its answer.
 *
 * <p>The mode is detected per request (REFERENCE §19.1): a request with {@code X-Kotani-Signature}, or whose body
 * has {@code event} and {@code data}, is a signed webhook; it is stored only when its signature verifies (§19.2),
 * otherwise it is refused with 401 and nothing is stored. Anything else is a direct callback: refused with 401 unless
 * {@code hub.kotani.accept-direct-callbacks} is on, then classified by its fields and stored as unverified.
 *
 * <p>A stored webhook is answered 200 only after its row is committed; a redelivery (same canonical string, found by
 * the database's unique dedupe key) is answered 200 as well, and stored once. Failing to store throws, so that the
 * route answers 503 and Kotani delivers again.
 */
@Component
public class KotaniWebhookIntake {

    private static final Logger LOG = LoggerFactory.getLogger(KotaniWebhookIntake.class);
    private static final String JSON = "application/json";
    private static final String PROBLEM = "application/problem+json";
    private static final String INSTANCE = "/webhooks/kotani";

    private final KotaniSignatureVerifier verifier;
    private final KotaniWebhookEventStore store;
    private final KotaniWebhookProperties properties;
    private final ObjectMapper json = new ObjectMapper();

    public KotaniWebhookIntake(KotaniWebhookProperties properties, KotaniWebhookEventStore store) {
        this.properties = properties;
        this.store = store;
        this.verifier = new KotaniSignatureVerifier(
                List.of(nullToEmpty(properties.getWebhookSecret()), nullToEmpty(properties.getPreviousWebhookSecret())));
        if (!verifier.hasSecrets()) {
            LOG.warn("hub.kotani.webhook-secret is not set: every signed Kotani webhook will be refused");
        }
    }

    /**
     * @param body the request body exactly as received
     * @param signature the {@code X-Kotani-Signature} header, null when absent
     */
    public KotaniWebhookAnswer receive(@Body byte[] body, @Header(KotaniSignatures.HEADER) String signature) {
        byte[] received = body == null ? new byte[0] : body;
        if (received.length > properties.getMaxWebhookBody().toBytes()) {
            LOG.warn("Kotani webhook refused: body of {} bytes exceeds hub.kotani.max-webhook-body", received.length);
            return problem(413, "Content Too Large", "the webhook body exceeds the accepted size");
        }
        Optional<ObjectNode> parsed = readObject(received);
        boolean signed = signature != null
                || parsed.map(object -> object.has("event") && object.has("data")).orElse(false);
        if (signed) {
            return receiveSigned(received, parsed, signature);
        }
        if (!properties.isAcceptDirectCallbacks()) {
            LOG.warn("Kotani webhook refused: no {} header and direct callbacks are not accepted",
                    KotaniSignatures.HEADER);
            return unauthorized("the " + KotaniSignatures.HEADER + " header is missing");
        }
        return parsed.map(object -> receiveDirect(received, object))
                .orElseGet(() -> problem(400, "Bad Request", "the callback body is not a JSON object"));
    }

    private KotaniWebhookAnswer receiveSigned(byte[] body, Optional<ObjectNode> parsed, String signature) {
        Verification verification = parsed.isPresent()
                ? verifier.verify(parsed.get(), signature)
                : verifier.verify(body, signature);
        switch (verification.outcome()) {
            case VALID -> { }
            case MISSING_SIGNATURE -> {
                LOG.warn("Kotani webhook refused: a signed envelope without a {} header", KotaniSignatures.HEADER);
                return unauthorized("the " + KotaniSignatures.HEADER + " header is missing");
            }
            case MALFORMED_BODY -> {
                LOG.warn("Kotani webhook refused: the body is not a JSON object, its signature cannot be verified");
                return unauthorized("the body is not a JSON object; the signature cannot be verified");
            }
            default -> {
                LOG.warn("Kotani webhook refused: {} does not match", KotaniSignatures.HEADER);
                return unauthorized("the " + KotaniSignatures.HEADER + " header does not match the body");
            }
        }
        if (verification.secretIndex() > 0) {
            LOG.info("Kotani webhook verified with the previous webhook secret (rotation under way)");
        }
        ObjectNode envelope = verification.envelope();
        JsonNode event = envelope.get("event");
        String eventName = event != null && event.isTextual() ? event.textValue() : null;
        JsonNode data = envelope.path("data");
        return store(new KotaniWebhookEventStore.NewEvent(eventName, KotaniEventKind.ofEvent(eventName),
                referenceOf(data), text(data, "status"), utf8(body), true, sha256(verification.canonical())));
    }

    private KotaniWebhookAnswer receiveDirect(byte[] body, ObjectNode callback) {
        Optional<KotaniEventKind> kind = KotaniEventKind.ofDirectCallback(callback);
        String reference = referenceOf(callback);
        if (kind.isEmpty() || reference == null) {
            LOG.warn("Direct callback refused: not a Kotani transaction callback (no known reference fields)");
            return problem(400, "Bad Request", "not a Kotani transaction callback");
        }
        return store(new KotaniWebhookEventStore.NewEvent(kind.get().statusEvent(), kind.get(), reference,
                text(callback, "status"), utf8(body), false, sha256(JsStringify.stringify(callback))));
    }

    private KotaniWebhookAnswer store(KotaniWebhookEventStore.NewEvent event) {
        KotaniWebhookEventStore.StoreResult result = store.store(event);
        String mode = event.signatureVerified() ? "signed" : "direct, unverified";
        if (result.duplicate()) {
            LOG.info("Kotani webhook {} for reference {} ({}) was already stored; acknowledged again",
                    LogText.value(event.eventName()), LogText.value(event.reference()), mode);
        } else {
            LOG.info("Kotani webhook {} for reference {} ({}) stored as #{}", LogText.value(event.eventName()),
                    LogText.value(event.reference()), mode,
                    result.id());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("received", true);
        answer.put("duplicate", result.duplicate());
        return new KotaniWebhookAnswer(200, JSON, write(answer));
    }

    /** The answer when storing failed unexpectedly (the route's error handler): Kotani should deliver again. */
    public KotaniWebhookAnswer unavailable() {
        return problem(503, "Service Unavailable", "the webhook could not be stored; deliver it again later");
    }

    private static String referenceOf(JsonNode transaction) {
        String snake = text(transaction, "reference_id");
        return snake != null ? snake : text(transaction, "referenceId");
    }

    private static String text(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value != null && value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    private static Optional<ObjectNode> readObject(byte[] body) {
        try {
            return Optional.of(KotaniJson.readObject(body));
        } catch (KotaniJson.MalformedJsonException e) {
            return Optional.empty();
        }
    }

    private KotaniWebhookAnswer unauthorized(String detail) {
        return problem(401, "Unauthorized", detail);
    }

    private KotaniWebhookAnswer problem(int status, String title, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", INSTANCE);
        return new KotaniWebhookAnswer(status, PROBLEM, write(problem));
    }

    private String write(Map<String, Object> body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String utf8(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    static String sha256(String canonical) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
