package io.kotanihub.sandbox.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.SandboxServer;
import io.kotanihub.sandbox.webhooks.CapturingReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The crypto bridge of REFERENCE §16 over real HTTP: the six scenarios (status history and the signed callbacks a
 * real receiver gets), the provider webhook's signature, validation, 422 on short-lived invoices, duplicates, rate
 * quotes and refund-invoice regeneration. Two sandboxes: {@code main} (stage delay 300 ms, invoices must live
 * 150 ms, settlement deadline 1.5 s, refund invoices valid 3 s) and {@code quick} (refund invoices valid 400 ms,
 * regeneration interval 700 ms, rate quotes valid 300 ms, provider signature over {@code <ts>.<body>}).
 */
class CryptoBridgeTest {

    static final String KEY = "sk_sandbox_local";
    static final String BRIDGE_EVENT = "transaction.crypto_bridge.status.updated";
    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final AtomicInteger COUNTER = new AtomicInteger();

    static Sandbox main;
    static Sandbox quick;
    static CapturingReceiver receiver;

    /** One running sandbox and the settings it was started with. */
    record Sandbox(ConfigurableApplicationContext context, SandboxProperties props, String base) {
        static Sandbox start(SandboxProperties props) {
            props.setPort(0);
            props.getRateLimits().setEnabled(false);
            ConfigurableApplicationContext context = SandboxServer.start(props);
            return new Sandbox(context, props, "http://127.0.0.1:" + SandboxServer.port(context));
        }

        HttpResponse<String> call(String method, String path, String body) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + KEY);
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        /** POSTs a provider settlement webhook signed as the configured signature input says. */
        HttpResponse<String> provider(String body, long timestamp, String secret, boolean timestampDotBody)
                throws Exception {
            String signed = timestampDotBody ? timestamp + "." + body : body;
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create(base + "/api/v3/deposit/crypto-bridge/webhook/provider/settlement"))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json")
                    .header("X-Kotani-Signature", "sha256=" + hmacHex(secret, signed))
                    .header("X-Kotani-Timestamp", Long.toString(timestamp))
                    .build();
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> provider(JsonNode report) throws Exception {
            return provider(MAPPER.writeValueAsString(report), Instant.now().getEpochSecond(),
                    props.getBridge().getProviderSecret(),
                    "TIMESTAMP_DOT_BODY".equals(props.getBridge().getSignatureInput()));
        }

        JsonNode status(String kotaniReference) throws Exception {
            HttpResponse<String> response = call("GET", "/api/v3/deposit/crypto-bridge/status/" + kotaniReference,
                    null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return MAPPER.readTree(response.body()).get("data");
        }

        List<String> history(String kotaniReference) throws Exception {
            List<String> statuses = new ArrayList<>();
            status(kotaniReference).get("history").forEach(h -> statuses.add(h.get("status").asText()));
            return statuses;
        }

        void awaitStatus(String kotaniReference, String status) {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(25))
                    .until(() -> status(kotaniReference).get("status").asText(), status::equals);
        }

        /** Creates a transfer; returns the create response's data. */
        JsonNode create(ObjectNode request) throws Exception {
            HttpResponse<String> response = call("POST", "/api/v3/deposit/crypto-bridge", request.toString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return MAPPER.readTree(response.body()).get("data");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        SandboxProperties mainProps = new SandboxProperties();
        mainProps.getBridge().setStageDelay(Duration.ofMillis(300));
        mainProps.getBridge().setMinInvoiceValidity(Duration.ofMillis(150));
        mainProps.getBridge().setSettlementDeadline(Duration.ofMillis(1500));
        mainProps.getBridge().setRefundInvoiceValidity(Duration.ofSeconds(3));
        mainProps.getBridge().setProviderSecret("provider_secret_main");
        main = Sandbox.start(mainProps);

        SandboxProperties quickProps = new SandboxProperties();
        quickProps.getBridge().setStageDelay(Duration.ofMillis(100));
        quickProps.getBridge().setRefundInvoiceValidity(Duration.ofMillis(400));
        quickProps.getBridge().setRegenerationInterval(Duration.ofMillis(700));
        quickProps.getBridge().setRateValidity(Duration.ofMillis(300));
        quickProps.getBridge().setSignatureInput("TIMESTAMP_DOT_BODY");
        quickProps.getBridge().setProviderSecret("provider_secret_quick");
        quick = Sandbox.start(quickProps);
        receiver = new CapturingReceiver();
    }

    @AfterAll
    static void stop() {
        receiver.close();
        main.context().close();
        quick.context().close();
    }

    static String hmacHex(String secret, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }

    // ------------------------------------------------------------------ request builders

    static ObjectNode request(String recipientMethod, Instant invoiceExpiresAt) {
        return request(recipientMethod, invoiceExpiresAt, receiver);
    }

    /** A create request whose callbacks go to {@code callbacks}, under a path of their own. */
    static ObjectNode request(String recipientMethod, Instant invoiceExpiresAt, CapturingReceiver callbacks) {
        int n = COUNTER.incrementAndGet();
        ObjectNode body = MAPPER.createObjectNode();
        body.put("customer_key", "PROVIDER_CUSTOMER_123");
        body.put("provider_reference_id", "PROVIDER-TXN-" + System.nanoTime() + "-" + n);
        body.put("amount", 1000);
        body.put("source_currency", "KES");
        body.put("wallet_id", "64a1b2c3d4e5f6a7b8c9d0e2");
        body.put("transaction_type", "cross_border");
        body.put("chain", "LIGHTNING");
        body.put("token", "MSAT");
        ObjectNode payment = body.putObject("crypto_payment");
        payment.put("bolt11", "lntb1500u1pprovider" + n);
        payment.put("payment_hash", HexFormat.of().formatHex(("hash-" + n + "-" + System.nanoTime())
                .getBytes(StandardCharsets.UTF_8)));
        payment.put("amount_msat", 150000000);
        payment.put("expires_at", invoiceExpiresAt.toString());
        ObjectNode settlement = body.putObject("settlement");
        settlement.put("amount", 150);
        settlement.put("currency", "ZAR");
        settlement.put("country", "ZA");
        ObjectNode recipient = settlement.putObject("recipient");
        recipient.put("phone_number", "+27821234567");
        recipient.put("payment_method", recipientMethod);
        if ("MOBILE_MONEY".equals(recipientMethod)) {
            recipient.put("mobile_money_provider", "VODACOM");
        } else {
            recipient.put("bank_account_number", "1000000001");
            recipient.put("bank_code", "250655");
            recipient.put("account_holder_name", "Jane Mary Doe");
        }
        body.put("callback_url", callbacks.url("/provider-" + n));
        ObjectNode metadata = body.putObject("metadata");
        metadata.put("sender_name", "John Kamau");
        metadata.put("recipient_name", "Jane Doe");
        return body;
    }

    static ObjectNode request(String recipientMethod) {
        return request(recipientMethod, Instant.now().plus(Duration.ofHours(1)));
    }

    static String callbackPath(ObjectNode request) {
        return URI.create(request.get("callback_url").asText()).getPath();
    }

    static ObjectNode report(JsonNode created, ObjectNode request, String status) {
        ObjectNode report = MAPPER.createObjectNode();
        report.put("webhook_type", "SETTLEMENT_STATUS_UPDATE");
        report.put("provider_reference_id", created.get("provider_reference_id").asText());
        report.put("kotani_reference_id", created.get("kotani_reference_id").asText());
        report.put("status", status);
        report.put("timestamp", Instant.now().toString());
        ObjectNode payment = report.putObject("crypto_payment");
        payment.put("chain", request.get("chain").asText());
        payment.put("token", request.get("token").asText());
        payment.put("payment_hash", created.get("payment_hash").asText());
        payment.put("received_at", Instant.now().toString());
        payment.put("amount_msat", 150000000);
        if ("COMPLETED".equals(status)) {
            ObjectNode details = report.putObject("settlement_details");
            details.put("amount", 150);
            details.put("currency", "ZAR");
            details.put("recipient_phone", "+27821234567");
            details.put("payment_method", request.get("settlement").get("recipient").get("payment_method").asText());
            details.put("provider", "VODACOM");
            details.put("transaction_id", "ZA-TXN-" + COUNTER.incrementAndGet());
            details.put("settled_at", Instant.now().toString());
        }
        if ("FAILED".equals(status)) {
            ObjectNode failure = report.putObject("failure_details");
            failure.put("failure_stage", "SETTLEMENT");
            failure.put("failure_reason", "RECIPIENT_ACCOUNT_INVALID");
            failure.put("failure_message", "Recipient account does not exist");
            failure.put("failed_at", Instant.now().toString());
        }
        return report;
    }

    static ObjectNode refundReport(JsonNode created, ObjectNode request, String method, String refundStatus,
                                   JsonNode refundConfig) {
        ObjectNode report = report(created, request, "FAILED");
        ObjectNode refund = report.putObject("refund_details");
        refund.put("refund_method_used", method);
        refund.put("chain", "LIGHTNING");
        refund.put("token", "MSAT");
        refund.put("refund_initiated_at", Instant.now().toString());
        refund.put("refund_status", refundStatus);
        if ("CRYPTO_INVOICE".equals(method)) {
            refund.put("refund_invoice", refundConfig.get("refund_invoice").asText());
            refund.put("refund_payment_hash", refundConfig.get("refund_payment_hash").asText());
            refund.put("refund_amount_msat", 150000000);
        }
        return report;
    }

    /** The statuses of the signed callbacks the provider received, in order of arrival. */
    static List<String> callbacks(String path) throws Exception {
        List<String> statuses = new ArrayList<>();
        for (CapturingReceiver.Received r : receiver.received(path)) {
            JsonNode body = MAPPER.readTree(r.body());
            assertThat(body.get("event").asText()).isEqualTo(BRIDGE_EVENT);
            assertThat(r.header("X-Kotani-Event")).isEqualTo(BRIDGE_EVENT);
            assertThat(r.header("X-Kotani-Signature")).isEqualTo(body.get("signature").asText()).startsWith("sha256=");
            statuses.add(body.get("data").get("status").asText());
        }
        return statuses;
    }

    static void assertSequence(Sandbox sandbox, String kotaniReference, String path, String... expected)
            throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks(path).size() >= expected.length);
        assertThat(sandbox.history(kotaniReference)).containsExactly(expected);
        assertThat(callbacks(path)).containsExactly(expected);
    }

    static void ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = MAPPER.readTree(response.body());
        assertThat(body.get("success").asBoolean()).isTrue();
        assertThat(body.get("message").asText()).isEqualTo("Webhook received and processed.");
    }

    // ------------------------------------------------------------------ the six scenarios

    @Test
    void scenario1HappyPathMobileMoney() throws Exception {
        ObjectNode request = request("MOBILE_MONEY");
        JsonNode created = main.create(request);
        String ref = created.get("kotani_reference_id").asText();
        assertThat(ref).startsWith("KOTANI-BR-");
        assertThat(created.get("status").asText()).isEqualTo("DEPOSIT_INITIATED");
        assertThat(created.get("provider_reference_id").asText()).isEqualTo(request.get("provider_reference_id").asText());
        assertThat(created.get("payment_hash").asText())
                .isEqualTo(request.get("crypto_payment").get("payment_hash").asText());
        assertThat(created.get("chain").asText()).isEqualTo("LIGHTNING");
        assertThat(created.get("token").asText()).isEqualTo("MSAT");
        JsonNode refund = created.get("refund_config");
        assertThat(refund.get("primary_method").asText()).isEqualTo("CRYPTO_INVOICE");
        assertThat(refund.get("refund_invoice").asText()).startsWith("lntb");
        assertThat(refund.get("refund_payment_hash").asText()).hasSize(64);
        assertThat(refund.get("refund_amount_msat").asLong()).isEqualTo(150000000L);
        assertThat(refund.get("fallback_address").asText()).isNotBlank();
        assertThat(refund.get("fallback_method").asText()).isEqualTo("CRYPTO_ADDRESS");
        assertThat(Instant.parse(refund.get("expires_at").asText())).isAfter(Instant.now());
        assertThat(Instant.parse(created.get("estimated_completion").asText()))
                .isAfter(Instant.parse(created.get("created_at").asText()));
        assertThat(created.has("collection_instructions")).isFalse();

        main.awaitStatus(ref, "PAYMENT_CONFIRMED");
        ok(main.provider(report(created, request, "SETTLING")));
        HttpResponse<String> completed = main.provider(report(created, request, "COMPLETED"));
        ok(completed);
        JsonNode ack = MAPPER.readTree(completed.body()).get("data");
        assertThat(ack.get("kotani_reference_id").asText()).isEqualTo(ref);
        assertThat(ack.get("status").asText()).isEqualTo("COMPLETED");

        assertSequence(main, ref, callbackPath(request),
                "DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "PAYMENT_SENT", "PAYMENT_CONFIRMED", "SETTLING", "COMPLETED");
        JsonNode status = main.status(ref);
        assertThat(status.get("transaction_type").asText()).isEqualTo("cross_border");
        assertThat(status.get("stages").get("deposit").get("status").asText()).isEqualTo("CONFIRMED");
        assertThat(status.get("stages").get("deposit").get("amount").asInt()).isEqualTo(1000);
        assertThat(status.get("stages").get("crypto_payment").get("status").asText()).isEqualTo("CONFIRMED");
        assertThat(status.get("stages").get("crypto_payment").get("amount_msat").asLong()).isEqualTo(150000000L);
        assertThat(status.get("stages").get("settlement").get("status").asText()).isEqualTo("COMPLETED");
        assertThat(status.get("stages").get("settlement").get("currency").asText()).isEqualTo("ZAR");
        assertThat(status.get("settlement_details").get("transaction_id").asText()).startsWith("ZA-TXN-");
        assertThat(status.get("metadata").get("sender_name").asText()).isEqualTo("John Kamau");
        assertThat(status.has("refund_config")).isFalse();

        JsonNode settlingCallback = MAPPER.readTree(receiver.received(callbackPath(request)).get(4).body()).get("data");
        assertThat(settlingCallback.get("kotani_reference_id").asText()).isEqualTo(ref);
        assertThat(settlingCallback.get("stage").asText()).isEqualTo("SETTLEMENT");
        assertThat(settlingCallback.has("timestamp")).isTrue();

        assertThat(main.provider(report(created, request, "COMPLETED")).statusCode())
                .as("a repeated final report is acknowledged and changes nothing").isEqualTo(200);
        HttpResponse<String> late = main.provider(report(created, request, "FAILED"));
        assertThat(late.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(late.body()).get("message").asText())
                .isEqualTo("Invalid status transition from COMPLETED to FAILED");
        assertThat(main.history(ref)).hasSize(6);
    }

    @Test
    void scenario2HappyPathBankTransfer() throws Exception {
        ObjectNode request = request("BANK_TRANSFER");
        request.putObject("source").put("payment_method", "BANK_TRANSFER");
        JsonNode created = main.create(request);
        String ref = created.get("kotani_reference_id").asText();
        JsonNode instructions = created.get("collection_instructions");
        assertThat(instructions.get("reference").asText()).isEqualTo(ref);
        assertThat(instructions.get("amount").asInt()).isEqualTo(1000);
        assertThat(instructions.get("currency").asText()).isEqualTo("KES");
        assertThat(instructions.get("bank_name").asText()).isNotBlank();
        assertThat(instructions.get("account_number").asText()).isNotBlank();
        assertThat(instructions.get("account_name").asText()).isNotBlank();
        assertThat(instructions.get("instructions").asText()).contains(ref);
        assertThat(main.status(ref).get("collection_instructions")).isEqualTo(instructions);

        main.awaitStatus(ref, "PAYMENT_CONFIRMED");
        ok(main.provider(report(created, request, "SETTLING")));
        ok(main.provider(report(created, request, "COMPLETED")));
        assertSequence(main, ref, callbackPath(request),
                "DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "PAYMENT_SENT", "PAYMENT_CONFIRMED", "SETTLING", "COMPLETED");
        assertThat(main.status(ref).get("settlement_details").get("payment_method").asText())
                .isEqualTo("BANK_TRANSFER");
    }

    @Test
    void scenario3InvoiceExpiresBeforeKotaniPaysIt() throws Exception {
        ObjectNode request = request("MOBILE_MONEY", Instant.now().plusMillis(400));
        JsonNode created = main.create(request);
        String ref = created.get("kotani_reference_id").asText();
        main.awaitStatus(ref, "FAILED");
        assertSequence(main, ref, callbackPath(request), "DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "FAILED");

        JsonNode status = main.status(ref);
        assertThat(status.get("failure_details").get("failure_stage").asText()).isEqualTo("CRYPTO_PAYMENT");
        assertThat(status.get("failure_details").get("failure_reason").asText()).isEqualTo("INVOICE_EXPIRED");
        assertThat(status.get("stages").get("crypto_payment").get("status").asText()).isEqualTo("FAILED");
        assertThat(status.get("stages").get("deposit").get("status").asText()).isEqualTo("REFUNDED");
        JsonNode failedCallback = MAPPER.readTree(receiver.received(callbackPath(request)).get(2).body()).get("data");
        assertThat(failedCallback.get("stage").asText()).isEqualTo("CRYPTO_PAYMENT");
        assertThat(failedCallback.get("failure_reason").asText()).isEqualTo("INVOICE_EXPIRED");

        HttpResponse<String> report = main.provider(report(created, request, "FAILED"));
        assertThat(report.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(report.body()).get("message").asText()).contains("CRYPTO_PAYMENT");
        await().pollDelay(Duration.ofMillis(700)).until(() -> true);
        assertThat(main.history(ref)).containsExactly("DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "FAILED");
        assertThat(callbacks(callbackPath(request))).hasSize(3);
    }

    @Test
    void scenario4InvalidRecipientRefundedThroughTheRefundInvoice() throws Exception {
        ObjectNode request = request("MOBILE_MONEY");
        JsonNode created = main.create(request);
        String ref = created.get("kotani_reference_id").asText();
        main.awaitStatus(ref, "PAYMENT_CONFIRMED");

        ok(main.provider(report(created, request, "FAILED")));
        JsonNode failed = main.status(ref);
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("failure_details").get("failure_stage").asText()).isEqualTo("SETTLEMENT");
        assertThat(failed.get("failure_details").get("failure_reason").asText()).isEqualTo("RECIPIENT_ACCOUNT_INVALID");
        JsonNode refundConfig = failed.get("refund_config");
        assertThat(refundConfig.get("refund_invoice").asText())
                .isEqualTo(created.get("refund_config").get("refund_invoice").asText());

        ok(main.provider(refundReport(created, request, "CRYPTO_INVOICE", "PENDING", refundConfig)));
        ok(main.provider(refundReport(created, request, "CRYPTO_INVOICE", "COMPLETED", refundConfig)));
        main.awaitStatus(ref, "REFUNDED");
        assertSequence(main, ref, callbackPath(request), "DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "PAYMENT_SENT",
                "PAYMENT_CONFIRMED", "FAILED", "REFUNDED");
        assertThat(main.status(ref).get("refund_details").get("refund_method_used").asText())
                .isEqualTo("CRYPTO_INVOICE");
        JsonNode failedCallback = MAPPER.readTree(receiver.received(callbackPath(request)).get(4).body()).get("data");
        assertThat(failedCallback.get("failure_stage").asText()).isEqualTo("SETTLEMENT");
        assertThat(failedCallback.get("refund_config").get("refund_invoice").asText())
                .isEqualTo(refundConfig.get("refund_invoice").asText());
    }

    @Test
    void scenario5DelayedSettlementBecomesUnconfirmedThenCompletes() throws Exception {
        ObjectNode request = request("MOBILE_MONEY");
        JsonNode created = main.create(request);
        String ref = created.get("kotani_reference_id").asText();
        main.awaitStatus(ref, "PAYMENT_CONFIRMED");
        ok(main.provider(report(created, request, "SETTLING")));
        main.awaitStatus(ref, "SETTLEMENT_UNCONFIRMED");
        assertThat(main.status(ref).get("stages").get("settlement").get("status").asText()).isEqualTo("UNCONFIRMED");
        ok(main.provider(report(created, request, "COMPLETED")));
        assertSequence(main, ref, callbackPath(request), "DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "PAYMENT_SENT",
                "PAYMENT_CONFIRMED", "SETTLING", "SETTLEMENT_UNCONFIRMED", "COMPLETED");
    }

    @Test
    void scenario6RefundInvoiceExpiredSoTheProviderPaysTheFallbackAddress() throws Exception {
        ObjectNode request = request("MOBILE_MONEY");
        JsonNode created = main.create(request);
        String ref = created.get("kotani_reference_id").asText();
        main.awaitStatus(ref, "PAYMENT_CONFIRMED");
        ok(main.provider(report(created, request, "FAILED")));
        JsonNode refundConfig = main.status(ref).get("refund_config");
        Instant expiresAt = Instant.parse(refundConfig.get("expires_at").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expiresAt));

        HttpResponse<String> lateInvoice = main.provider(
                refundReport(created, request, "CRYPTO_INVOICE", "COMPLETED", refundConfig));
        assertThat(lateInvoice.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(lateInvoice.body()).get("message").asText()).contains("fallback_address");
        assertThat(main.status(ref).get("status").asText()).isEqualTo("FAILED");

        ok(main.provider(refundReport(created, request, "CRYPTO_ADDRESS", "COMPLETED", refundConfig)));
        main.awaitStatus(ref, "REFUNDED");
        assertSequence(main, ref, callbackPath(request), "DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "PAYMENT_SENT",
                "PAYMENT_CONFIRMED", "FAILED", "REFUNDED");
        assertThat(main.status(ref).get("refund_details").get("refund_method_used").asText())
                .isEqualTo("CRYPTO_ADDRESS");
        HttpResponse<String> afterRefund = main.call("POST",
                "/api/v3/deposit/crypto-bridge/" + ref + "/refund-config", null);
        assertThat(afterRefund.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(afterRefund.body()).get("message").asText()).contains("REFUNDED");
    }

    // ------------------------------------------------------------------ provider webhook: signature and rules

    @Test
    void providerWebhookSignatureIsCheckedOverTheRawBodyAndTheTimestampWindow() throws Exception {
        ObjectNode request = request("MOBILE_MONEY");
        JsonNode created = main.create(request);
        String body = report(created, request, "SETTLING").toString();
        long now = Instant.now().getEpochSecond();

        HttpResponse<String> wrongSecret = main.provider(body, now, "not_the_secret", false);
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(MAPPER.readTree(wrongSecret.body()).get("success").asBoolean()).isFalse();
        assertThat(main.provider(body, now, "provider_secret_main", true).statusCode())
                .as("BODY mode does not accept a <ts>.<body> signature").isEqualTo(401);
        assertThat(main.provider(body, now - 301, "provider_secret_main", false).statusCode())
                .as("timestamp older than the tolerance").isEqualTo(401);
        assertThat(main.provider(body, now + 301, "provider_secret_main", false).statusCode())
                .as("timestamp too far ahead").isEqualTo(401);

        HttpRequest unsigned = HttpRequest.newBuilder(
                        URI.create(main.base() + "/api/v3/deposit/crypto-bridge/webhook/provider/settlement"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build();
        assertThat(HTTP.send(unsigned, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

        HttpResponse<String> tooEarly = main.provider(body, now, "provider_secret_main", false);
        assertThat(tooEarly.statusCode()).as("a valid signature passes; the transition is then refused")
                .isEqualTo(400);
        assertThat(MAPPER.readTree(tooEarly.body()).get("message").asText()).isEqualTo(
                "Invalid status transition from DEPOSIT_INITIATED to SETTLING: the provider can report only after "
                        + "PAYMENT_CONFIRMED");

        ObjectNode unknown = report(created, request, "SETTLING");
        unknown.put("kotani_reference_id", "KOTANI-BR-0-NOSUCH");
        HttpResponse<String> notFound = main.provider(unknown);
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(MAPPER.readTree(notFound.body()).get("message").asText()).isEqualTo("Transaction not found");
    }

    @Test
    void timestampDotBodyModeSignsTheTimestampAndTheBody() throws Exception {
        ObjectNode request = request("MOBILE_MONEY");
        JsonNode created = quick.create(request);
        String ref = created.get("kotani_reference_id").asText();
        quick.awaitStatus(ref, "PAYMENT_CONFIRMED");
        String body = report(created, request, "SETTLING").toString();
        long now = Instant.now().getEpochSecond();
        assertThat(quick.provider(body, now, "provider_secret_quick", false).statusCode()).isEqualTo(401);
        ok(quick.provider(body, now, "provider_secret_quick", true));
        assertThat(quick.status(ref).get("status").asText()).isEqualTo("SETTLING");
    }

    @Test
    void providerReportsAreValidatedAndMustMatchTheTransfer() throws Exception {
        ObjectNode request = request("MOBILE_MONEY");
        JsonNode created = main.create(request);
        main.awaitStatus(created.get("kotani_reference_id").asText(), "PAYMENT_CONFIRMED");

        ObjectNode missing = report(created, request, "FAILED");
        missing.remove("failure_details");
        missing.remove("timestamp");
        missing.put("webhook_type", "OTHER");
        HttpResponse<String> invalid = main.provider(missing);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(invalid.body()).get("data").get("errors")).extracting(JsonNode::asText)
                .contains("webhook_type must be one of the following values: SETTLEMENT_STATUS_UPDATE",
                        "timestamp must be a valid ISO 8601 date string", "failure_details must be an object");

        ObjectNode completedWithoutDetails = report(created, request, "COMPLETED");
        completedWithoutDetails.remove("settlement_details");
        assertThat(main.provider(completedWithoutDetails).statusCode()).isEqualTo(400);

        ObjectNode badStatus = report(created, request, "PAYMENT_SENT");
        HttpResponse<String> notReportable = main.provider(badStatus);
        assertThat(notReportable.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(notReportable.body()).get("message").asText())
                .contains("SETTLING, COMPLETED or FAILED");

        ObjectNode wrongHash = report(created, request, "SETTLING");
        ((ObjectNode) wrongHash.get("crypto_payment")).put("payment_hash", "deadbeef");
        assertThat(main.provider(wrongHash).statusCode()).isEqualTo(400);
        ObjectNode wrongProviderRef = report(created, request, "SETTLING");
        wrongProviderRef.put("provider_reference_id", "someone-else");
        assertThat(main.provider(wrongProviderRef).statusCode()).isEqualTo(400);
        assertThat(main.status(created.get("kotani_reference_id").asText()).get("status").asText())
                .isEqualTo("PAYMENT_CONFIRMED");
    }

    // ------------------------------------------------------------------ create rules

    @Test
    void createValidatesEveryRequiredFieldAndListsAllErrors() throws Exception {
        HttpResponse<String> empty = main.call("POST", "/api/v3/deposit/crypto-bridge", "{}");
        assertThat(empty.statusCode()).isEqualTo(400);
        JsonNode errors = MAPPER.readTree(empty.body()).get("data").get("errors");
        assertThat(errors).extracting(JsonNode::asText).contains("customer_key should not be empty",
                "provider_reference_id should not be empty", "amount must be a positive number",
                "source_currency should not be empty", "wallet_id should not be empty",
                "transaction_type must be one of the following values: cross_border, bridge, chain_settlement",
                "crypto_payment must be an object", "settlement must be an object",
                "callback_url should not be empty");
        assertThat(MAPPER.readTree(empty.body()).get("message").asText()).startsWith("Validation failed: ");

        ObjectNode nested = request("BANK_TRANSFER");
        ((ObjectNode) nested.get("crypto_payment")).remove("bolt11");
        ((ObjectNode) nested.get("settlement").get("recipient")).remove("bank_code");
        nested.putObject("source").put("payment_method", "CASH");
        HttpResponse<String> invalid = main.call("POST", "/api/v3/deposit/crypto-bridge", nested.toString());
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(invalid.body()).get("data").get("errors")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("crypto_payment.bolt11 should not be empty",
                        "settlement.recipient.bank_code should not be empty",
                        "source.payment_method must be one of the following values: MOBILE_MONEY, BANK_TRANSFER");
        assertThat(main.call("POST", "/api/v3/deposit/crypto-bridge", request("MOBILE_MONEY").toString())
                .statusCode()).isEqualTo(200);
        HttpRequest noKey = HttpRequest.newBuilder(URI.create(main.base() + "/api/v3/deposit/crypto-bridge"))
                .POST(HttpRequest.BodyPublishers.ofString(request("MOBILE_MONEY").toString()))
                .header("Content-Type", "application/json").build();
        assertThat(HTTP.send(noKey, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    @Test
    void anInvoiceThatExpiresTooSoonOrIsNotAnInvoiceIsRefusedWith422() throws Exception {
        for (ObjectNode request : List.of(request("MOBILE_MONEY", Instant.now().plusMillis(50)),
                request("MOBILE_MONEY", Instant.now().minusSeconds(5)))) {
            HttpResponse<String> response = main.call("POST", "/api/v3/deposit/crypto-bridge", request.toString());
            assertThat(response.statusCode()).isEqualTo(422);
            assertThat(MAPPER.readTree(response.body()).get("message").asText())
                    .isEqualTo("Invalid invoice or payment details");
        }
        ObjectNode notAnInvoice = request("MOBILE_MONEY");
        ((ObjectNode) notAnInvoice.get("crypto_payment")).put("bolt11", "not-an-invoice");
        assertThat(main.call("POST", "/api/v3/deposit/crypto-bridge", notAnInvoice.toString()).statusCode())
                .isEqualTo(422);

        SandboxProperties defaults = new SandboxProperties();
        assertThat(defaults.getBridge().getMinInvoiceValidity()).isEqualTo(Duration.ofSeconds(60));
        ObjectNode fiftySeconds = request("MOBILE_MONEY", Instant.now().plusSeconds(50));
        assertThat(quick.call("POST", "/api/v3/deposit/crypto-bridge", fiftySeconds.toString()).statusCode())
                .as("the default minimum of ~60 s").isEqualTo(422);
    }

    @Test
    void aDuplicateProviderReferenceCreatesNoSecondTransfer() throws Exception {
        ObjectNode request = request("MOBILE_MONEY");
        JsonNode first = main.create(request);
        HttpResponse<String> again = main.call("POST", "/api/v3/deposit/crypto-bridge", request.toString());
        assertThat(again.statusCode()).isEqualTo(400);
        JsonNode body = MAPPER.readTree(again.body());
        assertThat(body.get("message").asText()).isEqualTo("Reference already used");
        assertThat(body.get("data").get("kotani_reference_id").asText())
                .isEqualTo(first.get("kotani_reference_id").asText());

        JsonNode transactions = MAPPER.readTree(main.call("GET", "/sandbox/transactions", null).body())
                .get("transactions");
        List<JsonNode> mine = new ArrayList<>();
        transactions.forEach(t -> {
            if (t.get("reference").asText().equals(request.get("provider_reference_id").asText())) {
                mine.add(t);
            }
        });
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).get("family").asText()).isEqualTo("BRIDGE");
        assertThat(mine.get(0).get("id").asText()).isEqualTo(first.get("kotani_reference_id").asText());
        assertThat(mine.get(0).get("createCalls").asInt()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ rate quotes

    @Test
    void rateQuotesAreSingleUseAndMustMatchTheCreate() throws Exception {
        HttpResponse<String> quoted = main.call("POST", "/api/v3/rate/crypto-bridge",
                "{\"source_currency\":\"KES\",\"source_amount\":1000,\"crypto_chain\":\"LIGHTNING\","
                        + "\"crypto_token\":\"MSAT\",\"requested_crypto_amount\":150000000}");
        assertThat(quoted.statusCode()).isEqualTo(200);
        JsonNode quote = MAPPER.readTree(quoted.body());
        assertThat(quote.get("message").asText()).isEqualTo("Crypto bridge rate quote generated successfully.");
        JsonNode data = quote.get("data");
        assertThat(data.get("rate_id").asText()).startsWith("RATE-CB-");
        assertThat(data.get("crypto_amount").asLong()).isEqualTo(150000000L);
        assertThat(data.get("crypto_unit").asText()).isEqualTo("msat");
        assertThat(data.get("fees").get("fiat_fee").asInt()).isEqualTo(15);
        assertThat(data.get("total_cost").asInt()).isEqualTo(1015);
        assertThat(Duration.between(Instant.parse(data.get("created_at").asText()),
                Instant.parse(data.get("expires_at").asText()))).isEqualTo(Duration.ofSeconds(60));

        ObjectNode mismatch = request("MOBILE_MONEY");
        mismatch.put("rate_id", data.get("rate_id").asText());
        mismatch.put("amount", 999);
        assertThat(main.call("POST", "/api/v3/deposit/crypto-bridge", mismatch.toString()).statusCode())
                .isEqualTo(400);
        ObjectNode first = request("MOBILE_MONEY");
        first.put("rate_id", data.get("rate_id").asText());
        main.create(first);
        ObjectNode second = request("MOBILE_MONEY");
        second.put("rate_id", data.get("rate_id").asText());
        HttpResponse<String> reused = main.call("POST", "/api/v3/deposit/crypto-bridge", second.toString());
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(reused.body()).get("message").asText()).startsWith("Rate already used");
        ObjectNode unknown = request("MOBILE_MONEY");
        unknown.put("rate_id", "RATE-CB-0-NOSUCH");
        assertThat(main.call("POST", "/api/v3/deposit/crypto-bridge", unknown.toString()).statusCode())
                .isEqualTo(400);

        assertThat(main.call("POST", "/api/v3/rate/crypto-bridge", "{}").statusCode()).isEqualTo(400);
        HttpResponse<String> unsupported = main.call("POST", "/api/v3/rate/crypto-bridge",
                "{\"source_currency\":\"KES\",\"source_amount\":1000,\"crypto_chain\":\"SOLANA\","
                        + "\"crypto_token\":\"USDC\"}");
        assertThat(unsupported.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(unsupported.body()).get("message").asText()).isEqualTo("Invalid request parameters");
    }

    @Test
    void anExpiredRateIsRefused() throws Exception {
        JsonNode quote = MAPPER.readTree(quick.call("POST", "/api/v3/rate/crypto-bridge",
                "{\"source_currency\":\"KES\",\"source_amount\":1000,\"crypto_chain\":\"LIGHTNING\","
                        + "\"crypto_token\":\"MSAT\"}").body()).get("data");
        Instant expiresAt = Instant.parse(quote.get("expires_at").asText());
        await().until(() -> Instant.now().isAfter(expiresAt));
        ObjectNode request = request("MOBILE_MONEY");
        request.put("rate_id", quote.get("rate_id").asText());
        HttpResponse<String> response = quick.call("POST", "/api/v3/deposit/crypto-bridge", request.toString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(response.body()).get("message").asText()).startsWith("Rate expired.");
    }

    // ------------------------------------------------------------------ refund-config regeneration (§16.5)

    @Test
    void refundInvoiceRegenerationRules() throws Exception {
        ObjectNode request = request("MOBILE_MONEY");
        JsonNode created = quick.create(request);
        String ref = created.get("kotani_reference_id").asText();
        String path = "/api/v3/deposit/crypto-bridge/" + ref + "/refund-config";

        JsonNode initial = MAPPER.readTree(quick.call("GET", path, null).body()).get("data");
        assertThat(initial.get("regeneration_count").asInt()).isZero();
        assertThat(initial.get("regenerations_remaining").asInt()).isEqualTo(3);
        assertThat(initial.get("refund_invoice").asText())
                .isEqualTo(created.get("refund_config").get("refund_invoice").asText());

        HttpResponse<String> notExpired = quick.call("POST", path, null);
        assertThat(notExpired.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(notExpired.body()).get("message").asText())
                .isEqualTo("Invoice not yet expired or max regenerations reached");

        String previousInvoice = initial.get("refund_invoice").asText();
        Instant lastRegeneration = null;
        for (int i = 1; i <= 3; i++) {
            JsonNode current = MAPPER.readTree(quick.call("GET", path, null).body()).get("data");
            Instant expiresAt = Instant.parse(current.get("expires_at").asText());
            await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(expiresAt));
            if (lastRegeneration != null) {
                Instant allowedAt = lastRegeneration.plusMillis(700);
                if (Instant.now().isBefore(allowedAt.minusMillis(150))) {
                    HttpResponse<String> tooSoon = quick.call("POST", path, null);
                    assertThat(tooSoon.statusCode()).isEqualTo(400);
                    assertThat(MAPPER.readTree(tooSoon.body()).get("message").asText())
                            .startsWith("Refund invoice was regenerated less than");
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(allowedAt));
            }
            HttpResponse<String> regenerated = quick.call("POST", path, null);
            assertThat(regenerated.statusCode()).as(regenerated.body()).isEqualTo(200);
            lastRegeneration = Instant.now();
            JsonNode data = MAPPER.readTree(regenerated.body()).get("data");
            assertThat(data.get("regeneration_count").asInt()).isEqualTo(i);
            assertThat(data.get("regenerations_remaining").asInt()).isEqualTo(3 - i);
            assertThat(data.get("refund_invoice").asText()).isNotEqualTo(previousInvoice).startsWith("lntb");
            assertThat(Instant.parse(data.get("expires_at").asText())).isAfter(expiresAt);
            previousInvoice = data.get("refund_invoice").asText();
        }
        HttpResponse<String> fourth = quick.call("POST", path, null);
        assertThat(fourth.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(fourth.body()).get("message").asText())
                .isEqualTo("Invoice not yet expired or max regenerations reached");

        HttpResponse<String> unknown = quick.call("POST", "/api/v3/deposit/crypto-bridge/KOTANI-BR-0-NOSUCH/refund-config",
                null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(MAPPER.readTree(unknown.body()).get("message").asText()).isEqualTo("Transaction not found");
        assertThat(quick.call("GET", "/api/v3/deposit/crypto-bridge/status/KOTANI-BR-0-NOSUCH", null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void regenerationIsRefusedForOnChainAndCompletedTransfers() throws Exception {
        ObjectNode onChain = request("MOBILE_MONEY");
        onChain.put("chain", "SOLANA");
        onChain.put("token", "USDC");
        ObjectNode payment = onChain.putObject("crypto_payment");
        payment.put("address", "7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU");
        payment.put("crypto_amount", 10.5);
        JsonNode created = quick.create(onChain);
        String ref = created.get("kotani_reference_id").asText();
        assertThat(created.get("refund_config").get("primary_method").asText()).isEqualTo("CRYPTO_ADDRESS");
        assertThat(created.get("refund_config").get("refund_crypto_amount").decimalValue()).isEqualByComparingTo("10.5");
        assertThat(created.get("refund_config").has("refund_invoice")).isFalse();
        assertThat(created.get("refund_config").has("expires_at")).isFalse();
        HttpResponse<String> response = quick.call("POST", "/api/v3/deposit/crypto-bridge/" + ref + "/refund-config",
                null);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(response.body()).get("message").asText()).contains("only available for Lightning");

        ObjectNode request = request("MOBILE_MONEY");
        JsonNode lightning = quick.create(request);
        String lightningRef = lightning.get("kotani_reference_id").asText();
        quick.awaitStatus(lightningRef, "PAYMENT_CONFIRMED");
        ok(quick.provider(report(lightning, request, "COMPLETED")));
        Instant expiresAt = Instant.parse(lightning.get("refund_config").get("expires_at").asText());
        await().until(() -> Instant.now().isAfter(expiresAt));
        HttpResponse<String> completed = quick.call("POST",
                "/api/v3/deposit/crypto-bridge/" + lightningRef + "/refund-config", null);
        assertThat(completed.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(completed.body()).get("message").asText()).contains("COMPLETED");
    }
}
