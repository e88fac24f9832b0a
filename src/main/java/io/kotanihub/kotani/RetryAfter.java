package io.kotanihub.kotani;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How long a 429 asks the caller to wait (REFERENCE §2.3 and §22.2, every variant): {@code data.retryAfter}
 * (current Shape A and Shape B), then a top-level {@code retry_after} (legacy body), then the {@code Retry-After}
 * header (seconds or an HTTP date), then 60 seconds. Values are seconds, as numbers or numeric strings; fractions
 * are honoured; a wait is never shorter than one second nor longer than an hour.
 */
public final class RetryAfter {

    public static final Duration DEFAULT = Duration.ofSeconds(60);
    private static final Duration MIN = Duration.ofSeconds(1);
    private static final Duration MAX = Duration.ofHours(1);

    private RetryAfter() { }

    /**
     * @param body   the parsed response body, or null when it was not JSON
     * @param header the {@code Retry-After} header value, or null
     * @param now    the time the answer arrived (for an HTTP-date header)
     */
    public static Duration parse(JsonNode body, String header, Instant now) {
        return seconds(body == null ? null : body.path("data").get("retryAfter"))
                .or(() -> seconds(body == null ? null : body.get("retry_after")))
                .or(() -> header(header, now))
                .map(RetryAfter::clamp)
                .orElse(DEFAULT);
    }

    private static Optional<Duration> seconds(JsonNode value) {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isNumber()) {
            return ofSeconds(value.decimalValue());
        }
        if (value.isTextual()) {
            return number(value.asText());
        }
        return Optional.empty();
    }

    private static Optional<Duration> header(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        Optional<Duration> delta = number(header);
        if (delta.isPresent()) {
            return delta;
        }
        try {
            Instant at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(Duration.between(now, at));
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> number(String text) {
        try {
            return ofSeconds(new BigDecimal(text.trim()));
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> ofSeconds(BigDecimal seconds) {
        if (seconds.signum() < 0) {
            return Optional.empty();
        }
        BigDecimal millis = seconds.multiply(BigDecimal.valueOf(1000)).setScale(0, java.math.RoundingMode.CEILING);
        if (millis.compareTo(BigDecimal.valueOf(MAX.toMillis())) > 0) {
            return Optional.of(MAX);
        }
        return Optional.of(Duration.ofMillis(millis.longValueExact()));
    }

    private static Duration clamp(Duration wait) {
        if (wait.compareTo(MIN) < 0) {
            return MIN;
        }
        return wait.compareTo(MAX) > 0 ? MAX : wait;
    }
}
