package io.kotanihub.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies webhooks the Standard Webhooks way (https://www.standardwebhooks.com), which is how the hub's
 * deliveries to the ERP are signed: headers {@code webhook-id}, {@code webhook-timestamp} (unix seconds) and
 * {@code webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, keyed with the base64-decoded part of
 * the secret after {@code whsec_}.
 *
 * <p>The verifier is what an ERP (or a test) runs on its side: it accepts any of the space-separated {@code v1}
 * signatures (so a sender can sign with an old and a new secret while rotating), compares in constant time, and
 * refuses timestamps further than the tolerance from now (replays).
 */
public final class StandardWebhooks {

    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    /** How far a timestamp may be from the verifier's clock, either way (the specification's suggestion). */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String SECRET_PREFIX = "whsec_";
    private static final String VERSION = "v1";
    private static final int MIN_KEY_BYTES = 24;
    private static final int MAX_KEY_BYTES = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    /**
     * @param secret {@code whsec_} followed by the base64 of 24 to 64 random bytes (the prefix may be left out)
     * @throws IllegalArgumentException when the secret is not of that form; the message never contains the secret
     */
    public StandardWebhooks(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("webhook secret is not set");
        }
        String encoded = secret.strip();
        if (encoded.startsWith(SECRET_PREFIX)) {
            encoded = encoded.substring(SECRET_PREFIX.length());
        }
        try {
            this.key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook secret is not base64 after the whsec_ prefix");
        }
        if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("webhook secret must decode to " + MIN_KEY_BYTES + " to "
                    + MAX_KEY_BYTES + " bytes, not " + key.length);
        }
    }

    /** A new random secret in the standard form ({@code whsec_} + base64 of 32 bytes). */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /** A new unique message id ({@code msg_} + a random UUID without dashes). */
    public static String newMessageId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * The three headers of one delivery attempt of {@code body} (sent exactly as these bytes). The id stays the same
     * across retries of one message; the timestamp is the attempt's.
     */
    public Map<String, String> sign(String messageId, Instant timestamp, byte[] body) {
        requireNoDot(messageId);
        long seconds = timestamp.getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ID_HEADER, messageId);
        headers.put(TIMESTAMP_HEADER, Long.toString(seconds));
        headers.put(SIGNATURE_HEADER, signature(messageId, seconds, body));
        return headers;
    }

    /** {@code v1,<base64 HMAC-SHA256(key, "id.timestamp.body")>}. */
    public String signature(String messageId, long timestampSeconds, byte[] body) {
        requireNoDot(messageId);
        return VERSION + "," + Base64.getEncoder().encodeToString(mac(messageId, timestampSeconds, body));
    }

    /** Verifies with the default tolerance against the current time. */
    public void verify(Map<String, String> headers, byte[] body) {
        verify(headers, body, Instant.now(), DEFAULT_TOLERANCE);
    }

    /**
     * Verifies the headers of a received delivery (names in any case) against its raw body.
     *
     * @throws VerificationException when a header is missing or malformed, the timestamp is outside the tolerance,
     *         or no {@code v1} signature matches
     */
    public void verify(Map<String, String> headers, byte[] body, Instant now, Duration tolerance) {
        Map<String, String> byName = new LinkedHashMap<>();
        headers.forEach((name, value) -> byName.put(name.toLowerCase(Locale.ROOT), value));
        String messageId = required(byName, ID_HEADER);
        String timestamp = required(byName, TIMESTAMP_HEADER);
        String signatures = required(byName, SIGNATURE_HEADER);
        if (messageId.contains(".")) {
            throw new VerificationException("webhook-id must not contain '.'");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            throw new VerificationException("webhook-timestamp is not an integer");
        }
        if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
            throw new VerificationException("webhook-timestamp is too far from the current time");
        }
        byte[] expected = Base64.getEncoder().encodeToString(mac(messageId, seconds, body))
                .getBytes(StandardCharsets.US_ASCII);
        boolean matched = false;
        for (String candidate : signatures.strip().split(" +")) {
            int comma = candidate.indexOf(',');
            if (comma < 0 || !VERSION.equals(candidate.substring(0, comma))) {
                continue;
            }
            byte[] received = candidate.substring(comma + 1).getBytes(StandardCharsets.US_ASCII);
            matched |= MessageDigest.isEqual(expected, received);
        }
        if (!matched) {
            throw new VerificationException("no matching v1 signature");
        }
    }

    private byte[] mac(String messageId, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static void requireNoDot(String messageId) {
        if (messageId == null || messageId.isEmpty() || messageId.contains(".")) {
            throw new IllegalArgumentException("a webhook id must be non-empty and must not contain '.'");
        }
    }

    private static String required(Map<String, String> headers, String name) {
        String value = headers.get(name);
        if (value == null || value.isBlank()) {
            throw new VerificationException("missing " + name + " header");
        }
        return value;
    }

    /** A received webhook does not verify; the message says why (never a secret or a signature). */
    public static final class VerificationException extends RuntimeException {
        public VerificationException(String message) {
            super(message);
        }
    }
}
