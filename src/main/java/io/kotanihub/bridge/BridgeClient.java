package io.kotanihub.bridge;

import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kotanihub.kotani.KotaniClient;
import io.kotanihub.kotani.KotaniEndpoint;
import io.kotanihub.kotani.KotaniResponse;
import io.kotanihub.kotani.KotaniThrottle;
import org.springframework.stereotype.Component;

/**
 * The crypto-bridge calls to Kotani (REFERENCE §16), made through the hub's one Kotani connection
 * ({@link KotaniClient#exchange}: base URL, key, timeouts, answer classification, call audit and metrics) and within
 * the same per-key throttle as payments ({@link KotaniThrottle}, REFERENCE §2.3). A call the throttle holds back is not
 * sent and answers {@link KotaniResponse.Outcome#NOT_SENT}, as does a refused connection, so callers retry it later; a
 * 429 from Kotani pauses the endpoint for its {@code retryAfter}. Never throws for a failed call. Bodies are sent
 * exactly as given (the settlement report's signature covers those bytes); keys and bodies are never logged.
 */
@Component
public class BridgeClient {

    /** Exact decimals in and out: amounts are never binary floating point. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private final KotaniClient kotani;
    private final KotaniThrottle throttle;

    public BridgeClient(KotaniClient kotani, KotaniThrottle throttle) {
        this.kotani = kotani;
        this.throttle = throttle;
    }

    /** §16.3: creates the transfer; {@code body} is the exact JSON sent. */
    public KotaniResponse create(String body) {
        return send(KotaniEndpoint.BRIDGE_CREATE, KotaniEndpoint.BRIDGE_CREATE.path(), body, true, Map.of(),
                providerReference(body));
    }

    /** §16.6. */
    public KotaniResponse status(String kotaniReference) {
        return send(KotaniEndpoint.BRIDGE_STATUS,
                KotaniEndpoint.BRIDGE_STATUS.path() + KotaniClient.encode(kotaniReference), null, true, Map.of(),
                kotaniReference);
    }

    /** §16.5: the current refund config with its regeneration counts. */
    public KotaniResponse refundConfig(String kotaniReference) {
        return send(KotaniEndpoint.BRIDGE_REFUND_CONFIG, refundConfigPath(KotaniEndpoint.BRIDGE_REFUND_CONFIG,
                kotaniReference), null, true, Map.of(), kotaniReference);
    }

    /** §16.5: regenerates an expired refund invoice. */
    public KotaniResponse regenerateRefundInvoice(String kotaniReference) {
        return send(KotaniEndpoint.BRIDGE_REFUND_REGENERATE, refundConfigPath(KotaniEndpoint.BRIDGE_REFUND_REGENERATE,
                kotaniReference), null, true, Map.of(), kotaniReference);
    }

    /** §16.8: the provider's signed settlement webhook; no bearer key, {@code headers} carry the signature. */
    public KotaniResponse settlement(String body, Map<String, String> headers) {
        return send(KotaniEndpoint.BRIDGE_SETTLEMENT_REPORT, KotaniEndpoint.BRIDGE_SETTLEMENT_REPORT.path(), body, false,
                headers, providerReference(body));
    }

    private KotaniResponse send(KotaniEndpoint endpoint, String path, String body, boolean bearer,
                                Map<String, String> headers, String subject) {
        return throttle.call(endpoint, () -> kotani.exchange(endpoint, path, body, bearer, headers, subject));
    }

    private static String refundConfigPath(KotaniEndpoint endpoint, String kotaniReference) {
        return endpoint.path() + KotaniClient.encode(kotaniReference) + "/refund-config";
    }

    private static String providerReference(String body) {
        try {
            return JSON.readTree(body).path("provider_reference_id").asText("");
        } catch (Exception unreadable) {
            return "";
        }
    }
}
