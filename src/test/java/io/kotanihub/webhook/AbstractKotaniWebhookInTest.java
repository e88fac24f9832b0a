package io.kotanihub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code POST /webhooks/kotani} in signed mode (direct callbacks off, the default), over real HTTP into a real
 * database. The signed bodies are the shared vectors, whose signatures were computed independently of the hub; the
 * current secret is the vectors' one and the previous secret is the one of REFERENCE §19.2's worked example. The last
 * test has the sandbox (a second, independent implementation of §19.2) deliver its own signed webhooks. The applier
 * is off here: these tests look at stored events before anything applies them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.sandbox.port=0",
        "hub.sandbox.settle-delay=200ms",
        "hub.sandbox.step-delay=50ms",
        "hub.sandbox.webhook-secret=" + AbstractKotaniWebhookInTest.VECTORS_SECRET,
        "hub.kotani.webhook-secret=" + AbstractKotaniWebhookInTest.VECTORS_SECRET,
        "hub.kotani.previous-webhook-secret=whsec_test_123",
        "hub.kotani.max-webhook-body=8KB",
        "hub.kotani.webhook-apply.enabled=false"})
abstract class AbstractKotaniWebhookInTest {

    static final String VECTORS_SECRET = "whsec_vectors_7f3a9c2e51d84b06";
    static final String SIGNATURE = "X-Kotani-Signature";

    @LocalServerPort
    int port;

    @Value("${hub.sandbox.port}")
    int sandboxPort;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    KotaniWebhookEventStore store;

    final WebhookHttp http = new WebhookHttp();

    @BeforeEach
    void emptyStore() throws Exception {
        http.sandbox(sandboxPort, "POST", "/sandbox/reset", "{}");
        jdbc.update("delete from kotani_webhook_events");
    }

    HttpResponse<String> deliverVector(String name) throws Exception {
        JsonNode vector = WebhookHttp.vector(name);
        return http.deliver(port, vector.get("body").asText(), Map.of(SIGNATURE, vector.get("header").asText()));
    }

    int rows() {
        return jdbc.queryForObject("select count(*) from kotani_webhook_events", Integer.class);
    }

    static void assertProblem(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = WebhookHttp.JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
    }

    @Test
    void validSignedDeliveryIsAcknowledgedAfterItsRowIsStored() throws Exception {
        JsonNode vector = WebhookHttp.vector("deposit-basic");

        HttpResponse<String> response = deliverVector("deposit-basic");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(WebhookHttp.JSON.readTree(response.body()).get("duplicate").asBoolean()).isFalse();
        assertThat(response.headers().firstValue(SIGNATURE)).isEmpty();
        List<KotaniWebhookEvent> stored = store.findByReference("order-1");
        assertThat(stored).hasSize(1);
        KotaniWebhookEvent event = stored.get(0);
        assertThat(event.eventName()).isEqualTo("transaction.deposit.status.updated");
        assertThat(event.kind()).isEqualTo(KotaniEventKind.DEPOSIT);
        assertThat(event.status()).isEqualTo("SUCCESSFUL");
        assertThat(event.rawBody()).isEqualTo(vector.get("body").asText());
        assertThat(event.signatureVerified()).isTrue();
        assertThat(event.receivedAt()).isNotNull();
        assertThat(event.processedAt()).isNull();
        assertThat(jdbc.queryForObject("select dedupe_key from kotani_webhook_events where id = ?", String.class,
                event.id())).isEqualTo(KotaniWebhookIntake.sha256(vector.get("canonical").asText()));
    }

    @Test
    void redeliveriesAreAcknowledgedAndStoredOnceEvenWhenReformatted() throws Exception {
        assertThat(deliverVector("deposit-basic").statusCode()).isEqualTo(200);

        HttpResponse<String> again = deliverVector("deposit-basic");
        HttpResponse<String> prettyPrinted = deliverVector("pretty-printed-body");

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(WebhookHttp.JSON.readTree(again.body()).get("duplicate").asBoolean()).isTrue();
        assertThat(prettyPrinted.statusCode()).isEqualTo(200);
        assertThat(WebhookHttp.JSON.readTree(prettyPrinted.body()).get("duplicate").asBoolean()).isTrue();
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void simultaneousRedeliveriesAreStoredOnceByTheDatabaseConstraint() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<HttpResponse<String>>> deliveries = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                deliveries.add(() -> deliverVector("withdrawal-fraction"));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<HttpResponse<String>> response : pool.invokeAll(deliveries)) {
                statuses.add(response.get().statusCode());
            }
            assertThat(statuses).containsOnly(200);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.findByReference("p-2")).hasSize(1);
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void everyVectorIsAcceptedOrRefusedAsItsAuthorsExpect() throws Exception {
        Set<String> canonicals = new HashSet<>();
        for (JsonNode vector : WebhookHttp.vectors().get("cases")) {
            HttpResponse<String> response = http.deliver(port, vector.get("body").asText(),
                    Map.of(SIGNATURE, vector.get("header").asText()));
            if (vector.get("valid").asBoolean()) {
                assertThat(response.statusCode()).as(vector.get("name").asText()).isEqualTo(200);
                canonicals.add(vector.get("canonical").asText());
            } else {
                assertProblem(response, 401);
            }
        }
        assertThat(rows()).isEqualTo(canonicals.size());
    }

    @Test
    void forgedSignatureIsRefusedAndNothingIsStored() throws Exception {
        HttpResponse<String> tampered = deliverVector("tampered-amount");
        HttpResponse<String> reordered = deliverVector("members-reordered");
        JsonNode valid = WebhookHttp.vector("deposit-basic");
        HttpResponse<String> zeros = http.deliver(port, valid.get("body").asText(),
                Map.of(SIGNATURE, "sha256=" + "0".repeat(64)));
        HttpResponse<String> wrongSecret = http.deliver(port, valid.get("body").asText(), Map.of(SIGNATURE,
                io.kotanihub.kotani.signature.KotaniSignatures.sign("whsec_guess",
                        valid.get("canonical").asText())));

        assertProblem(tampered, 401);
        assertProblem(reordered, 401);
        assertProblem(zeros, 401);
        assertProblem(wrongSecret, 401);
        assertThat(response401Echoes(tampered)).isFalse();
        assertThat(rows()).isZero();
    }

    private static boolean response401Echoes(HttpResponse<String> response) {
        return response.headers().firstValue(SIGNATURE).isPresent();
    }

    @Test
    void missingSignatureIsRefusedAndNothingIsStored() throws Exception {
        JsonNode vector = WebhookHttp.vector("deposit-basic");

        HttpResponse<String> withoutHeader = http.deliver(port, vector.get("body").asText(), Map.of());
        HttpResponse<String> blankHeader = http.deliver(port, vector.get("body").asText(), Map.of(SIGNATURE, " "));

        assertProblem(withoutHeader, 401);
        assertProblem(blankHeader, 401);
        assertThat(rows()).isZero();
    }

    @Test
    void directCallbacksAreRefusedByDefault() throws Exception {
        String directDeposit = "{\"status\":\"SUCCESSFUL\",\"reference_id\":\"order-abc-001\",\"reference_number\":1001,"
                + "\"id\":\"64a1b2c3d4e5f6a7b8c9d0e1\",\"amount\":1000,\"wallet_id\":\"64a1b2c3d4e5f6a7b8c9d0e2\"}";

        assertProblem(http.deliver(port, directDeposit, Map.of()), 401);
        assertThat(rows()).isZero();
    }

    @Test
    void garbageIsRefusedAndNothingIsStored() throws Exception {
        assertProblem(http.deliver(port, "{\"event\":\"x\",", Map.of(SIGNATURE, "sha256=" + "1".repeat(64))), 401);
        assertProblem(http.deliver(port, "not json at all", Map.of()), 401);
        assertProblem(http.deliver(port, "", Map.of(SIGNATURE, "sha256=" + "1".repeat(64))), 401);
        assertThat(rows()).isZero();
    }

    @Test
    void oversizedBodiesAreRefusedBeforeParsing() throws Exception {
        String huge = "{\"event\":\"system.event\",\"data\":{\"pad\":\"" + "x".repeat(9000) + "\"}}";

        assertProblem(http.deliver(port, huge, Map.of(SIGNATURE, "sha256=" + "1".repeat(64))), 413);
        assertThat(rows()).isZero();
    }

    @Test
    void webhookSignedWithThePreviousSecretIsAcceptedDuringRotation() throws Exception {
        String canonical = "{\"event\":\"transaction.deposit.status.updated\",\"data\":{\"status\":\"SUCCESSFUL\","
                + "\"reference_id\":\"order-abc-001\",\"reference_number\":1001,\"id\":\"64a1b2c3d4e5f6a7b8c9d0e1\","
                + "\"amount\":1000,\"wallet_id\":\"64a1b2c3d4e5f6a7b8c9d0e2\",\"transaction_amount\":1025,"
                + "\"transaction_cost\":25,\"customer_key\":\"cust_abc123\",\"telco_id\":\"OEI2AK4D9X\"}}";
        String header = "sha256=490d63b6195ad2e82e22b92612e42532bd4e1a453caec39103a61d9748fb7239";
        String body = canonical.substring(0, canonical.length() - 1) + ",\"signature\":\"" + header + "\"}";

        HttpResponse<String> response = http.deliver(port, body, Map.of(SIGNATURE, header));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(store.findByReference("order-abc-001")).singleElement()
                .satisfies(event -> assertThat(event.signatureVerified()).isTrue());
    }

    @Test
    void theNextStepListsUnprocessedEventsAndMarksThemProcessedOnce() throws Exception {
        assertThat(deliverVector("deposit-basic").statusCode()).isEqualTo(200);
        assertThat(deliverVector("withdrawal-fraction").statusCode()).isEqualTo(200);
        assertThat(deliverVector("nested-arrays").statusCode()).isEqualTo(200);

        List<KotaniWebhookEvent> pending = store.findUnprocessed(10);

        assertThat(pending).extracting(KotaniWebhookEvent::reference).containsExactly("order-1", "p-2", null);
        assertThat(pending).extracting(KotaniWebhookEvent::kind).containsExactly(
                KotaniEventKind.DEPOSIT, KotaniEventKind.WITHDRAWAL, KotaniEventKind.OTHER);
        assertThat(store.findUnprocessed(1)).hasSize(1);
        KotaniWebhookEvent withdrawal = pending.get(1);
        JsonNode payload = withdrawal.payload();
        assertThat(payload.get("transactionCost").decimalValue()).isEqualTo(new BigDecimal("0.30000000000000004"));
        assertThat(payload.get("errorMessage").asText()).isEqualTo("Insufficient funds");

        assertThat(store.markProcessed(withdrawal.id())).isTrue();
        assertThat(store.markProcessed(withdrawal.id())).isFalse();
        assertThat(store.findById(withdrawal.id())).hasValueSatisfying(
                event -> assertThat(event.processedAt()).isNotNull());
        assertThat(store.findUnprocessed(10)).extracting(KotaniWebhookEvent::id)
                .containsExactly(pending.get(0).id(), pending.get(2).id());
        assertThat(store.markProcessed(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void theSandboxsOwnSignedWebhooksVerifyAndAreStored() throws Exception {
        http.sandbox(sandboxPort, "PATCH", "/api/v3/integrator/webhook",
                "{\"webhook_url\":\"http://localhost:" + port + "/webhooks/kotani\"}");
        String customerKey = http.sandbox(sandboxPort, "POST", "/api/v3/customer/mobile-money",
                "{\"phone_number\":\"+254700000001\",\"country_code\":\"KE\",\"network\":\"MPESA\"}")
                .get("data").get("customer_key").asText();
        String walletId = null;
        for (JsonNode wallet : http.sandbox(sandboxPort, "GET", "/api/v3/wallet/fiat", null).get("data")) {
            if ("KES".equals(wallet.get("currency").asText())) {
                walletId = wallet.get("id").asText();
            }
        }
        assertThat(walletId).isNotNull();
        String reference = "wh-e2e-" + UUID.randomUUID();

        http.sandbox(sandboxPort, "POST", "/api/v3/withdraw/mobile-money", "{\"customer_key\":\"" + customerKey
                + "\",\"amount\":150.5,\"walletId\":\"" + walletId + "\",\"referenceId\":\"" + reference + "\"}");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(store.findByReference(reference))
                .extracting(KotaniWebhookEvent::status).contains("SUCCESSFUL"));
        List<KotaniWebhookEvent> events = store.findByReference(reference);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.signatureVerified()).isTrue();
            assertThat(event.eventName()).isEqualTo("transaction.withdrawal.status.updated");
            assertThat(event.kind()).isEqualTo(KotaniEventKind.WITHDRAWAL);
        });
        assertThat(events.get(events.size() - 1).payload().get("amount").decimalValue())
                .isEqualByComparingTo("150.5");
        // the event's own time from its body (the console's webhook lag counts from it), no later than its receipt
        for (KotaniWebhookEvent event : events) {
            java.time.OffsetDateTime eventAt = jdbc.queryForObject("select event_at from kotani_webhook_events where id = ?",
                    java.time.OffsetDateTime.class, event.id());
            assertThat(eventAt).isNotNull();
            assertThat(eventAt.toInstant()).isEqualTo(java.time.Instant.parse(event.payload().get("timestamp").asText()))
                    .isBeforeOrEqualTo(event.receivedAt());
        }
    }
}
