package io.kotanihub.bridge;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the provider's settlement reports as REFERENCE §16.8 recommends: {@code sha256=} + lowercase hex
 * HMAC-SHA256 keyed with the shared secret over the exact body bytes sent ({@code BODY}), or over
 * {@code <timestamp>.<body>} ({@code TIMESTAMP_DOT_BODY}); the unix timestamp of the attempt goes in its own header.
 * Header names and prefix are configurable because the reference leaves them undocumented.
 */
public final class ReportSigner {

    private final BridgeProperties.Reports settings;

    public ReportSigner(BridgeProperties.Reports settings) {
        this.settings = settings;
    }

    /** The headers for one attempt of {@code body} at {@code epochSeconds}. */
    public Map<String, String> headers(String body, long epochSeconds) {
        String timestamp = Long.toString(epochSeconds);
        String signed = "TIMESTAMP_DOT_BODY".equalsIgnoreCase(settings.getSignatureInput())
                ? timestamp + "." + body : body;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(settings.getSignatureHeader(), settings.getSignaturePrefix() + hmacHex(settings.getSecret(), signed));
        headers.put(settings.getTimestampHeader(), timestamp);
        return headers;
    }

    static String hmacHex(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
