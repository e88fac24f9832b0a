package io.kotanihub.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Report signatures (REFERENCE §16.8) checked against the well-known HMAC-SHA256 test value. */
class ReportSignerTest {

    static final String FOX = "The quick brown fox jumps over the lazy dog";
    static final String FOX_HMAC = "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8";

    @Test
    void bodyModeSignsTheExactBodyAndSendsTheTimestampApart() {
        BridgeProperties.Reports settings = new BridgeProperties.Reports();
        settings.setSecret("key");
        Map<String, String> headers = new ReportSigner(settings).headers(FOX, 1_700_000_000L);
        assertThat(headers).containsExactly(Map.entry("X-Kotani-Signature", "sha256=" + FOX_HMAC),
                Map.entry("X-Kotani-Timestamp", "1700000000"));
    }

    @Test
    void timestampDotBodyModeAndHeaderNamesAreConfigurable() {
        BridgeProperties.Reports settings = new BridgeProperties.Reports();
        settings.setSecret("key");
        settings.setSignatureInput("TIMESTAMP_DOT_BODY");
        settings.setSignatureHeader("X-Provider-Signature");
        settings.setTimestampHeader("X-Provider-Timestamp");
        settings.setSignaturePrefix("");
        Map<String, String> headers = new ReportSigner(settings).headers("body", 42);
        assertThat(headers.get("X-Provider-Signature")).isEqualTo(ReportSigner.hmacHex("key", "42.body"))
                .doesNotStartWith("sha256=").hasSize(64);
        assertThat(headers.get("X-Provider-Timestamp")).isEqualTo("42");
    }
}
