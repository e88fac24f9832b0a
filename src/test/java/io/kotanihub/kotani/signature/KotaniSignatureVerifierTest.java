package io.kotanihub.kotani.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kotanihub.kotani.signature.KotaniSignatureVerifier.Verification;
import io.kotanihub.kotani.signature.KotaniSignatureVerifier.Verification.Outcome;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hub's verifier against the shared signature vectors (computed independently of this code) and the worked
 * example of REFERENCE §19.2.
 */
class KotaniSignatureVerifierTest {

    private static final String EXAMPLE_SECRET = "whsec_test_123";
    private static final String EXAMPLE_CANONICAL = "{\"event\":\"transaction.deposit.status.updated\",\"data\":{"
            + "\"status\":\"SUCCESSFUL\",\"reference_id\":\"order-abc-001\",\"reference_number\":1001,"
            + "\"id\":\"64a1b2c3d4e5f6a7b8c9d0e1\",\"amount\":1000,\"wallet_id\":\"64a1b2c3d4e5f6a7b8c9d0e2\","
            + "\"transaction_amount\":1025,\"transaction_cost\":25,\"customer_key\":\"cust_abc123\","
            + "\"telco_id\":\"OEI2AK4D9X\"}}";
    private static final String EXAMPLE_HEADER =
            "sha256=490d63b6195ad2e82e22b92612e42532bd4e1a453caec39103a61d9748fb7239";
    private static final String EXAMPLE_BODY = EXAMPLE_CANONICAL.substring(0, EXAMPLE_CANONICAL.length() - 1)
            + ",\"signature\":\"" + EXAMPLE_HEADER + "\"}";

    /** JSON.stringify(example, null, 2). */
    private static final String EXAMPLE_PRETTY = """
            {
              "event": "transaction.deposit.status.updated",
              "data": {
                "status": "SUCCESSFUL",
                "reference_id": "order-abc-001",
                "reference_number": 1001,
                "id": "64a1b2c3d4e5f6a7b8c9d0e1",
                "amount": 1000,
                "wallet_id": "64a1b2c3d4e5f6a7b8c9d0e2",
                "transaction_amount": 1025,
                "transaction_cost": 25,
                "customer_key": "cust_abc123",
                "telco_id": "OEI2AK4D9X"
              }
            }
            """;

    static JsonNode vectors() throws IOException {
        try (InputStream in = KotaniSignatureVerifierTest.class.getResourceAsStream(
                "/kotani/webhook-signature-vectors.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    static Stream<Arguments> vectorCases() throws IOException {
        JsonNode vectors = vectors();
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode c : vectors.get("cases")) {
            cases.add(Arguments.of(Named.of(c.get("name").asText(), c), vectors.get("secret").asText()));
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("vectorCases")
    void everySharedVectorIsDecidedAsItsAuthorsExpect(JsonNode vector, String secret) {
        KotaniSignatureVerifier verifier = new KotaniSignatureVerifier(secret);
        byte[] body = vector.get("body").asText().getBytes(StandardCharsets.UTF_8);

        Verification verification = verifier.verify(body, vector.get("header").asText());

        assertThat(verification.isValid()).isEqualTo(vector.get("valid").asBoolean());
        if (vector.has("canonical")) {
            assertThat(verification.canonical()).isEqualTo(vector.get("canonical").asText());
        }
    }

    @Test
    void theVectorsCoverValidAndInvalidCases() throws IOException {
        JsonNode cases = vectors().get("cases");
        assertThat(cases.size()).isGreaterThanOrEqualTo(14);
        assertThat(cases.findValuesAsText("name")).contains("members-reordered", "base64-signature",
                "big-and-small-numbers", "control-chars", "non-ascii", "pretty-printed-body");
    }

    @Test
    void workedExampleOfTheReference() {
        Verification verification = new KotaniSignatureVerifier(EXAMPLE_SECRET)
                .verify(EXAMPLE_BODY.getBytes(StandardCharsets.UTF_8), EXAMPLE_HEADER);

        assertThat(verification.isValid()).isTrue();
        assertThat(verification.canonical()).isEqualTo(EXAMPLE_CANONICAL);
        assertThat(verification.canonical().getBytes(StandardCharsets.UTF_8)).hasSize(318);
        assertThat(KotaniSignatures.sign(EXAMPLE_SECRET, EXAMPLE_CANONICAL)).isEqualTo(EXAMPLE_HEADER);
        assertThat(verification.secretIndex()).isZero();
    }

    @Test
    void prettyPrintedBodyIsAcceptedBecauseItIsReserialised() {
        String pretty = EXAMPLE_PRETTY.substring(0, EXAMPLE_PRETTY.length() - 2)
                + ",\n  \"signature\": \"" + EXAMPLE_HEADER + "\"\n}";

        Verification verification = new KotaniSignatureVerifier(EXAMPLE_SECRET)
                .verify(pretty.getBytes(StandardCharsets.UTF_8), EXAMPLE_HEADER);

        assertThat(verification.isValid()).isTrue();
        assertThat(verification.canonical()).isEqualTo(EXAMPLE_CANONICAL);
    }

    @Test
    void signingThePrettyPrintedTextOrTheReorderedObjectGivesTheReferencesOtherMacs() {
        String dataFirst = "{\"data\":" + EXAMPLE_CANONICAL.substring(
                EXAMPLE_CANONICAL.indexOf("\"data\":") + 7, EXAMPLE_CANONICAL.length() - 1)
                + ",\"event\":\"transaction.deposit.status.updated\"}";

        assertThat(KotaniSignatures.sign(EXAMPLE_SECRET, EXAMPLE_PRETTY.strip())).startsWith("sha256=549a729a");
        assertThat(KotaniSignatures.sign(EXAMPLE_SECRET, dataFirst)).startsWith("sha256=31e1e47b");
    }

    @Test
    void dataBeforeEventIsRejected() {
        String dataFirst = "{\"data\":" + EXAMPLE_CANONICAL.substring(
                EXAMPLE_CANONICAL.indexOf("\"data\":") + 7, EXAMPLE_CANONICAL.length() - 1)
                + ",\"event\":\"transaction.deposit.status.updated\",\"signature\":\"" + EXAMPLE_HEADER + "\"}";

        Verification verification = new KotaniSignatureVerifier(EXAMPLE_SECRET)
                .verify(dataFirst.getBytes(StandardCharsets.UTF_8), EXAMPLE_HEADER);

        assertThat(verification.outcome()).isEqualTo(Outcome.SIGNATURE_MISMATCH);
    }

    @Test
    void base64OfTheCorrectMacIsRejected() {
        Verification verification = new KotaniSignatureVerifier(EXAMPLE_SECRET).verify(
                EXAMPLE_BODY.getBytes(StandardCharsets.UTF_8),
                "sha256=SQ1jthla0uguIrkmEuQlMr1OGkU8rsORA6Ydl0j7cjk=");

        assertThat(verification.outcome()).isEqualTo(Outcome.SIGNATURE_MISMATCH);
    }

    @Test
    void uppercaseHexAndAMissingPrefixAreRejected() {
        KotaniSignatureVerifier verifier = new KotaniSignatureVerifier(EXAMPLE_SECRET);
        byte[] body = EXAMPLE_BODY.getBytes(StandardCharsets.UTF_8);

        assertThat(verifier.verify(body, "sha256=" + EXAMPLE_HEADER.substring(7).toUpperCase()).isValid()).isFalse();
        assertThat(verifier.verify(body, EXAMPLE_HEADER.substring(7)).isValid()).isFalse();
    }

    @Test
    void headerWhitespaceIsTrimmed() {
        Verification verification = new KotaniSignatureVerifier(EXAMPLE_SECRET)
                .verify(EXAMPLE_BODY.getBytes(StandardCharsets.UTF_8), "  " + EXAMPLE_HEADER + " \t");

        assertThat(verification.isValid()).isTrue();
    }

    @Test
    void theBodysOwnSignatureMemberIsNeitherSignedNorTrusted() {
        String bodyWithForgedCopy = EXAMPLE_BODY.replace(EXAMPLE_HEADER, "sha256=" + "0".repeat(64));

        Verification verification = new KotaniSignatureVerifier(EXAMPLE_SECRET)
                .verify(bodyWithForgedCopy.getBytes(StandardCharsets.UTF_8), EXAMPLE_HEADER);

        assertThat(verification.isValid()).isTrue();
        assertThat(new KotaniSignatureVerifier(EXAMPLE_SECRET).verify(
                EXAMPLE_BODY.getBytes(StandardCharsets.UTF_8), "sha256=" + "0".repeat(64)).isValid()).isFalse();
    }

    @Test
    void previousSecretIsAcceptedDuringRotation() {
        KotaniSignatureVerifier rotating = new KotaniSignatureVerifier("whsec_new_secret", EXAMPLE_SECRET);

        Verification verification = rotating.verify(EXAMPLE_BODY.getBytes(StandardCharsets.UTF_8), EXAMPLE_HEADER);

        assertThat(verification.isValid()).isTrue();
        assertThat(verification.secretIndex()).isEqualTo(1);
        assertThat(new KotaniSignatureVerifier("whsec_new_secret")
                .verify(EXAMPLE_BODY.getBytes(StandardCharsets.UTF_8), EXAMPLE_HEADER).isValid()).isFalse();
    }

    @Test
    void currentSecretIsReportedFirstWhenBothAreConfigured() {
        String canonical = EXAMPLE_CANONICAL;
        String header = KotaniSignatures.sign("whsec_new_secret", canonical);
        String body = canonical.substring(0, canonical.length() - 1) + ",\"signature\":\"" + header + "\"}";

        Verification verification = new KotaniSignatureVerifier("whsec_new_secret", EXAMPLE_SECRET)
                .verify(body.getBytes(StandardCharsets.UTF_8), header);

        assertThat(verification.isValid()).isTrue();
        assertThat(verification.secretIndex()).isZero();
    }

    @Test
    void blankSecretsAreIgnoredAndWithoutAnySecretNothingVerifies() {
        KotaniSignatureVerifier unset = new KotaniSignatureVerifier("", null, "  ");

        assertThat(unset.hasSecrets()).isFalse();
        assertThat(unset.verify(EXAMPLE_BODY.getBytes(StandardCharsets.UTF_8), EXAMPLE_HEADER).outcome())
                .isEqualTo(Outcome.SIGNATURE_MISMATCH);
        assertThat(new KotaniSignatureVerifier(EXAMPLE_SECRET, "").verify(
                EXAMPLE_BODY.getBytes(StandardCharsets.UTF_8), EXAMPLE_HEADER).isValid()).isTrue();
    }

    @Test
    void missingOrBlankHeaderIsReportedAsMissing() {
        KotaniSignatureVerifier verifier = new KotaniSignatureVerifier(EXAMPLE_SECRET);
        byte[] body = EXAMPLE_BODY.getBytes(StandardCharsets.UTF_8);

        assertThat(verifier.verify(body, null).outcome()).isEqualTo(Outcome.MISSING_SIGNATURE);
        assertThat(verifier.verify(body, " ").outcome()).isEqualTo(Outcome.MISSING_SIGNATURE);
    }

    @Test
    void garbageAndNonObjectBodiesAreMalformed() {
        KotaniSignatureVerifier verifier = new KotaniSignatureVerifier(EXAMPLE_SECRET);

        for (String garbage : List.of("", "not json", "{\"event\":", "[1,2]", "\"text\"", "null",
                EXAMPLE_BODY + "x", EXAMPLE_BODY + "{}", "{\"event\":\"a\",\"event\":\"b\"}", "{'event':'a'}",
                "{\"a\":1}/* comment */", "{\"a\":01}", "{\"a\":NaN}")) {
            assertThat(verifier.verify(garbage.getBytes(StandardCharsets.UTF_8), EXAMPLE_HEADER).outcome())
                    .as(garbage).isEqualTo(Outcome.MALFORMED_BODY);
        }
        assertThat(verifier.verify(new byte[] {(byte) 0xff, (byte) 0xfe, '{', '}'}, EXAMPLE_HEADER).outcome())
                .isEqualTo(Outcome.MALFORMED_BODY);
    }
}
