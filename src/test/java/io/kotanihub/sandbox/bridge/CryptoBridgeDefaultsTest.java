package io.kotanihub.sandbox.bridge;

import static io.kotanihub.sandbox.bridge.CryptoBridgeTest.MAPPER;
import static io.kotanihub.sandbox.bridge.CryptoBridgeTest.refundReport;
import static io.kotanihub.sandbox.bridge.CryptoBridgeTest.report;
import static io.kotanihub.sandbox.bridge.CryptoBridgeTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.SandboxServer;
import io.kotanihub.sandbox.webhooks.CapturingReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The six crypto-bridge scenarios on the sandbox's DEFAULT configuration (stage delay 5 s, invoices must live
 * 60 s, 2-minute slow-payment window, 10-minute settlement deadline, 15-minute refund invoices, rate limits and
 * signed callbacks on), each driven only by what a client sends, all six at once so that the test takes about as
 * long as the slowest (scenario 3: an invoice has to live 60 s before it can expire). The status history is checked
 * both at the status endpoint and in the signed callbacks a real receiver got. It only waits on the sandbox's clocks,
 * so it runs beside the other classes (junit-platform.properties) instead of adding its minute to the suite.
 */
@Execution(ExecutionMode.CONCURRENT)
class CryptoBridgeDefaultsTest {

    static final String KEY = "sk_sandbox_local";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Duration WAIT = Duration.ofSeconds(90);

    static ConfigurableApplicationContext sandbox;
    static SandboxProperties defaults;
    static CapturingReceiver receiver;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        defaults = new SandboxProperties();
        defaults.setPort(0);
        sandbox = SandboxServer.start(defaults);
        base = "http://127.0.0.1:" + SandboxServer.port(sandbox);
        receiver = new CapturingReceiver();
    }

    @AfterAll
    static void stop() {
        receiver.close();
        sandbox.close();
    }

    /** One transfer of the test: its request, the create answer and where its callbacks arrive. */
    record Transfer(ObjectNode request, JsonNode created) {
        String ref() {
            return created.get("kotani_reference_id").asText();
        }

        String callbackPath() {
            return URI.create(request.get("callback_url").asText()).getPath();
        }

        List<String> callbacks() throws Exception {
            List<String> statuses = new ArrayList<>();
            for (CapturingReceiver.Received r : receiver.received(callbackPath())) {
                JsonNode body = MAPPER.readTree(r.body());
                assertThat(r.header("X-Kotani-Signature")).isEqualTo(body.get("signature").asText());
                statuses.add(body.get("data").get("status").asText());
            }
            return statuses;
        }

        void awaitCallback(String status) {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> callbacks().contains(status));
        }

        JsonNode status() throws Exception {
            HttpResponse<String> response = call("GET", "/api/v3/deposit/crypto-bridge/status/" + ref(), null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return MAPPER.readTree(response.body()).get("data");
        }

        void assertHistory(String... expected) throws Exception {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> callbacks().size() >= expected.length);
            List<String> history = new ArrayList<>();
            status().get("history").forEach(h -> history.add(h.get("status").asText()));
            assertThat(history).as(request.get("provider_reference_id").asText()).containsExactly(expected);
            assertThat(callbacks()).containsExactly(expected);
        }
    }

    static HttpResponse<String> call(String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + KEY).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Transfer create(ObjectNode request) throws Exception {
        HttpResponse<String> response = call("POST", "/api/v3/deposit/crypto-bridge", request.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new Transfer(request, MAPPER.readTree(response.body()).get("data"));
    }

    /** A provider settlement webhook, signed over the raw body with the default provider secret. */
    static void provider(ObjectNode report) throws Exception {
        String body = MAPPER.writeValueAsString(report);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(defaults.getBridge().getProviderSecret().getBytes(), "HmacSHA256"));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create(base + "/api/v3/deposit/crypto-bridge/webhook/provider/settlement"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("X-Kotani-Signature", "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes())))
                .header("X-Kotani-Timestamp", Long.toString(Instant.now().getEpochSecond()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void everyScenarioEndsInItsStatusHistoryOnTheDefaults() throws Exception {
        long started = System.nanoTime();
        Transfer mobile = create(request("MOBILE_MONEY", Instant.now().plus(Duration.ofHours(1)), receiver));
        ObjectNode bankRequest = request("BANK_TRANSFER", Instant.now().plus(Duration.ofHours(1)), receiver);
        bankRequest.putObject("source").put("payment_method", "BANK_TRANSFER");
        Transfer bank = create(bankRequest);
        Transfer expiring = create(request("MOBILE_MONEY", Instant.now().plusSeconds(61), receiver));
        Transfer invalidRecipient = create(request("MOBILE_MONEY", Instant.now().plus(Duration.ofHours(1)), receiver));
        Transfer delayed = create(request("MOBILE_MONEY", Instant.now().plus(Duration.ofHours(1)), receiver));
        Transfer fallback = create(request("MOBILE_MONEY", Instant.now().plus(Duration.ofHours(1)), receiver));

        for (Transfer t : List.of(mobile, bank, invalidRecipient, delayed, fallback)) {
            t.awaitCallback("PAYMENT_CONFIRMED");
        }
        assertThat(expiring.callbacks()).as("an invoice expiring within 2 minutes is not paid before it expires")
                .containsExactly("DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED");

        // (1) and (2): the provider settles to mobile money / a bank account
        for (Transfer t : List.of(mobile, bank)) {
            provider(report(t.created(), t.request(), "SETTLING"));
            provider(report(t.created(), t.request(), "COMPLETED"));
        }
        // (4): the recipient is invalid; the provider pays Kotani's refund invoice
        provider(report(invalidRecipient.created(), invalidRecipient.request(), "FAILED"));
        JsonNode refundConfig = invalidRecipient.status().get("refund_config");
        provider(refundReport(invalidRecipient.created(), invalidRecipient.request(), "CRYPTO_INVOICE", "COMPLETED",
                refundConfig));
        // (5): the provider reports SETTLING, then nothing final for the settlement deadline
        provider(report(delayed.created(), delayed.request(), "SETTLING"));
        // (6): the refund invoice cannot be paid; the provider sends the crypto to fallback_address
        provider(report(fallback.created(), fallback.request(), "FAILED"));
        JsonNode fallbackConfig = fallback.status().get("refund_config");
        assertThat(fallbackConfig.get("fallback_address").asText()).isNotBlank();
        provider(refundReport(fallback.created(), fallback.request(), "CRYPTO_ADDRESS", "COMPLETED", fallbackConfig));

        mobile.assertHistory("DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "PAYMENT_SENT", "PAYMENT_CONFIRMED",
                "SETTLING", "COMPLETED");
        bank.assertHistory("DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "PAYMENT_SENT", "PAYMENT_CONFIRMED",
                "SETTLING", "COMPLETED");
        assertThat(bank.created().get("collection_instructions").get("reference").asText()).isEqualTo(bank.ref());
        invalidRecipient.assertHistory("DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "PAYMENT_SENT", "PAYMENT_CONFIRMED",
                "FAILED", "REFUNDED");
        fallback.assertHistory("DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "PAYMENT_SENT", "PAYMENT_CONFIRMED",
                "FAILED", "REFUNDED");
        assertThat(fallback.status().get("refund_details").get("refund_method_used").asText())
                .isEqualTo("CRYPTO_ADDRESS");
        delayed.assertHistory("DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "PAYMENT_SENT", "PAYMENT_CONFIRMED",
                "SETTLING");

        // (3): the invoice expires before Kotani pays it
        expiring.awaitCallback("FAILED");
        expiring.assertHistory("DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "FAILED");
        JsonNode failed = expiring.status();
        assertThat(failed.get("failure_details").get("failure_stage").asText()).isEqualTo("CRYPTO_PAYMENT");
        assertThat(failed.get("failure_details").get("failure_reason").asText()).isEqualTo("INVOICE_EXPIRED");
        Instant failedAt = Instant.parse(failed.get("failure_details").get("failed_at").asText());
        assertThat(failedAt).as("Kotani tried to pay it only once it had expired")
                .isAfterOrEqualTo(Instant.parse(expiring.request().get("crypto_payment").get("expires_at").asText()));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WAIT);
    }
}
