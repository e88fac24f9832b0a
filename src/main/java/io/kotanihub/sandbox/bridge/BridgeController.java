package io.kotanihub.sandbox.bridge;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kotanihub.sandbox.web.Envelope;
import io.kotanihub.sandbox.web.SandboxApiException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** The crypto-bridge endpoints of REFERENCE §16 (see {@link BridgeService} for the behaviour). */
@RestController
public class BridgeController {

    private static final ObjectMapper READER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(BridgeJson.NODES);

    private final BridgeService bridge;
    private final ProviderSignature signature;

    public BridgeController(BridgeService bridge, ProviderSignature signature) {
        this.bridge = bridge;
        this.signature = signature;
    }

    @PostMapping("/api/v3/rate/crypto-bridge")
    Map<String, Object> rate(@RequestBody JsonNode body) {
        return Envelope.ok("Crypto bridge rate quote generated successfully.", bridge.quote(body));
    }

    @PostMapping("/api/v3/deposit/crypto-bridge")
    Map<String, Object> create(@RequestBody JsonNode body) {
        return Envelope.ok("Crypto bridge deposit initiated successfully.", bridge.create(body));
    }

    @GetMapping("/api/v3/deposit/crypto-bridge/status/{kotaniReferenceId}")
    Map<String, Object> status(@PathVariable String kotaniReferenceId) {
        return Envelope.ok("Crypto bridge deposit status retrieved.", bridge.status(kotaniReferenceId));
    }

    @GetMapping("/api/v3/deposit/crypto-bridge/{kotaniReferenceId}/refund-config")
    Map<String, Object> refundConfig(@PathVariable String kotaniReferenceId) {
        return Envelope.ok("Refund config retrieved successfully.", bridge.refundConfig(kotaniReferenceId));
    }

    @PostMapping("/api/v3/deposit/crypto-bridge/{kotaniReferenceId}/refund-config")
    Map<String, Object> regenerate(@PathVariable String kotaniReferenceId) {
        return Envelope.ok("Refund invoice regenerated successfully.", bridge.regenerate(kotaniReferenceId));
    }

    /** No bearer key (ApiGuard lets it through): the provider's HMAC over the raw body authenticates it. */
    @PostMapping("/api/v3/deposit/crypto-bridge/webhook/provider/settlement")
    Map<String, Object> settlement(@RequestBody(required = false) byte[] body,
                                   @RequestHeader(name = "X-Kotani-Signature", required = false) String sig,
                                   @RequestHeader(name = "X-Kotani-Timestamp", required = false) String timestamp) {
        byte[] raw = body == null ? new byte[0] : body;
        signature.verify(raw, sig, timestamp);
        return Envelope.ok("Webhook received and processed.", bridge.providerReport(parse(raw)));
    }

    private static JsonNode parse(byte[] raw) {
        try {
            return READER.readTree(raw);
        } catch (IOException e) {
            throw new SandboxApiException(400, "Validation failed: request body is not valid JSON",
                    Map.of("errors", List.of("request body is not valid JSON")));
        }
    }
}
