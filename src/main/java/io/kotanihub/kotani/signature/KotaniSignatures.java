package io.kotanihub.kotani.signature;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code X-Kotani-Signature} value of a webhook (REFERENCE §19.2): {@code sha256=} and the lowercase hex
 * HMAC-SHA256, keyed with the webhook secret's UTF-8 bytes, of the canonical string, which is the body without its
 * {@code signature} member as JavaScript's {@code JSON.stringify} writes it.
 */
public final class KotaniSignatures {

    /** The header Kotani signs its webhooks with. */
    public static final String HEADER = "X-Kotani-Signature";
    /** The prefix of the header's value. */
    public static final String PREFIX = "sha256=";
    /** The body member that carries an informational copy of the signature; it is not signed. */
    public static final String SIGNATURE_MEMBER = "signature";

    private KotaniSignatures() { }

    /** The canonical string of a received body: {@code signature} removed, the rest as JSON.stringify writes it. */
    public static String canonicalString(ObjectNode body) {
        ObjectNode signed = body.deepCopy();
        signed.remove(SIGNATURE_MEMBER);
        return JsStringify.stringify(signed);
    }

    /** {@code sha256=<lowercase hex HMAC-SHA256(secret, canonical)>}. */
    public static String sign(String secret, String canonical) {
        return PREFIX + HexFormat.of().formatHex(hmacSha256(secret, canonical));
    }

    private static byte[] hmacSha256(String secret, String canonical) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
