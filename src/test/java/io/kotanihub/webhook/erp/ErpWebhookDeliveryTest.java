package io.kotanihub.webhook.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kotanihub.dispatch.PaymentIntake;
import io.kotanihub.events.endpoints.EventEndpointStatus;
import io.kotanihub.model.PaymentCommand;
import io.kotanihub.model.PaymentMethod;
import io.kotanihub.model.PaymentType;
import io.kotanihub.model.Recipient;
import io.kotanihub.webhook.StandardWebhooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Payment status changes reach the ERP (and per-command callbacks) signed, retried, in order, and replayable. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.sandbox.port=0",
        "hub.sandbox.settle-delay=300ms",
        "hub.sandbox.step-delay=50ms",
        "hub.erp.webhook-secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "hub.erp.retry-schedule=0s,300ms,300ms",
        "spring.datasource.url=jdbc:h2:mem:erp-webhooks;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
class ErpWebhookDeliveryTest {

    record Received(String path, Map<String, String> headers, byte[] body) { }

    static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    static final Set<String> FAILED_ONCE = ConcurrentHashMap.newKeySet();
    static final AtomicBoolean CALLBACK_DOWN = new AtomicBoolean(true);
    static final HttpServer ERP = start();

    static HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", ErpWebhookDeliveryTest::handle);
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> headers = new ConcurrentHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
        RECEIVED.add(new Received(exchange.getRequestURI().getPath(), headers, body));
        String messageId = headers.getOrDefault("webhook-id", "");
        int status;
        if (exchange.getRequestURI().getPath().startsWith("/callback")) {
            status = CALLBACK_DOWN.get() ? 503 : 204;
        } else {
            status = FAILED_ONCE.add(messageId) ? 500 : 200;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @DynamicPropertySource
    static void erpUrl(DynamicPropertyRegistry registry) {
        registry.add("hub.erp.webhook-url", () -> "http://127.0.0.1:" + ERP.getAddress().getPort() + "/erp");
    }

    @AfterAll
    static void stop() {
        ERP.stop(0);
    }

    @Autowired
    PaymentIntake intake;

    @Autowired
    ErpWebhookProperties properties;

    @LocalServerPort
    int port;

    final ObjectMapper json = new ObjectMapper();

    private String pay(String reference, String callbackUrl) {
        intake.accept(new PaymentCommand(reference, PaymentType.PAYOUT, PaymentMethod.MOBILE_MONEY,
                new BigDecimal("75.25"), "KES", "KE", new Recipient("Jane Doe", "+254700000001", "MPESA",
                null, null, null, null, null), "salary", Map.of("employee", "e-7"), callbackUrl), "API", null, null);
        return reference;
    }

    private List<Received> forReference(String path, String reference) {
        return RECEIVED.stream().filter(r -> r.path().equals(path))
                .filter(r -> readJson(r.body()).get("data").get("reference").asText().equals(reference)).toList();
    }

    private JsonNode readJson(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyStatusChangeIsDeliveredSignedAfterRetriesAndInOrder() {
        String reference = pay("erp-" + UUID.randomUUID(), null);
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            List<String> delivered = forReference("/erp", reference).stream()
                    .map(r -> readJson(r.body()).get("data").get("status").asText()).toList();
            assertThat(delivered).contains("SUCCESSFUL");
            List<String> ids = forReference("/erp", reference).stream().map(r -> r.headers().get("webhook-id")).toList();
            assertThat(ids).allSatisfy(id -> assertThat(ids.stream().filter(id::equals).count()).isEqualTo(2));
        });
        List<Received> attempts = forReference("/erp", reference);
        StandardWebhooks verifier = new StandardWebhooks(properties.getWebhookSecret());
        for (Received attempt : attempts) {
            verifier.verify(attempt.headers(), attempt.body());
        }
        List<String> ids = attempts.stream().map(a -> a.headers().get("webhook-id")).toList();
        assertThat(ids).allSatisfy(id -> assertThat(ids.stream().filter(id::equals).count())
                .as("each message is attempted twice: the first attempt gets 500").isEqualTo(2));
        List<Long> eventIds = attempts.stream().map(a -> readJson(a.body()).get("data").get("eventId").asLong())
                .distinct().toList();
        assertThat(eventIds).isSorted();
        JsonNode first = readJson(attempts.get(0).body());
        assertThat(first.get("type").asText()).isEqualTo("payment.status.updated");
        assertThat(first.get("data").get("status").asText()).isEqualTo("RECEIVED");
        assertThat(first.get("data").get("amount").asText()).isEqualTo("75.25");
        assertThat(first.get("data").get("metadata").get("employee").asText()).isEqualTo("e-7");
    }

    @Test
    void exhaustedDeliveriesAreDeadListedAndReplayed() throws Exception {
        String callback = "http://127.0.0.1:" + ERP.getAddress().getPort() + "/callback/" + UUID.randomUUID();
        String reference = pay("erp-dead-" + UUID.randomUUID(), callback);
        HttpClient http = HttpClient.newHttpClient();
        URI dead = URI.create("http://localhost:" + port + "/api/v1/deliveries?state=dead");
        JsonNode[] deadOne = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> list = http.send(HttpRequest.newBuilder(dead)
                    .header("Authorization", "Bearer hub_dev_key").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(list.statusCode()).isEqualTo(200);
            deadOne[0] = null;
            for (JsonNode d : json.readTree(list.body()).get("deliveries")) {
                if (d.get("reference").asText().equals(reference) && d.get("targetUrl").asText().equals(callback)) {
                    deadOne[0] = d;
                }
            }
            assertThat(deadOne[0]).isNotNull();
        });
        assertThat(deadOne[0].get("attempts").asInt()).isEqualTo(3);
        assertThat(deadOne[0].get("lastStatus").asInt()).isEqualTo(503);

        CALLBACK_DOWN.set(false);
        HttpResponse<String> replay = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/v1/deliveries/" + deadOne[0].get("id").asLong() + "/replay"))
                .header("Authorization", "Bearer hub_dev_key").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(replay.statusCode()).isEqualTo(202);
        long id = deadOne[0].get("id").asLong();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(properties).isNotNull().satisfies(p -> assertThat(deliveryState(id)).isEqualTo("DELIVERED")));

        HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/v1/deliveries/" + id + "/replay"))
                .header("Authorization", "Bearer hub_dev_key").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(409);
    }

    @Autowired
    ErpOutbox outbox;

    private String deliveryState(long id) {
        return outbox.find(id).orElseThrow().state();
    }

    @Autowired
    EventEndpointStatus eventEndpoints;

    /** Issue 13: the ERP outbox is fed by an endpoint of the event log, with its own durable position. */
    @Test
    void theErpOutboxReadsTheEventLogFromItsOwnPosition() {
        String reference = pay("erp-log-" + UUID.randomUUID(), null);
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(forReference("/erp", reference).stream()
                .map(r -> readJson(r.body()).get("data").get("status").asText()).toList()).contains("SUCCESSFUL"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, Object> erp = eventEndpoints.endpoints().stream()
                    .filter(e -> "erp-webhooks".equals(e.get("endpoint"))).findFirst().orElseThrow();
            assertThat(erp.get("attempts")).isEqualTo(0);
            assertThat(((Number) erp.get("deliveredSeq")).longValue()).isPositive();
            assertThat(erp.get("lastError")).isNull();
        });
    }
}
