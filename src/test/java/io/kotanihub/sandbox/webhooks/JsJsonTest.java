package io.kotanihub.sandbox.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sandbox's JSON.stringify reproduction and signer against the shared signature vectors, the worked example of
 * REFERENCE §19.2, and the ECMAScript number formatting rules (expected strings are what node prints for the same
 * IEEE bit patterns).
 */
class JsJsonTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final ObjectMapper DECIMAL_MAPPER =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    static JsonNode vectors() throws Exception {
        try (InputStream in = JsJsonTest.class.getResourceAsStream("/webhook-signature-vectors.json")) {
            return MAPPER.readTree(in);
        }
    }

    static List<JsonNode> validCases() throws Exception {
        List<JsonNode> cases = new ArrayList<>();
        vectors().get("cases").forEach(c -> {
            if (c.get("valid").asBoolean()) {
                cases.add(c);
            }
        });
        return cases;
    }

    static List<JsonNode> invalidCases() throws Exception {
        List<JsonNode> cases = new ArrayList<>();
        vectors().get("cases").forEach(c -> {
            if (!c.get("valid").asBoolean()) {
                cases.add(c);
            }
        });
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validCases")
    void everyValidVectorReserialisesToItsCanonicalStringAndSignsToItsHeader(JsonNode vector) throws Exception {
        String secret = vectors().get("secret").asText();
        for (ObjectMapper mapper : List.of(MAPPER, DECIMAL_MAPPER)) {
            ObjectNode parsed = (ObjectNode) mapper.readTree(vector.get("body").asText());
            parsed.remove("signature");
            String canonical = JsJson.stringify(parsed);
            assertThat(canonical).isEqualTo(vector.get("canonical").asText());
            assertThat(WebhookSigner.signature(secret, canonical)).isEqualTo(vector.get("header").asText());

            WebhookSigner.Signed signed = WebhookSigner.sign(secret, parsed.get("event").asText(), parsed.get("data"));
            assertThat(signed.canonical()).isEqualTo(canonical);
            assertThat(signed.signature()).isEqualTo(vector.get("header").asText());
            assertThat(signed.body()).isEqualTo(canonical.substring(0, canonical.length() - 1)
                    + ",\"signature\":\"" + vector.get("header").asText() + "\"}");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCases")
    void noInvalidVectorVerifiesAgainstItsHeader(JsonNode vector) throws Exception {
        String secret = vectors().get("secret").asText();
        ObjectNode parsed = (ObjectNode) MAPPER.readTree(vector.get("body").asText());
        parsed.remove("signature");
        String signature = WebhookSigner.signature(secret, JsJson.stringify(parsed));
        assertThat(signature).isNotEqualTo(vector.get("header").asText().trim());
    }

    @Test
    void workedExampleOfSection19_2() throws Exception {
        String canonical = "{\"event\":\"transaction.deposit.status.updated\",\"data\":{\"status\":\"SUCCESSFUL\","
                + "\"reference_id\":\"order-abc-001\",\"reference_number\":1001,\"id\":\"64a1b2c3d4e5f6a7b8c9d0e1\","
                + "\"amount\":1000,\"wallet_id\":\"64a1b2c3d4e5f6a7b8c9d0e2\",\"transaction_amount\":1025,"
                + "\"transaction_cost\":25,\"customer_key\":\"cust_abc123\",\"telco_id\":\"OEI2AK4D9X\"}}";
        JsonNode data = DECIMAL_MAPPER.readTree(canonical).get("data");
        WebhookSigner.Signed signed = WebhookSigner.sign("whsec_test_123", "transaction.deposit.status.updated", data);
        assertThat(signed.canonical()).isEqualTo(canonical);
        assertThat(signed.canonical().getBytes(StandardCharsets.UTF_8)).hasSize(318);
        assertThat(signed.signature())
                .isEqualTo("sha256=490d63b6195ad2e82e22b92612e42532bd4e1a453caec39103a61d9748fb7239");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "0|0", "8000000000000000|0", "3ff0000000000000|1", "bff0000000000000|-1", "408f400000000000|1000",
            "407c280000000000|450.5", "3fb999999999999a|0.1", "3fd3333333333334|0.30000000000000004",
            "444b1ae4d6e2ef50|1e+21", "4415af1d78b58c40|100000000000000000000",
            "441ac53a7e04bcda|123456789012345680000", "3e8421f5f40d8376|1.5e-7", "3eb0c6f7a0b5ed8d|0.000001",
            "3eb92a737110e454|0.0000015", "3e7ad7f29abcaf48|1e-7", "463f8def8808b024|2.5e+30",
            "433fffffffffffff|9007199254740991", "4340000000000001|9007199254740994", "1|5e-324",
            "3|1.5e-323", "7fefffffffffffff|1.7976931348623157e+308", "4059066666666666|100.1",
            "3f8eb851eb851eb8|0.015", "3c36b082c2148b8e|1.23e-18", "3fd5555555555555|0.3333333333333333",
            "3fe5555555555555|0.6666666666666666", "4011666666666666|4.35", "44b52d02c7e14af6|1e+23",
            "447c7e83209e90b2|8.41e+21", "43e0000000000000|9223372036854776000", "40c81cd6e631f8a1|12345.6789",
            "beb4b3fd5942cd96|-0.000001234", "3ee4f8b588e368f1|0.00001",
            "444b1ae4d6e2ef4f|999999999999999900000", "7e6ddd4baa009303|1e+301"})
    void numbersPrintAsJavaScriptPrintsThem(String bits, String expected) {
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
        assertThat(JsJson.number(value)).isEqualTo(expected);
    }

    @Test
    void nonFiniteNumbersAndDecimalsFromBigDecimalInput() throws Exception {
        assertThat(JsJson.number(Double.NaN)).isEqualTo("null");
        assertThat(JsJson.number(Double.POSITIVE_INFINITY)).isEqualTo("null");
        JsonNode node = DECIMAL_MAPPER.readTree("{\"a\":1025.50,\"b\":1000.0,\"c\":1E+3,\"d\":-0.0,\"e\":[1.10,2]}");
        assertThat(JsJson.stringify(node)).isEqualTo("{\"a\":1025.5,\"b\":1000,\"c\":1000,\"d\":0,\"e\":[1.1,2]}");
    }

    @Test
    void stringsEscapeExactlyAsJavaScriptDoes() {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("s", "a\u0000b\u0007c\u001fd\u007f\u2028e</script>&'=/\uD83D\uDE00\uD800x\uDC00");
        assertThat(JsJson.stringify(node)).isEqualTo(
                "{\"s\":\"a\\u0000b\\u0007c\\u001fd\u007f\u2028e</script>&'=/\uD83D\uDE00\\ud800x\\udc00\"}");
    }
}
