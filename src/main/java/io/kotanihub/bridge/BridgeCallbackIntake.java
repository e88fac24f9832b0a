package io.kotanihub.bridge;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.common.logging.LogText;
import io.kotanihub.kotani.signature.KotaniJson;
import io.kotanihub.kotani.signature.KotaniSignatureVerifier;
import io.kotanihub.kotani.signature.KotaniSignatures;
import io.kotanihub.webhook.KotaniWebhookAnswer;
import io.kotanihub.webhook.KotaniWebhookProperties;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Kotani's crypto-bridge callbacks on {@code POST /webhooks/kotani/bridge} (the {@code callback_url} the hub gives
 * Kotani), received like every Kotani webhook: a signed webhook ({@code X-Kotani-Signature}, REFERENCE §19.2,
 * verified with {@code hub.kotani.webhook-secret} and the previous secret) is stored, deduplicated by its canonical
 * content, and only then answered 200; a bad or missing signature is 401 and nothing is stored. An unsigned direct
 * callback is refused with 401 unless {@code hub.kotani.accept-direct-callbacks} is on; even then it is never applied:
 * it only makes the hub ask Kotani's status endpoint about the transfer at once.
 */
@Component
public class BridgeCallbackIntake {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeCallbackIntake.class);
    static final String PATH = "/webhooks/kotani/bridge";

    private final KotaniSignatureVerifier verifier;
    private final KotaniWebhookProperties properties;
    private final BridgeLedger ledger;

    public BridgeCallbackIntake(KotaniWebhookProperties properties, BridgeLedger ledger) {
        this.properties = properties;
        this.ledger = ledger;
        this.verifier = new KotaniSignatureVerifier(List.of(nullToEmpty(properties.getWebhookSecret()),
                nullToEmpty(properties.getPreviousWebhookSecret())));
    }

    public KotaniWebhookAnswer receive(@Body byte[] body, @Header(KotaniSignatures.HEADER) String signature) {
        byte[] received = body == null ? new byte[0] : body;
        if (received.length > properties.getMaxWebhookBody().toBytes()) {
            return problem(413, "Content Too Large", "the callback body exceeds the accepted size");
        }
        Optional<ObjectNode> parsed = readObject(received);
        boolean signed = signature != null
                || parsed.map(o -> o.has("event") && o.has("data")).orElse(false);
        if (!signed) {
            if (!properties.isAcceptDirectCallbacks() || parsed.isEmpty()) {
                LOG.warn("bridge callback refused: no {} header", KotaniSignatures.HEADER);
                return problem(401, "Unauthorized", "the " + KotaniSignatures.HEADER + " header is missing");
            }
            String reference = BridgeService.text(parsed.get(), "kotani_reference_id");
            Optional<BridgeTransfer> transfer = reference == null ? Optional.empty()
                    : ledger.findByKotaniReference(reference);
            transfer.ifPresent(t -> ledger.pollSoon(t.id()));
            LOG.info("unverified bridge callback for {}: Kotani's status endpoint will be asked", LogText.value(reference));
            return ok(false);
        }
        KotaniSignatureVerifier.Verification verification = parsed.isPresent()
                ? verifier.verify(parsed.get(), signature) : verifier.verify(received, signature);
        if (verification.outcome() != KotaniSignatureVerifier.Verification.Outcome.VALID) {
            LOG.warn("bridge callback refused: {} ({})", KotaniSignatures.HEADER, verification.outcome());
            return problem(401, "Unauthorized", "the " + KotaniSignatures.HEADER + " header does not verify");
        }
        JsonNode data = verification.envelope().path("data");
        boolean stored = ledger.storeCallback(BridgeRequests.sha256(verification.canonical()),
                BridgeService.text(data, "kotani_reference_id"), BridgeService.text(data, "status"),
                new String(received, StandardCharsets.UTF_8));
        LOG.info("bridge callback {} for {} {}", LogText.value(BridgeService.text(data, "status")),
                LogText.value(BridgeService.text(data, "kotani_reference_id")), stored ? "stored" : "already stored");
        return ok(!stored);
    }

    /** The answer when storing failed: Kotani should deliver again. */
    public KotaniWebhookAnswer unavailable() {
        return problem(503, "Service Unavailable", "the callback could not be stored; deliver it again later");
    }

    private static KotaniWebhookAnswer ok(boolean duplicate) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("received", true);
        answer.put("duplicate", duplicate);
        return new KotaniWebhookAnswer(200, "application/json", BridgeLedger.write(answer));
    }

    private static KotaniWebhookAnswer problem(int status, String title, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", PATH);
        return new KotaniWebhookAnswer(status, "application/problem+json", BridgeLedger.write(problem));
    }

    private static Optional<ObjectNode> readObject(byte[] body) {
        try {
            return Optional.of(KotaniJson.readObject(body));
        } catch (KotaniJson.MalformedJsonException e) {
            return Optional.empty();
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
