package io.kotanihub.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A signed Kotani webhook made by a test as REFERENCE §19.2 describes, from a canonical string written by hand
 * ({@code {"event":…,"data":…}}, compact): HMAC-SHA256 keyed with the secret's UTF-8 bytes, lowercase hex,
 * {@code sha256=} prefix; the body is the canonical object with the signature appended as a third member.
 */
public record KotaniSigned(String body, String signature) {

    public static KotaniSigned of(String secret, String event, String compactData) {
        String canonical = "{\"event\":\"" + event + "\",\"data\":" + compactData + "}";
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = "sha256=" + HexFormat.of().formatHex(
                    mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
            String body = canonical.substring(0, canonical.length() - 1) + ",\"signature\":\"" + signature + "\"}";
            return new KotaniSigned(body, signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Map<String, String> headers(String event) {
        return Map.of("X-Kotani-Signature", signature, "X-Kotani-Event", event);
    }
}
