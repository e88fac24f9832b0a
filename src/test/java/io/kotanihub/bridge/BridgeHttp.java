package io.kotanihub.bridge;

import java.io.IOException;
import java.net.InetSocketAddress;
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
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

/**
 * Test helpers over real HTTP: the hub's bridge API (development key), its callback endpoint, the sandbox's
 * control endpoints, §16.3 request builders, and a stand-in ERP that records what it receives.
 */
final class BridgeHttp {

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    static final AtomicInteger COUNTER = new AtomicInteger();

    private final HttpClient http = HttpClient.newHttpClient();
    private final int hubPort;
    private final int sandboxPort;

    BridgeHttp(int hubPort, int sandboxPort) {
        this.hubPort = hubPort;
        this.sandboxPort = sandboxPort;
    }

    HttpResponse<String> api(String method, String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + hubPort + "/api/v1/bridge/transfers" + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer hub_dev_key").build());
    }

    JsonNode transfer(String providerReference) throws Exception {
        HttpResponse<String> response = api("GET", "/" + providerReference, null);
        if (response.statusCode() != 200) {
            throw new AssertionError(response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    List<String> history(String providerReference) throws Exception {
        List<String> statuses = new ArrayList<>();
        transfer(providerReference).get("history").forEach(h -> statuses.add(h.get("status").asText()));
        return statuses;
    }

    HttpResponse<String> callback(String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + hubPort + "/webhooks/kotani/bridge"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        headers.forEach(request::header);
        return send(request.build());
    }

    /** Create calls the sandbox received for a provider reference (0 when it never saw it). */
    int sandboxCreateCalls(String providerReference) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + sandboxPort + "/sandbox/transactions")).build());
        for (JsonNode txn : JSON.readTree(response.body()).get("transactions")) {
            if (providerReference.equals(txn.path("reference").asText())) {
                return txn.get("createCalls").asInt();
            }
        }
        return 0;
    }

    /** Sets sandbox faults ({@code POST /sandbox/faults}). */
    void sandboxFaults(String json) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + sandboxPort + "/sandbox/faults"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
        if (response.statusCode() != 200) {
            throw new AssertionError(response.statusCode() + " " + response.body());
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A §16.3 create request without wallet_id and callback_url (the hub's defaults fill them). */
    static ObjectNode request(String recipientMethod, Instant invoiceExpiresAt) {
        int n = COUNTER.incrementAndGet();
        ObjectNode body = JSON.createObjectNode();
        body.put("customer_key", "PROVIDER_CUSTOMER_123");
        body.put("provider_reference_id", "PRV-" + System.nanoTime() + "-" + n);
        body.put("amount", new java.math.BigDecimal("1000.50"));
        body.put("source_currency", "KES");
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
        ObjectNode metadata = body.putObject("metadata");
        metadata.put("sender_name", "John Kamau");
        metadata.put("recipient_name", "Jane Doe");
        return body;
    }

    static ObjectNode request(String recipientMethod) {
        return request(recipientMethod, Instant.now().plus(Duration.ofHours(1)));
    }

    static String settling() {
        return "{\"status\":\"SETTLING\"}";
    }

    static String completed(String method) {
        return """
                {"status":"COMPLETED","settlement_details":{"amount":150,"currency":"ZAR","recipient_phone":"+27821234567",
                 "payment_method":"%s","provider":"VODACOM","transaction_id":"ZA-TXN-%d","settled_at":"%s"}}
                """.formatted(method, COUNTER.incrementAndGet(), Instant.now());
    }

    static String failed() {
        return """
                {"status":"FAILED","failure_details":{"failure_stage":"SETTLEMENT","failure_reason":"RECIPIENT_ACCOUNT_INVALID",
                 "failure_message":"Recipient account does not exist","failed_at":"%s"}}
                """.formatted(Instant.now());
    }

    static String refund(String method) {
        return """
                {"refund_details":{"refund_method_used":"%s","refund_status":"COMPLETED","refund_initiated_at":"%s"}}
                """.formatted(method, Instant.now());
    }

    /** A stand-in ERP that answers 200 and records every body. */
    static final class Erp implements AutoCloseable {
        private final HttpServer server;
        final List<JsonNode> received = new CopyOnWriteArrayList<>();

        Erp() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/", exchange -> {
                received.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/erp";
        }

        /** The bridge events received for a provider reference, in order of arrival. */
        List<JsonNode> bridgeEvents(String providerReference) {
            return received.stream().filter(b -> b.path("type").asText().startsWith("bridge."))
                    .map(b -> b.get("data"))
                    .filter(d -> providerReference.equals(d.path("provider_reference_id").asText())).toList();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
