package io.kotanihub.sandbox.ramps;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

/** A local HTTP endpoint on a free port that records every webhook the sandbox delivers to it (answers 200). */
public final class WebhookCapture implements AutoCloseable {

    /** One delivery: the {@code X-Kotani-Event} header, the raw body and its parsed {@code event}/{@code data}. */
    public record Received(String header, String body, String event, JsonNode data) { }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<JsonNode> invoiceRequests = new CopyOnWriteArrayList<>();

    public WebhookCapture() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                JsonNode parsed = TestSandbox.JSON.readTree(body);
                received.add(new Received(exchange.getRequestHeaders().getFirst("X-Kotani-Event"), body,
                        parsed.path("event").asText(null), parsed.path("data")));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/generate-invoice", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                JsonNode request = TestSandbox.JSON.readTree(in.readAllBytes());
                long msat = request.path("amount_msat").asLong();
                invoiceRequests.add(request);
                String answer = TestSandbox.JSON.createObjectNode()
                        .put("bolt11", Bolt11.encode(msat, Instant.now(), 600, "ab".repeat(32), "refund"))
                        .put("payment_hash", "ab".repeat(32))
                        .put("amount_msat", msat)
                        .put("expires_at", Instant.now().plusSeconds(600).toString())
                        .toString();
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
    }

    /** A {@code generate_invoice_url} that answers each request with a fresh invoice for the amount asked. */
    public String generateInvoiceUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/generate-invoice";
    }

    /** The requests {@link #generateInvoiceUrl()} received. */
    public List<JsonNode> invoiceRequests() {
        return List.copyOf(invoiceRequests);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks";
    }

    /** Every delivery about {@code reference} (by {@code data.referenceId}), in arrival order. */
    public List<Received> about(String reference) {
        List<Received> out = new ArrayList<>();
        for (Received r : received) {
            if (reference.equals(r.data().path("referenceId").asText())) {
                out.add(r);
            }
        }
        return out;
    }

    /** The {@code data.status} of each delivery of {@code event} about {@code reference}. */
    public List<String> statuses(String event, String reference) {
        return about(reference).stream().filter(r -> event.equals(r.event()))
                .map(r -> r.data().path("status").asText()).toList();
    }

    public List<Received> events(String event, String reference) {
        return about(reference).stream().filter(r -> event.equals(r.event())).toList();
    }

    public List<Received> all() {
        return List.copyOf(received);
    }

    public void clear() {
        received.clear();
        invoiceRequests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
