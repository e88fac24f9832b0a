package io.kotanihub.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.kotani.signature.KotaniSignatures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The crypto bridge end to end: the hub's REST API → ledger → Kotani (the in-process sandbox, over real HTTP) →
 * signed callbacks on /webhooks/kotani/bridge, polling, the signed report outbox → the sandbox, refund instructions,
 * and the ERP outbox to a stand-in ERP. Time is scaled down: the sandbox moves a stage every 500 ms, waits 3 s for
 * the provider's settlement, issues refund invoices valid 3 s that may be regenerated 300 ms apart; the hub refuses
 * invoices living less than 300 ms. Each of the six scenarios must leave exactly its status sequence in the hub's
 * history.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.sandbox.port=0",
        "hub.sandbox.rate-limits.enabled=false",
        "hub.sandbox.bridge.stage-delay=500ms",
        "hub.sandbox.bridge.min-invoice-validity=100ms",
        "hub.sandbox.bridge.settlement-deadline=3s",
        "hub.sandbox.bridge.refund-invoice-validity=3s",
        "hub.sandbox.bridge.regeneration-interval=300ms",
        "hub.bridge.min-invoice-validity=300ms",
        "hub.bridge.poll-interval=1s",
        "hub.bridge.refund.regeneration-interval=300ms",
        "hub.bridge.reports.retry-schedule=200ms,500ms",
        "hub.kotani.throttle.enabled=false",
        "hub.kotani.request-timeout=2s",
        "spring.datasource.url=jdbc:h2:mem:bridge-flow;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
abstract class BridgeFlowTestBase {

    /** A stand-in ERP for the whole JVM (shared by the H2 and PostgreSQL classes). */
    static final BridgeHttp.Erp ERP = new BridgeHttp.Erp();
    static final Duration WAIT = Duration.ofSeconds(30);

    /**
     * Where the two {@code hub.events.endpoints} of this hub write (shared by the H2 and PostgreSQL classes: each test
     * reads only its own provider reference): every event appended to {@code events.jsonl}, and each event in a file
     * of its own named by its headers ({@code <key>/<id>~<type>.json}).
     */
    static final Path EVENTS = events();

    @DynamicPropertySource
    static void erp(DynamicPropertyRegistry registry) {
        registry.add("hub.erp.webhook-url", ERP::url);
        registry.add("hub.erp.webhook-secret", () -> "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        registry.add("hub.events.endpoints[0]", () -> "file:" + EVENTS + "?fileName=events.jsonl&fileExist=Append");
        registry.add("hub.events.endpoints[1]", () -> "file:" + EVENTS.resolve("by-header") + "?fileName="
                + "$simple{header.kotani-hub-event-key}/$simple{header.kotani-hub-event-id}"
                + "~$simple{header.kotani-hub-event-type}.json");
    }

    private static Path events() {
        try {
            return Files.createTempDirectory("bridge-flow-events");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @LocalServerPort
    int port;

    @Value("${hub.sandbox.port}")
    int sandboxPort;

    @Autowired
    JdbcTemplate jdbc;

    BridgeHttp http;

    @BeforeEach
    void client() {
        http = new BridgeHttp(port, sandboxPort);
    }

    // ------------------------------------------------------------------ helpers

    JsonNode create(ObjectNode request, int expectedStatus) throws Exception {
        HttpResponse<String> response = http.api("POST", "", request.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return BridgeHttp.JSON.readTree(response.body());
    }

    JsonNode awaitTransfer(String reference, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = http.transfer(reference);
            return condition.test(last[0]);
        });
        return last[0];
    }

    JsonNode awaitStatus(String reference, String status) {
        return awaitTransfer(reference, t -> status.equals(t.path("status").asText()));
    }

    void report(String reference, String path, String body) throws Exception {
        HttpResponse<String> response = http.api("POST", "/" + reference + path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    void reportOnceTheInvoiceIsCurrent(String reference, String refund) {
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            last.set(http.api("POST", "/" + reference + "/refund", refund));
            return last.get().statusCode() != 409 || !last.get().body().contains("expired");
        });
        assertThat(last.get().statusCode()).as(last.get().body()).isEqualTo(202);
    }

    List<JsonNode> refundRequired(String reference) throws Exception {
        return jdbc.queryForList("select payload from bridge_events where provider_reference_id = ? and type = "
                + "'REFUND_REQUIRED' order by id", String.class, reference).stream().map(p -> {
                    try {
                        return BridgeHttp.JSON.readTree(p);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
    }

    void assertErpSaw(String reference, String... statuses) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(ERP.bridgeEvents(reference).stream()
                .filter(e -> "STATUS_CHANGED".equals(e.path("type").asText()))
                .map(e -> e.get("status").asText()).toList()).containsExactly(statuses));
        assertThat(ERP.bridgeEvents(reference)).allSatisfy(e -> assertThat(e.path("status_text").asText()).isNotBlank());
    }

    /** The events of one transfer the {@code events.jsonl} endpoint received, in delivery order, each once. */
    static List<JsonNode> endpointEvents(String reference) throws IOException {
        Path file = EVENTS.resolve("events.jsonl");
        Map<Long, JsonNode> events = new LinkedHashMap<>();
        if (Files.exists(file)) {
            try (MappingIterator<JsonNode> values = BridgeHttp.JSON.readerFor(JsonNode.class)
                    .readValues(Files.readAllBytes(file))) {
                while (values.hasNextValue()) {
                    JsonNode event = values.nextValue();
                    if (reference.equals(event.path("provider_reference_id").asText())) {
                        events.putIfAbsent(event.get("event_id").asLong(), event);
                    }
                }
            }
        }
        return List.copyOf(events.values());
    }

    void assertCleanReports(JsonNode transfer) {
        assertThat(transfer.get("reports")).allSatisfy(r -> assertThat(r.get("state").asText()).isEqualTo("DELIVERED"));
        assertThat(transfer.get("anomalies")).isEmpty();
    }

    // ------------------------------------------------------------------ the six scenarios

    @Test
    void everyBridgeEventAlsoReachesTheEndpointsOfHubEventsEndpointsInOrderAsTheErpSeesIt() throws Exception {
        ObjectNode request = BridgeHttp.request("MOBILE_MONEY");
        String ref = request.get("provider_reference_id").asText();
        create(request, 201);
        awaitStatus(ref, "PAYMENT_CONFIRMED");
        report(ref, "/settlement", BridgeHttp.failed());
        await().atMost(WAIT).until(() -> ERP.bridgeEvents(ref).stream()
                .anyMatch(e -> "REFUND_REQUIRED".equals(e.path("type").asText())));
        // the first refund invoice lives 3 s from the transfer's creation, about 1 s past REFUND_REQUIRED: a refund
        // reported after it expired and before the hub regenerated it (300 ms later) is refused 409, and the
        // provider reports again
        reportOnceTheInvoiceIsCurrent(ref, BridgeHttp.refund("CRYPTO_INVOICE"));
        awaitStatus(ref, "REFUNDED");
        assertErpSaw(ref, "DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "PAYMENT_SENT", "PAYMENT_CONFIRMED", "FAILED",
                "REFUNDED");

        // compared as they arrive (a regenerated refund invoice may still add a refund instruction at the ERP's pace)
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .untilAsserted(() -> assertThat(endpointEvents(ref)).as("the same messages, in the same order")
                        .isEqualTo(ERP.bridgeEvents(ref).stream().distinct().toList()));
        assertThat(endpointEvents(ref).stream().map(e -> e.get("event_id").asLong()).toList())
                .as("in order: event ids rising").isSorted();
        assertThat(endpointEvents(ref).stream().map(e -> e.get("type").asText()))
                .contains("STATUS_CHANGED", "REFUND_REQUIRED");

        Path byHeader = EVENTS.resolve("by-header").resolve(ref);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(() -> {
            try (Stream<Path> files = Files.list(byHeader)) {
                assertThat(files.map(f -> f.getFileName().toString()).toList()).as("named by key, id and type headers")
                        .containsExactlyInAnyOrderElementsOf(endpointEvents(ref).stream().map(e -> "bridge-"
                                + e.get("event_id").asLong() + "~" + ("REFUND_REQUIRED".equals(e.get("type").asText())
                                ? "bridge.refund.required" : "bridge.status.updated") + ".json").toList());
            }
        });
    }

    @Test
    void scenario1HappyPathMobileMoney() throws Exception {
        ObjectNode request = BridgeHttp.request("MOBILE_MONEY");
        String ref = request.get("provider_reference_id").asText();
        JsonNode created = create(request, 201);
        assertThat(created.get("kotani_reference_id").asText()).startsWith("KOTANI-BR-");
        assertThat(created.get("status").asText()).isEqualTo("DEPOSIT_INITIATED");
        assertThat(created.get("amount").asText()).isEqualTo("1000.5");
        JsonNode refundConfig = created.get("refund_config");
        assertThat(refundConfig.get("refund_invoice").asText()).startsWith("ln");
        assertThat(refundConfig.get("fallback_address").asText()).isNotBlank();

        awaitStatus(ref, "PAYMENT_CONFIRMED");
        report(ref, "/settlement", BridgeHttp.settling());
        report(ref, "/settlement", BridgeHttp.completed("MOBILE_MONEY"));
        JsonNode done = awaitStatus(ref, "COMPLETED");
        assertThat(http.history(ref)).containsExactly("DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "PAYMENT_SENT",
                "PAYMENT_CONFIRMED", "SETTLING", "COMPLETED");
        assertThat(done.get("status_text").asText()).isEqualTo("Recipient paid");
        assertThat(done.get("refund_config")).isEqualTo(refundConfig);
        awaitTransfer(ref, t -> t.get("reports").size() == 2
                && t.get("reports").findValuesAsText("state").stream().allMatch("DELIVERED"::equals));
        assertCleanReports(http.transfer(ref));
        assertErpSaw(ref, "DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "PAYMENT_SENT", "PAYMENT_CONFIRMED", "SETTLING",
                "COMPLETED");

        String kotaniRef = created.get("kotani_reference_id").asText();
        String late = "{\"kotani_reference_id\":\"" + kotaniRef + "\",\"provider_reference_id\":\"" + ref
                + "\",\"status\":\"FAILED\",\"stage\":\"SETTLEMENT\",\"timestamp\":\"" + Instant.now() + "\"}";
        String canonical = "{\"event\":\"transaction.crypto_bridge.status.updated\",\"data\":" + late + "}";
        String signature = KotaniSignatures.sign("whsec_sandbox_local", canonical);
        String body = canonical.substring(0, canonical.length() - 1) + ",\"signature\":\"" + signature + "\"}";
        assertThat(http.callback(body, Map.of("X-Kotani-Signature", signature)).statusCode()).isEqualTo(200);
        JsonNode anomalous = awaitTransfer(ref, t -> t.get("anomalies").size() == 1);
        assertThat(anomalous.get("anomalies").get(0).get("from_status").asText()).isEqualTo("COMPLETED");
        assertThat(anomalous.get("anomalies").get(0).get("to_status").asText()).isEqualTo("FAILED");
        assertThat(anomalous.get("status").asText()).as("an impossible transition is not applied")
                .isEqualTo("COMPLETED");
        assertThat(http.history(ref)).hasSize(6);
    }

    @Test
    void scenario2HappyPathBankTransfer() throws Exception {
        ObjectNode request = BridgeHttp.request("BANK_TRANSFER");
        request.putObject("source").put("payment_method", "BANK_TRANSFER");
        String ref = request.get("provider_reference_id").asText();
        create(request, 201);
        awaitStatus(ref, "PAYMENT_CONFIRMED");
        report(ref, "/settlement", BridgeHttp.settling());
        report(ref, "/settlement", BridgeHttp.completed("BANK_TRANSFER"));
        awaitStatus(ref, "COMPLETED");
        assertThat(http.history(ref)).containsExactly("DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "PAYMENT_SENT",
                "PAYMENT_CONFIRMED", "SETTLING", "COMPLETED");
        assertErpSaw(ref, "DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "PAYMENT_SENT", "PAYMENT_CONFIRMED", "SETTLING",
                "COMPLETED");
    }

    @Test
    void scenario3InvoiceExpiresBeforeKotaniPaysIt() throws Exception {
        ObjectNode request = BridgeHttp.request("MOBILE_MONEY", Instant.now().plusMillis(800));
        String ref = request.get("provider_reference_id").asText();
        create(request, 201);
        JsonNode failed = awaitStatus(ref, "FAILED");
        assertThat(failed.get("failure").get("failure_stage").asText()).isEqualTo("CRYPTO_PAYMENT");
        assertThat(http.history(ref)).containsExactly("DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "FAILED");
        HttpResponse<String> settlement = http.api("POST", "/" + ref + "/settlement", BridgeHttp.failed());
        assertThat(settlement.statusCode()).isEqualTo(409);
        assertErpSaw(ref, "DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "FAILED");
        assertThat(refundRequired(ref)).as("the provider never received crypto: nothing to return").isEmpty();
    }

    @Test
    void scenario4InvalidRecipientRefundedThroughTheRefundInvoice() throws Exception {
        ObjectNode request = BridgeHttp.request("MOBILE_MONEY");
        String ref = request.get("provider_reference_id").asText();
        JsonNode created = create(request, 201);
        awaitStatus(ref, "PAYMENT_CONFIRMED");
        report(ref, "/settlement", BridgeHttp.failed());
        JsonNode failed = awaitTransfer(ref, t -> "REQUIRED".equals(t.get("refund").path("state").asText()));
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("failure").get("failure_reason").asText()).isEqualTo("RECIPIENT_ACCOUNT_INVALID");
        List<JsonNode> required = refundRequired(ref);
        assertThat(required).hasSize(1);
        assertThat(required.get(0).get("refund_method").asText()).isEqualTo("CRYPTO_INVOICE");
        assertThat(required.get(0).get("refund_invoice").asText())
                .isEqualTo(created.get("refund_config").get("refund_invoice").asText());

        report(ref, "/refund", BridgeHttp.refund("CRYPTO_INVOICE"));
        awaitStatus(ref, "REFUNDED");
        assertThat(http.history(ref)).containsExactly("DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "PAYMENT_SENT",
                "PAYMENT_CONFIRMED", "FAILED", "REFUNDED");
        assertCleanReports(awaitTransfer(ref, t -> t.get("reports").findValuesAsText("state").stream()
                .allMatch("DELIVERED"::equals)));
        await().atMost(WAIT).until(() -> ERP.bridgeEvents(ref).stream()
                .anyMatch(e -> "REFUND_REQUIRED".equals(e.path("type").asText())));
        assertErpSaw(ref, "DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "PAYMENT_SENT", "PAYMENT_CONFIRMED", "FAILED",
                "REFUNDED");
    }

    @Test
    void scenario5DelayedSettlementBecomesUnconfirmedThenCompletes() throws Exception {
        ObjectNode request = BridgeHttp.request("MOBILE_MONEY");
        String ref = request.get("provider_reference_id").asText();
        create(request, 201);
        awaitStatus(ref, "PAYMENT_CONFIRMED");
        report(ref, "/settlement", BridgeHttp.settling());
        awaitStatus(ref, "SETTLEMENT_UNCONFIRMED");
        report(ref, "/settlement", BridgeHttp.completed("MOBILE_MONEY"));
        awaitStatus(ref, "COMPLETED");
        assertThat(http.history(ref)).containsExactly("DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "PAYMENT_SENT",
                "PAYMENT_CONFIRMED", "SETTLING", "SETTLEMENT_UNCONFIRMED", "COMPLETED");
        assertErpSaw(ref, "DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "PAYMENT_SENT", "PAYMENT_CONFIRMED", "SETTLING",
                "SETTLEMENT_UNCONFIRMED", "COMPLETED");
    }

    @Test
    void scenario6RefundInvoiceExpiredSoTheProviderPaysTheFallbackAddress() throws Exception {
        ObjectNode request = BridgeHttp.request("MOBILE_MONEY");
        String ref = request.get("provider_reference_id").asText();
        create(request, 201);
        awaitStatus(ref, "PAYMENT_CONFIRMED");
        report(ref, "/settlement", BridgeHttp.failed());
        JsonNode fallback = awaitTransfer(ref, t -> "CRYPTO_ADDRESS".equals(t.get("refund").path("method").asText()));
        assertThat(fallback.get("refund").get("regenerations").asInt()).isEqualTo(3);
        List<JsonNode> required = refundRequired(ref);
        assertThat(required).extracting(e -> e.get("refund_method").asText()).containsExactly(
                "CRYPTO_INVOICE", "CRYPTO_INVOICE", "CRYPTO_INVOICE", "CRYPTO_INVOICE", "CRYPTO_ADDRESS");
        assertThat(required.subList(0, 4)).extracting(e -> e.get("refund_invoice").asText()).doesNotHaveDuplicates();
        assertThat(required.get(4).get("fallback_address").asText())
                .isEqualTo(fallback.get("refund_config").get("fallback_address").asText());

        HttpResponse<String> expiredInvoice = http.api("POST", "/" + ref + "/refund", BridgeHttp.refund("CRYPTO_INVOICE"));
        assertThat(expiredInvoice.statusCode()).as(expiredInvoice.body()).isEqualTo(409);
        report(ref, "/refund", BridgeHttp.refund("CRYPTO_ADDRESS"));
        awaitStatus(ref, "REFUNDED");
        assertThat(http.history(ref)).containsExactly("DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "PAYMENT_SENT",
                "PAYMENT_CONFIRMED", "FAILED", "REFUNDED");
        assertThat(http.transfer(ref).get("anomalies")).isEmpty();
    }

    // ------------------------------------------------------------------ create rules and callbacks

    @Test
    void withoutAWalletIdTheIntegratorsWalletOfTheSourceCurrencyIsUsed() throws Exception {
        ObjectNode request = BridgeHttp.request("MOBILE_MONEY");
        assertThat(request.has("wallet_id")).isFalse();
        String ref = request.get("provider_reference_id").asText();
        JsonNode created = create(request, 201);
        assertThat(created.get("create_state").asText()).isEqualTo("CREATED");
        assertThat(http.sandboxCreateCalls(ref)).isEqualTo(1);

        java.net.http.HttpResponse<String> wallets = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + sandboxPort
                        + "/api/v3/wallet/fiat")).header("Authorization", "Bearer sk_sandbox_local").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wallets.statusCode()).isEqualTo(200);
        List<String> kesWallets = new java.util.ArrayList<>();
        BridgeHttp.JSON.readTree(wallets.body()).get("data").forEach(w -> {
            if ("KES".equals(w.path("currency").asText())) {
                kesWallets.add(w.get("id").asText());
            }
        });
        String sent = jdbc.queryForObject("select request_json from bridge_transfers where provider_reference_id = ?",
                String.class, ref);
        assertThat(BridgeHttp.JSON.readTree(sent).get("wallet_id").asText())
                .as("the wallet sent to Kotani is the integrator's KES wallet at the sandbox").isIn(kesWallets);
        assertThat(BridgeHttp.JSON.readTree(sent).get("wallet_id").asText()).isEqualTo(kesWallets.get(0));

        ObjectNode unknownCurrency = BridgeHttp.request("MOBILE_MONEY");
        unknownCurrency.put("source_currency", "XYZ");
        HttpResponse<String> refused = http.api("POST", "", unknownCurrency.toString());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(BridgeHttp.JSON.readTree(refused.body()).get("detail").asText()).contains("wallet_id");
        assertThat(http.sandboxCreateCalls(unknownCurrency.get("provider_reference_id").asText())).isZero();
    }

    @Test
    void theReadmeWalkThroughWorksAsWrittenOnTheDefaults() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        String section = readme.substring(readme.indexOf("## Crypto bridge"));
        String curl = section.substring(section.indexOf("curl -s -X POST localhost:8080/api/v1/bridge/transfers"));
        String body = curl.substring(curl.indexOf("-d '") + 4, curl.indexOf("}'") + 1);
        ObjectNode request = (ObjectNode) BridgeHttp.JSON.readTree(body);
        assertThat(request.has("wallet_id")).as("the walk-through needs no wallet id").isFalse();
        String ref = request.get("provider_reference_id").asText();
        JsonNode created = create(request, 201);
        assertThat(created.get("kotani_reference_id").asText()).isNotBlank();
        assertThat(section).contains("localhost:8080/api/v1/bridge/transfers/" + ref);
        assertThat(http.transfer(ref).get("kotani_reference_id").asText())
                .isEqualTo(created.get("kotani_reference_id").asText());
    }

    @Test
    void anInvoiceExpiringTooSoonIsRefusedWithoutCallingKotani() throws Exception {
        ObjectNode request = BridgeHttp.request("MOBILE_MONEY", Instant.now().plusMillis(250));
        String ref = request.get("provider_reference_id").asText();
        HttpResponse<String> response = http.api("POST", "", request.toString());
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(BridgeHttp.JSON.readTree(response.body()).get("detail").asText())
                .contains("hub.bridge.min-invoice-validity");
        assertThat(http.api("GET", "/" + ref, null).statusCode()).isEqualTo(404);
        assertThat(http.sandboxCreateCalls(ref)).as("the sandbox (which accepts 100 ms) never saw it").isZero();
    }

    @Test
    void aDuplicateProviderReferenceIsNotCreatedTwice() throws Exception {
        ObjectNode request = BridgeHttp.request("MOBILE_MONEY");
        String ref = request.get("provider_reference_id").asText();
        JsonNode first = create(request, 201);
        JsonNode again = create(request, 200);
        assertThat(again.get("kotani_reference_id").asText()).isEqualTo(first.get("kotani_reference_id").asText());
        ObjectNode changed = request.deepCopy();
        changed.put("amount", 2000);
        HttpResponse<String> conflict = http.api("POST", "", changed.toString());
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(jdbc.queryForObject("select count(*) from bridge_transfers where provider_reference_id = ?",
                Integer.class, ref)).isEqualTo(1);
        assertThat(http.sandboxCreateCalls(ref)).isEqualTo(1);
    }

    @Test
    void aForgedCallbackIsRefusedAndChangesNothing() throws Exception {
        ObjectNode request = BridgeHttp.request("MOBILE_MONEY");
        String ref = request.get("provider_reference_id").asText();
        JsonNode created = create(request, 201);
        awaitStatus(ref, "PAYMENT_CONFIRMED");
        int callbacks = jdbc.queryForObject("select count(*) from bridge_callbacks", Integer.class);
        String data = "{\"kotani_reference_id\":\"" + created.get("kotani_reference_id").asText()
                + "\",\"provider_reference_id\":\"" + ref + "\",\"status\":\"COMPLETED\",\"stage\":\"SETTLEMENT\","
                + "\"timestamp\":\"" + Instant.now() + "\"}";
        String canonical = "{\"event\":\"transaction.crypto_bridge.status.updated\",\"data\":" + data + "}";
        String forged = KotaniSignatures.sign("not_the_secret", canonical);
        String body = canonical.substring(0, canonical.length() - 1) + ",\"signature\":\"" + forged + "\"}";
        assertThat(http.callback(body, Map.of("X-Kotani-Signature", forged)).statusCode()).isEqualTo(401);
        assertThat(http.callback(data, Map.of()).statusCode()).as("unsigned").isEqualTo(401);
        assertThat(jdbc.queryForObject("select count(*) from bridge_callbacks", Integer.class)).isEqualTo(callbacks);
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        JsonNode after = http.transfer(ref);
        assertThat(after.get("status").asText()).isEqualTo("PAYMENT_CONFIRMED");
        assertThat(http.history(ref)).containsExactly("DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "PAYMENT_SENT",
                "PAYMENT_CONFIRMED");
        assertThat(after.get("anomalies")).isEmpty();
    }

    @Test
    void withoutCallbacksPollingFillsTheHistory() throws Exception {
        ObjectNode request = BridgeHttp.request("MOBILE_MONEY");
        request.put("callback_url", "http://127.0.0.1:9/nowhere");
        String ref = request.get("provider_reference_id").asText();
        create(request, 201);
        awaitStatus(ref, "PAYMENT_CONFIRMED");
        report(ref, "/settlement", BridgeHttp.completed("MOBILE_MONEY"));
        JsonNode done = awaitStatus(ref, "COMPLETED");
        assertThat(http.history(ref)).containsExactly("DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "PAYMENT_SENT",
                "PAYMENT_CONFIRMED", "COMPLETED");
        assertThat(done.get("history").findValuesAsText("source")).doesNotContain("CALLBACK").contains("POLL");
        assertThat(done.get("anomalies")).isEmpty();
    }

    @Test
    void kotaniFailuresDelayButNeverLoseTheCreateOrTheSettlementReport() throws Exception {
        ObjectNode request = BridgeHttp.request("MOBILE_MONEY");
        String ref = request.get("provider_reference_id").asText();
        try {
            http.sandboxFaults("{\"errorRate\":1,\"errorStatus\":503,\"scope\":\"CREATES\"}");
            JsonNode pending = create(request, 202);
            assertThat(pending.get("create_state").asText()).isEqualTo("UNKNOWN");
            assertThat(pending.get("kotani_reference_id").isNull()).isTrue();
            http.sandboxFaults("{\"errorRate\":0}");
            JsonNode created = awaitTransfer(ref, t -> "CREATED".equals(t.get("create_state").asText()));
            assertThat(created.get("refund_config").get("refund_invoice").asText()).startsWith("ln");
            assertThat(http.sandboxCreateCalls(ref)).isEqualTo(1);

            awaitStatus(ref, "PAYMENT_CONFIRMED");
            http.sandboxFaults("{\"errorRate\":1,\"errorStatus\":503,\"scope\":\"CREATES\"}");
            report(ref, "/settlement", BridgeHttp.completed("MOBILE_MONEY"));
            JsonNode retrying = awaitTransfer(ref, t -> t.get("reports").get(0).get("attempts").asInt() >= 2);
            assertThat(retrying.get("reports").get(0).get("state").asText()).isEqualTo("PENDING");
            assertThat(retrying.get("reports").get(0).get("last_status").asInt()).isEqualTo(503);
            assertThat(jdbc.queryForObject("select count(*) from bridge_reports r join bridge_transfers t on "
                    + "t.id = r.transfer_id where t.provider_reference_id = ? and r.state = 'PENDING'", Integer.class,
                    ref)).as("the report waits in the database, not in memory").isEqualTo(1);
            assertThat(retrying.get("refund_config")).isEqualTo(created.get("refund_config"));
        } finally {
            http.sandboxFaults("{\"errorRate\":0}");
        }
        awaitStatus(ref, "COMPLETED");
        assertThat(http.history(ref)).containsExactly("DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "PAYMENT_SENT",
                "PAYMENT_CONFIRMED", "COMPLETED");
        assertThat(http.transfer(ref).get("reports").get(0).get("state").asText()).isEqualTo("DELIVERED");
    }

    @Test
    void theApiNeedsTheHubKeyAndAnswersProblems() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        HttpResponse<String> unauthenticated = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://localhost:" + port + "/api/v1/bridge/transfers/nothing")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        assertThat(http.api("GET", "/no-such-transfer", null).statusCode()).isEqualTo(404);
        HttpResponse<String> invalid = http.api("POST", "", "{\"provider_reference_id\":\"x\"}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(BridgeHttp.JSON.readTree(invalid.body()).get("errors")).isNotEmpty();
        HttpResponse<String> openapi = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://localhost:" + port + "/api/v1/openapi.json")).header("Authorization", "Bearer hub_dev_key")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(BridgeHttp.JSON.readTree(openapi.body()).get("paths").fieldNames()).toIterable().contains(
                "/bridge/transfers", "/bridge/transfers/{providerRef}", "/bridge/transfers/{providerRef}/settlement",
                "/bridge/transfers/{providerRef}/refund");
    }
}
