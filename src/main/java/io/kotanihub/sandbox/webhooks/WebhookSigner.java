package io.kotanihub.sandbox.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Kotani's webhook signature (REFERENCE §19.2): {@code sha256=} + lowercase hex HMAC-SHA256, keyed with the
 * webhook secret's UTF-8 bytes, over the canonical string {@code JSON.stringify({event, data})}; the body sent is
 * that canonical object with a trailing {@code signature} member.
 */
public final class WebhookSigner {

    public static final String PREFIX = "sha256=";

    private WebhookSigner() { }

    /** A signed webhook ready to send: the header value and the exact body bytes' text. */
    public record Signed(String canonical, String signature, String body) { }

    public static Signed sign(String secret, String event, JsonNode data) {
        String canonical = JsJson.eventEnvelope(event, data);
        String signature = signature(secret, canonical);
        String body = canonical.substring(0, canonical.length() - 1)
                + ",\"signature\":\"" + signature + "\"}";
        return new Signed(canonical, signature, body);
    }

    /** {@code sha256=<hex HMAC-SHA256(secret, message)>}, both as UTF-8. */
    public static String signature(String secret, String message) {
        return PREFIX + HexFormat.of().formatHex(hmacSha256(secret.getBytes(StandardCharsets.UTF_8),
                message.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] hmacSha256(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
