package io.kotanihub.kotani.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The canonicaliser against JavaScript itself: {@code json-stringify-fixtures.json} holds what Node's
 * {@code JSON.stringify(JSON.parse(input))} produced for some 1,400 inputs (numbers of every magnitude and textual
 * form, every control character, unpaired surrogates, array-index keys); {@code src/test/js} has the generator.
 */
class JsStringifyTest {

    @Test
    void matchesJavaScriptOnEveryFixture() throws IOException {
        JsonNode fixtures;
        try (InputStream in = getClass().getResourceAsStream("/kotani/json-stringify-fixtures.json")) {
            fixtures = new ObjectMapper().readTree(in);
        }
        List<String> mismatches = new ArrayList<>();
        for (JsonNode fixture : fixtures.get("cases")) {
            String input = fixture.get("input").asText();
            String actual = JsStringify.stringify(KotaniJson.readObject(input.getBytes(StandardCharsets.UTF_8)));
            if (!actual.equals(fixture.get("output").asText())) {
                mismatches.add(input + " -> " + actual + " (JavaScript: " + fixture.get("output").asText() + ")");
            }
        }
        assertThat(fixtures.get("cases").size()).isGreaterThan(1000);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void numbersWhereJava17sDoubleToStringIsNotShortest() {
        assertThat(Double.toString(2.82879384806159E17)).isNotEqualTo("2.82879384806159E17");
        assertThat(JsNumbers.toJsString(2.82879384806159E17)).isEqualTo("282879384806159000");
        assertThat(JsNumbers.toJsString(1.0E23)).isEqualTo("1e+23");
    }

    @Test
    void jsNumberFormattingThresholds() {
        assertThat(JsNumbers.toJsString(1e21)).isEqualTo("1e+21");
        assertThat(JsNumbers.toJsString(1e20)).isEqualTo("100000000000000000000");
        assertThat(JsNumbers.toJsString(1e-6)).isEqualTo("0.000001");
        assertThat(JsNumbers.toJsString(1e-7)).isEqualTo("1e-7");
        assertThat(JsNumbers.toJsString(1.5e-7)).isEqualTo("1.5e-7");
        assertThat(JsNumbers.toJsString(-0.0)).isEqualTo("0");
        assertThat(JsNumbers.toJsString(1000.0)).isEqualTo("1000");
        assertThat(JsNumbers.toJsString(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(JsNumbers.toJsString(Double.MIN_VALUE)).isEqualTo("5e-324");
        assertThat(JsNumbers.toJsString(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e+308");
        assertThat(JsNumbers.toJsString(Double.POSITIVE_INFINITY)).isEqualTo("null");
    }

    @Test
    void arrayIndexKeys() {
        assertThat(JsStringify.isArrayIndex("0")).isTrue();
        assertThat(JsStringify.isArrayIndex("4294967294")).isTrue();
        assertThat(JsStringify.isArrayIndex("4294967295")).isFalse();
        assertThat(JsStringify.isArrayIndex("01")).isFalse();
        assertThat(JsStringify.isArrayIndex("-1")).isFalse();
        assertThat(JsStringify.isArrayIndex("")).isFalse();
        assertThat(JsStringify.isArrayIndex("99999999999")).isFalse();
    }
}
