package io.kotanihub.sandbox.bridge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.web.SandboxApiException;
import io.kotanihub.sandbox.webhooks.WebhookSigner;
import org.springframework.stereotype.Component;

/**
 * Checks the provider's settlement webhook (REFERENCE §16.8, the simulator convention there):
 * {@code X-Kotani-Signature: sha256=<lowercase hex HMAC-SHA256>} keyed with {@code hub.sandbox.bridge.provider-secret}
 * over the exact raw body ({@code signature-input: BODY}, default) or over {@code <timestamp>.<raw body>}
 * ({@code TIMESTAMP_DOT_BODY}); {@code X-Kotani-Timestamp} (unix seconds) must be within
 * {@code timestamp-tolerance} of the sandbox's clock. Any failure is a 401.
 */
@Component
public class ProviderSignature {

    private final SandboxProperties properties;

    public ProviderSignature(SandboxProperties properties) {
        this.properties = properties;
    }

    void verify(byte[] body, String signatureHeader, String timestampHeader) {
        SandboxProperties.Bridge bridge = properties.getBridge();
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader == null ? "" : timestampHeader.trim());
        } catch (NumberFormatException e) {
            throw new SandboxApiException(401, "Missing or invalid X-Kotani-Timestamp");
        }
        long skew = Math.abs(Instant.now().getEpochSecond() - timestamp);
        if (skew > bridge.getTimestampTolerance().toSeconds()) {
            throw new SandboxApiException(401, "X-Kotani-Timestamp is outside the accepted window");
        }
        byte[] signed = body;
        if ("TIMESTAMP_DOT_BODY".equalsIgnoreCase(bridge.getSignatureInput())) {
            byte[] prefix = (timestampHeader.trim() + ".").getBytes(StandardCharsets.UTF_8);
            signed = new byte[prefix.length + body.length];
            System.arraycopy(prefix, 0, signed, 0, prefix.length);
            System.arraycopy(body, 0, signed, prefix.length, body.length);
        }
        byte[] expected = (WebhookSigner.PREFIX + HexFormat.of().formatHex(WebhookSigner.hmacSha256(
                bridge.getProviderSecret().getBytes(StandardCharsets.UTF_8), signed)))
                .getBytes(StandardCharsets.US_ASCII);
        byte[] given = (signatureHeader == null ? "" : signatureHeader.trim()).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new SandboxApiException(401, "Invalid signature");
        }
    }
}
