package io.kotanihub.kotani.signature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Verifies {@code X-Kotani-Signature} on a received webhook body exactly as REFERENCE §19.2 describes: the body is
 * parsed (members in the order received, numbers exact), {@code signature} is removed, the rest is re-serialised as
 * JavaScript's {@code JSON.stringify} would, signed with each configured secret, and compared with the trimmed
 * header in constant time. Because the body is re-serialised, formatting (spacing, indentation) does not matter, but
 * member order does: {@code data} before {@code event} is a different string and is rejected.
 *
 * <p>Several secrets support rotation: the current one first, then the previous one while Kotani switches over.
 */
public final class KotaniSignatureVerifier {

    private final List<String> secrets;

    /** @param secrets the accepted secrets, current first; blank entries (unset options) are ignored */
    public KotaniSignatureVerifier(List<String> secrets) {
        List<String> usable = new ArrayList<>();
        for (String secret : secrets) {
            if (secret != null && !secret.isBlank()) {
                usable.add(secret);
            }
        }
        this.secrets = Collections.unmodifiableList(usable);
    }

    public KotaniSignatureVerifier(String... secrets) {
        this(Arrays.asList(secrets));
    }

    /** Whether any secret is configured; without one no signature can be valid. */
    public boolean hasSecrets() {
        return !secrets.isEmpty();
    }

    /** Verifies a raw body (UTF-8 JSON bytes as received) against the header value (null when absent). */
    public Verification verify(byte[] body, String header) {
        if (header == null || header.isBlank()) {
            return Verification.failed(Verification.Outcome.MISSING_SIGNATURE);
        }
        ObjectNode envelope;
        try {
            envelope = KotaniJson.readObject(body);
        } catch (KotaniJson.MalformedJsonException e) {
            return Verification.failed(Verification.Outcome.MALFORMED_BODY);
        }
        return verify(envelope, header);
    }

    /** Verifies an already parsed body (read by {@link KotaniJson}) against the header value. */
    public Verification verify(ObjectNode envelope, String header) {
        if (header == null || header.isBlank()) {
            return Verification.failed(Verification.Outcome.MISSING_SIGNATURE);
        }
        String canonical = KotaniSignatures.canonicalString(envelope);
        byte[] received = header.trim().getBytes(StandardCharsets.UTF_8);
        int matched = -1;
        for (int i = 0; i < secrets.size(); i++) {
            byte[] expected = KotaniSignatures.sign(secrets.get(i), canonical).getBytes(StandardCharsets.UTF_8);
            if (MessageDigest.isEqual(expected, received) && matched < 0) {
                matched = i;
            }
        }
        return matched < 0
                ? new Verification(Verification.Outcome.SIGNATURE_MISMATCH, envelope, canonical, -1)
                : new Verification(Verification.Outcome.VALID, envelope, canonical, matched);
    }

    /**
     * The result of one verification.
     *
     * @param envelope the parsed body (null when it could not be read)
     * @param canonical the canonical string that was signed (null when the body could not be read)
     * @param secretIndex which secret matched: 0 the current one, 1 the previous one; -1 when none did
     */
    public record Verification(Outcome outcome, ObjectNode envelope, String canonical, int secretIndex) {

        public enum Outcome { VALID, MISSING_SIGNATURE, MALFORMED_BODY, SIGNATURE_MISMATCH }

        static Verification failed(Outcome outcome) {
            return new Verification(outcome, null, null, -1);
        }

        public boolean isValid() {
            return outcome == Outcome.VALID;
        }
    }
}
