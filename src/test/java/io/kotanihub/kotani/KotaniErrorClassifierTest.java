package io.kotanihub.kotani;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;

import io.kotanihub.kotani.KotaniResponse.Outcome;
import org.junit.jupiter.api.Test;

/** The classifier on the response shapes of REFERENCE §2.1–2.3 and on the ways a call can break. */
class KotaniErrorClassifierTest {

    private final KotaniErrorClassifier classifier = new KotaniErrorClassifier(KotaniClient.JSON);
    private final Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void anyTwoHundredWithAnEnvelopeIsAccepted() {
        KotaniResponse created = classifier.classify(200, "{\"success\":true,\"message\":\"Withdrawal has been "
                + "successfully created.\",\"data\":{\"id\":\"64a1b2c3d4e5f6a7b8c9d0e1\",\"message\":\"Withdrawal "
                + "request sent successfully\",\"referenceId\":\"ref-1\",\"referenceNumber\":1001}}", null, now);
        assertThat(created.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(created.text("id")).isEqualTo("64a1b2c3d4e5f6a7b8c9d0e1");
        assertThat(classifier.classify(201, "{\"success\":true,\"data\":{}}", null, now).outcome())
                .isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void aTwoHundredThatCannotBeReadIsUnknown() {
        assertThat(classifier.classify(200, "{\"success\":true,\"mess", null, now).outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(classifier.classify(200, "", null, now).outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(classifier.classify(200, "<html>ok</html>", null, now).outcome()).isEqualTo(Outcome.UNKNOWN);
    }

    @Test
    void aTooManyRequestsCarriesTheAdvertisedWait() {
        KotaniResponse shapeA = classifier.classify(429, "{\"statusCode\":429,\"message\":\"Too many requests.\","
                + "\"error\":\"Too Many Requests\",\"data\":{\"retryAfter\":3}}", "3", now);
        assertThat(shapeA.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(shapeA.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        KotaniResponse legacy = classifier.classify(429, "{\"status\":\"error\",\"message\":\"Rate limit exceeded\","
                + "\"error_code\":\"RATE_LIMITED\",\"retry_after\":20}", null, now);
        assertThat(legacy.retryAfter()).isEqualTo(Duration.ofSeconds(20));
        assertThat(classifier.classify(429, "", "4", now).retryAfter()).isEqualTo(Duration.ofSeconds(4));
        assertThat(classifier.classify(429, "busy", null, now).retryAfter()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void otherClientErrorsAreFinalWithKotanisMessage() {
        KotaniResponse validation = classifier.classify(400, "{\"success\":false,\"message\":\"Validation failed: "
                + "amount must be a positive number, customerKey should not be empty\",\"error_code\":400,\"data\":"
                + "{\"errors\":[\"amount must be a positive number\",\"customerKey should not be empty\"]}}", null, now);
        assertThat(validation.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(validation.httpStatus()).isEqualTo(400);
        assertThat(validation.message()).startsWith("Validation failed: amount must be a positive number");

        KotaniResponse legacy = classifier.classify(400, "{\"statusCode\":400,\"message\":\"Insufficient funds in "
                + "fiat wallet\"}", null, now);
        assertThat(legacy.message()).isEqualTo("Insufficient funds in fiat wallet");

        KotaniResponse nestArray = classifier.classify(400, "{\"statusCode\":400,\"message\":[\"amount must be a "
                + "number\",\"walletId should not be empty\"],\"error\":\"Bad Request\"}", null, now);
        assertThat(nestArray.message()).isEqualTo("amount must be a number, walletId should not be empty");

        KotaniResponse suspended = classifier.classify(403, "{\"success\":false,\"message\":\"Customer cust_abc123 is "
                + "temporarily suspended\",\"error_code\":403,\"data\":{\"bannedUntil\":\"2025-01-01T12:00:00Z\"}}",
                null, now);
        assertThat(suspended.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(suspended.text("bannedUntil")).isEqualTo("2025-01-01T12:00:00Z");

        KotaniResponse noBody = classifier.classify(401, "", null, now);
        assertThat(noBody.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(noBody.message()).isEqualTo("HTTP 401");
    }

    @Test
    void notFoundIsARejectionThatCallersCanRecognise() {
        KotaniResponse missing = classifier.classify(404, "{\"success\":false,\"message\":\"Reference Id not found\","
                + "\"error_code\":404,\"data\":{}}", null, now);
        assertThat(missing.notFound()).isTrue();
        assertThat(missing.message()).isEqualTo("Reference Id not found");
        KotaniResponse route = classifier.classify(404, "{\"statusCode\":404,\"message\":\"Cannot GET /api/v3/x\","
                + "\"error\":\"Not Found\"}", null, now);
        assertThat(route.notFound()).isTrue();
    }

    @Test
    void serverErrorsAndOddStatusesAreUnknown() {
        KotaniResponse error = classifier.classify(500, "{\"success\":false,\"message\":\"Internal server error\","
                + "\"error_code\":500,\"data\":{}}", null, now);
        assertThat(error.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(error.message()).isEqualTo("HTTP 500: Internal server error");
        assertThat(classifier.classify(503, "<html>bad gateway</html>", null, now).outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(classifier.classify(302, "", null, now).outcome()).isEqualTo(Outcome.UNKNOWN);
    }

    @Test
    void brokenCallsAreUnknownUnlessNothingWasSent() {
        assertThat(classifier.failure(new HttpTimeoutException("request timed out")).outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(classifier.failure(new IOException("Connection reset")).outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(classifier.failure(new EOFException("EOF reached while reading")).outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(classifier.failure(new ConnectException()).outcome()).isEqualTo(Outcome.NOT_SENT);
        assertThat(classifier.failure(new IOException("wrapped", new ConnectException("refused"))).outcome())
                .isEqualTo(Outcome.NOT_SENT);
        assertThat(classifier.failure(new HttpConnectTimeoutException("connect timed out")).outcome())
                .isEqualTo(Outcome.NOT_SENT);
    }

    /** How camel-http's Apache HttpClient 5 surfaces a failed call: only what happened before sending is NOT_SENT. */
    @Test
    void apacheHttpClientFailuresBeforeSendingAreNotSentAndAfterAreUnknown() {
        assertThat(classifier.failure(new org.apache.hc.client5.http.HttpHostConnectException("refused")).outcome())
                .isEqualTo(Outcome.NOT_SENT);
        assertThat(classifier.failure(new org.apache.hc.client5.http.ConnectTimeoutException("connect timed out"))
                .outcome()).isEqualTo(Outcome.NOT_SENT);
        assertThat(classifier.failure(new org.apache.hc.core5.http.ConnectionRequestTimeoutException("no connection"))
                .outcome()).isEqualTo(Outcome.NOT_SENT);
        assertThat(classifier.failure(new java.net.UnknownHostException("api.kotanipay.invalid")).outcome())
                .isEqualTo(Outcome.NOT_SENT);
        assertThat(classifier.failure(new java.net.SocketTimeoutException("Read timed out")).outcome())
                .isEqualTo(Outcome.UNKNOWN);
        assertThat(classifier.failure(new org.apache.hc.core5.http.NoHttpResponseException("failed to respond"))
                .outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(classifier.failure(new org.apache.camel.CamelExchangeException("wrapped", null,
                new java.net.SocketTimeoutException("Read timed out"))).outcome()).isEqualTo(Outcome.UNKNOWN);
    }
}
