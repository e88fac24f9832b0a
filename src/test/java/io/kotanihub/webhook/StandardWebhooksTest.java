package io.kotanihub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The outbound signer and its verifier, against the Standard Webhooks reference vector and each other. */
class StandardWebhooksTest {

    private static final String REFERENCE_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String REFERENCE_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long REFERENCE_TIMESTAMP = 1614265330L;
    private static final byte[] REFERENCE_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String REFERENCE_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static final byte[] BODY = "{\"reference\":\"pay-1\",\"status\":\"SUCCESSFUL\",\"amount\":\"1500.50\"}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void signsTheReferenceVectorOfTheSpecification() {
        StandardWebhooks webhooks = new StandardWebhooks(REFERENCE_SECRET);

        Map<String, String> headers = webhooks.sign(REFERENCE_ID,
                Instant.ofEpochSecond(REFERENCE_TIMESTAMP), REFERENCE_BODY);

        assertThat(headers).containsExactly(
                Map.entry("webhook-id", REFERENCE_ID),
                Map.entry("webhook-timestamp", "1614265330"),
                Map.entry("webhook-signature", REFERENCE_SIGNATURE));
        assertThat(new StandardWebhooks("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                .signature(REFERENCE_ID, REFERENCE_TIMESTAMP, REFERENCE_BODY)).isEqualTo(REFERENCE_SIGNATURE);
    }

    @Test
    void verifiesTheReferenceVectorWithinTheTolerance() {
        StandardWebhooks webhooks = new StandardWebhooks(REFERENCE_SECRET);
        Map<String, String> headers = Map.of("Webhook-Id", REFERENCE_ID, "Webhook-Timestamp", "1614265330",
                "Webhook-Signature", REFERENCE_SIGNATURE);

        assertThatNoException().isThrownBy(() -> webhooks.verify(headers, REFERENCE_BODY,
                Instant.ofEpochSecond(REFERENCE_TIMESTAMP + 299), Duration.ofMinutes(5)));
        assertThatThrownBy(() -> webhooks.verify(headers, REFERENCE_BODY,
                Instant.ofEpochSecond(REFERENCE_TIMESTAMP + 301), Duration.ofMinutes(5)))
                .isInstanceOf(StandardWebhooks.VerificationException.class).hasMessageContaining("timestamp");
        assertThatThrownBy(() -> webhooks.verify(headers, REFERENCE_BODY,
                Instant.ofEpochSecond(REFERENCE_TIMESTAMP - 301), Duration.ofMinutes(5)))
                .isInstanceOf(StandardWebhooks.VerificationException.class);
    }

    @Test
    void roundTripWithAFreshSecretAndId() {
        String secret = StandardWebhooks.newSecret();
        String id = StandardWebhooks.newMessageId();
        StandardWebhooks webhooks = new StandardWebhooks(secret);

        Map<String, String> headers = webhooks.sign(id, Instant.now(), BODY);

        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        assertThat(id).startsWith("msg_").doesNotContain(".");
        assertThat(headers.get("webhook-signature")).startsWith("v1,");
        assertThatNoException().isThrownBy(() -> webhooks.verify(headers, BODY));
    }

    @Test
    void anyTamperingIsDetected() {
        StandardWebhooks webhooks = new StandardWebhooks(StandardWebhooks.newSecret());
        Instant now = Instant.now();
        Map<String, String> headers = webhooks.sign("msg_1", now, BODY);

        byte[] tamperedBody = new String(BODY, StandardCharsets.UTF_8).replace("1500.50", "9500.50")
                .getBytes(StandardCharsets.UTF_8);
        assertRejected(webhooks, headers, tamperedBody);
        assertRejected(webhooks, with(headers, "webhook-id", "msg_2"), BODY);
        assertRejected(webhooks, with(headers, "webhook-timestamp", Long.toString(now.getEpochSecond() - 1)), BODY);
        assertRejected(new StandardWebhooks(StandardWebhooks.newSecret()), headers, BODY);
        String signature = headers.get("webhook-signature");
        assertRejected(webhooks, with(headers, "webhook-signature", "v1a," + signature.substring(3)), BODY);
        assertRejected(webhooks, with(headers, "webhook-signature", signature.substring(3)), BODY);
    }

    @Test
    void anyOfSeveralSignaturesMayMatch() {
        StandardWebhooks current = new StandardWebhooks(StandardWebhooks.newSecret());
        StandardWebhooks previous = new StandardWebhooks(StandardWebhooks.newSecret());
        Instant now = Instant.now();
        Map<String, String> headers = current.sign("msg_rotating", now, BODY);
        String both = previous.signature("msg_rotating", now.getEpochSecond(), BODY) + " "
                + headers.get("webhook-signature") + " v1a,bm90LWVkMjU1MTk=";

        assertThatNoException().isThrownBy(() -> current.verify(with(headers, "webhook-signature", both), BODY));
        assertThatNoException().isThrownBy(() -> previous.verify(with(headers, "webhook-signature", both), BODY));
    }

    @Test
    void missingOrMalformedHeadersAreRejected() {
        StandardWebhooks webhooks = new StandardWebhooks(REFERENCE_SECRET);
        Map<String, String> headers = webhooks.sign("msg_1", Instant.now(), BODY);

        for (String name : headers.keySet()) {
            Map<String, String> without = new HashMap<>(headers);
            without.remove(name);
            assertRejected(webhooks, without, BODY);
        }
        assertRejected(webhooks, with(headers, "webhook-timestamp", "yesterday"), BODY);
        assertRejected(webhooks, with(headers, "webhook-id", "msg.1"), BODY);
    }

    @Test
    void refusesSecretsThatAreNotStandardAndIdsWithDots() {
        assertThatThrownBy(() -> new StandardWebhooks("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StandardWebhooks("whsec_not base64!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("not base64!");
        assertThatThrownBy(() -> new StandardWebhooks("whsec_c2hvcnQ="))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("24 to 64 bytes");
        StandardWebhooks webhooks = new StandardWebhooks(REFERENCE_SECRET);
        assertThatThrownBy(() -> webhooks.sign("msg.1", Instant.now(), BODY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> changed = new HashMap<>(headers);
        changed.put(name, value);
        return changed;
    }

    private static void assertRejected(StandardWebhooks webhooks, Map<String, String> headers, byte[] body) {
        assertThatThrownBy(() -> webhooks.verify(headers, body))
                .isInstanceOf(StandardWebhooks.VerificationException.class);
    }
}
