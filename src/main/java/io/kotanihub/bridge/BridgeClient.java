package io.kotanihub.bridge;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kotanihub.kotani.KotaniErrorClassifier;
import io.kotanihub.kotani.KotaniProperties;
import io.kotanihub.kotani.KotaniResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The crypto-bridge calls to Kotani (REFERENCE §16), with the Kotani client's base URL, key and timeouts
 * ({@code hub.kotani.*}) and its answer classification. Never throws for a failed call. Keys and bodies are never
 * logged.
 */
@Component
public class BridgeClient {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeClient.class);

    static final String CREATE = "/api/v3/deposit/crypto-bridge";
    static final String STATUS = "/api/v3/deposit/crypto-bridge/status/";
    static final String REFUND_CONFIG = "/api/v3/deposit/crypto-bridge/%s/refund-config";
    static final String SETTLEMENT = "/api/v3/deposit/crypto-bridge/webhook/provider/settlement";

    /** Exact decimals in and out: amounts are never binary floating point. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private final KotaniProperties properties;
    private final HttpClient http;
    private final KotaniErrorClassifier classifier = new KotaniErrorClassifier(JSON);

    public BridgeClient(KotaniProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.getConnectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** §16.3: creates the transfer; {@code body} is the exact JSON sent. */
    public KotaniResponse create(String body) {
        return send("POST", CREATE, body, true, Map.of());
    }

    /** §16.6. */
    public KotaniResponse status(String kotaniReference) {
        return send("GET", STATUS + encode(kotaniReference), null, true, Map.of());
    }

    /** §16.5: the current refund config with its regeneration counts. */
    public KotaniResponse refundConfig(String kotaniReference) {
        return send("GET", REFUND_CONFIG.formatted(encode(kotaniReference)), null, true, Map.of());
    }

    /** §16.5: regenerates an expired refund invoice. */
    public KotaniResponse regenerateRefundInvoice(String kotaniReference) {
        return send("POST", REFUND_CONFIG.formatted(encode(kotaniReference)), null, true, Map.of());
    }

    /** §16.8: the provider's signed settlement webhook; no bearer key, {@code headers} carry the signature. */
    public KotaniResponse settlement(String body, Map<String, String> headers) {
        return send("POST", SETTLEMENT, body, false, headers);
    }

    private KotaniResponse send(String method, String path, String body, boolean bearer, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(properties.getBaseUrl() + path))
                .timeout(properties.getRequestTimeout())
                .header("Accept", "application/json");
        if (bearer) {
            request.header("Authorization", "Bearer " + properties.getApiKey());
        }
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        KotaniResponse response;
        try {
            HttpResponse<String> answer = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            response = classifier.classify(answer.statusCode(), answer.body(),
                    answer.headers().firstValue("Retry-After").orElse(null), Instant.now());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response = classifier.failure(e);
        } catch (IOException | RuntimeException e) {
            response = classifier.failure(e);
        }
        LOG.debug("{} {} -> {} {}", method, path, response.outcome(), response.httpStatus());
        return response;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
