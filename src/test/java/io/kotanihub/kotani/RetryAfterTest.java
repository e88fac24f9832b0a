package io.kotanihub.kotani;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Every 429 variant of REFERENCE §2.3 / §22.2, as Kotani (and the sandbox) write them. */
class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private static JsonNode json(String text) throws Exception {
        return KotaniClient.JSON.readTree(text);
    }

    @Test
    void shapeAWithDataRetryAfter() throws Exception {
        JsonNode body = json("{\"statusCode\":429,\"message\":\"Too many requests. You have exceeded the limit of 60 "
                + "requests per 60 seconds. Please wait before trying again.\",\"error\":\"Too Many Requests\","
                + "\"data\":{\"retryAfter\":37}}");
        assertThat(RetryAfter.parse(body, "5", NOW)).isEqualTo(Duration.ofSeconds(37));
    }

    @Test
    void shapeBWithDataRetryAfter() throws Exception {
        JsonNode body = json("{\"success\":false,\"message\":\"Too many requests\",\"error_code\":429,"
                + "\"data\":{\"retryAfter\":12}}");
        assertThat(RetryAfter.parse(body, null, NOW)).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void legacyBodyWithTopLevelRetryAfter() throws Exception {
        JsonNode body = json("{\"status\":\"error\",\"message\":\"Rate limit exceeded\",\"error_code\":\"RATE_LIMITED\","
                + "\"retry_after\":45}");
        assertThat(RetryAfter.parse(body, "10", NOW)).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void headerInSecondsWhenTheBodySaysNothing() throws Exception {
        JsonNode body = json("{\"statusCode\":429,\"message\":\"Too many requests\",\"data\":{}}");
        assertThat(RetryAfter.parse(body, "7", NOW)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse(null, " 3 ", NOW)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void headerAsAnHttpDate() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(90).atOffset(ZoneOffset.UTC));
        assertThat(RetryAfter.parse(null, date, NOW)).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void sixtySecondsWhenNothingIsAdvertised() throws Exception {
        assertThat(RetryAfter.parse(null, null, NOW)).isEqualTo(Duration.ofSeconds(60));
        assertThat(RetryAfter.parse(json("{\"message\":\"slow down\"}"), "", NOW)).isEqualTo(Duration.ofSeconds(60));
        assertThat(RetryAfter.parse(json("{\"data\":[1,2]}"), "soon", NOW)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void numericStringsAndFractionsAreHonouredAndBadValuesSkipped() throws Exception {
        assertThat(RetryAfter.parse(json("{\"data\":{\"retryAfter\":\"30\"}}"), null, NOW)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse(json("{\"data\":{\"retryAfter\":2.5}}"), null, NOW)).isEqualTo(Duration.ofMillis(2500));
        assertThat(RetryAfter.parse(json("{\"data\":{\"retryAfter\":-4},\"retry_after\":9}"), null, NOW))
                .isEqualTo(Duration.ofSeconds(9));
        assertThat(RetryAfter.parse(json("{\"data\":{\"retryAfter\":\"later\"}}"), "8", NOW)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void waitsAreKeptBetweenOneSecondAndOneHour() throws Exception {
        assertThat(RetryAfter.parse(json("{\"data\":{\"retryAfter\":0}}"), null, NOW)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RetryAfter.parse(json("{\"data\":{\"retryAfter\":999999}}"), null, NOW)).isEqualTo(Duration.ofHours(1));
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.minusSeconds(30).atOffset(ZoneOffset.UTC));
        assertThat(RetryAfter.parse(null, past, NOW)).isEqualTo(Duration.ofSeconds(1));
    }
}
